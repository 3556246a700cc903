// The debtor portal as a debtor sees it, in headless Chromium: node portal.mjs BASE SMS_FILE ARTIFACTS.
// Each check prints "ok N - ..." or "not ok N - ...".
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const [base, smsFile, artifacts] = process.argv.slice(2);
let n = 0;
let failed = 0;
function check(ok, what, detail = '') {
  n += 1;
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${what}${ok || !detail ? '' : ` (${detail})`}`);
}

// The personal links of the day's SMS, as the debtors received them.
const links = [...new Set(readFileSync(smsFile, 'utf8').split('\n').filter(Boolean)
  .map((line) => (JSON.parse(line).text.match(/https?:\/\/\S+\/p\/[A-Za-z0-9_-]+/) || [])[0]).filter(Boolean))];
check(links.length >= 2, 'the SMS carry personal links', `${links.length}`);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  // Opens a link in a fresh browser (its own cookies); returns the page on /portal.
  async function open(link, options = {}) {
    const context = await browser.newContext({ locale: 'fr-FR', ...options });
    const page = await context.newPage();
    await page.goto(link);
    return page;
  }
  const euros = (text) => Number((text.match(/Total dû : ([\d\s\u202f\u00a0]+,\d\d)/) || [, 'NaN'])[1]
    .replace(/[\s\u202f\u00a0]/g, '').replace(',', '.'));

  // A debtor with at least three invoices to pay.
  let page = null;
  let usedLink = null;
  for (const link of links) {
    const p = await open(link);
    if ((await p.locator('input[name=invoice]:checked').count()) >= 3) { page = p; usedLink = link; break; }
    await p.context().close();
  }
  check(page !== null, 'a reminder link opens an account with three invoices to pay');
  if (page) {
    check(new URL(page.url()).pathname === '/portal', 'the link lands on /portal: the token left the address bar', page.url());
    await page.screenshot({ path: `${artifacts}/portal-desktop.png`, fullPage: true });
    const before = euros(await page.locator('p.total').innerText());
    const boxes = page.locator('input[name=invoice]:checked');
    const keep = await boxes.nth(2).getAttribute('value');
    const paid = [await boxes.nth(0).getAttribute('value'), await boxes.nth(1).getAttribute('value')];
    await boxes.nth(2).uncheck();
    await page.getByRole('button', { name: 'Payer en ligne' }).click();
    await page.waitForURL(/\/sandbox\/checkout\//);
    check(true, 'the pay button leads to the gateway checkout');
    await page.screenshot({ path: `${artifacts}/portal-checkout.png`, fullPage: true });
    await page.getByRole('button', { name: 'Payer', exact: true }).click();
    await page.waitForURL(/\/portal\/payments\/\d+/);
    const receipt = await page.locator('main').innerText();
    check(receipt.includes('Paiement reçu'), 'the receipt page says the payment was received', receipt.slice(0, 200));
    await page.screenshot({ path: `${artifacts}/portal-receipt.png`, fullPage: true });
    await page.getByRole('link', { name: 'Retour à votre compte' }).click();
    await page.waitForURL(/\/portal$/);
    const left = await page.locator('input[name=invoice]').evaluateAll((els) => els.map((e) => e.value));
    check(!left.includes(paid[0]) && !left.includes(paid[1]) && left.includes(keep),
      'the two paid invoices are gone, the third stays', JSON.stringify({ left, paid, keep }));
    const after = euros(await page.locator('p.total').innerText());
    check(after < before, 'the total due went down', `${before} -> ${after}`);
    await page.context().close();
  }

  // A plan beyond what is approved at once: pending, approved by a manager, seen approved.
  let planned = null;
  for (const link of links) {
    if (link === usedLink) continue;
    const p = await open(link);
    await p.goto(`${base}/portal/plan`);
    await p.selectOption('#count', '4');
    await p.fill('#first', '2026-12-05');
    await p.getByRole('button', { name: "Voir l'échéancier" }).click();
    const text = await p.locator('main').innerText();
    if (text.includes("accord de notre responsable")) {
      await p.screenshot({ path: `${artifacts}/portal-plan-preview.png`, fullPage: true });
      await p.getByRole('button', { name: 'Confirmer cet échéancier' }).click();
      const sent = await p.locator('main').innerText();
      check(sent.includes('transmise'), 'the plan request goes to the credit manager', sent.slice(0, 200));
      planned = p;
      break;
    }
    await p.context().close();
  }
  check(planned !== null, 'a debtor can ask for a four-installment plan');
  if (planned) {
    const api = await planned.context().request;
    const session = await (await api.post(`${base}/api/v1/sessions`, {
      data: { email: 'manager@demo.test', password: 'encaisse-demo', device_name: 'browser test' } })).json();
    const headers = { Authorization: `Bearer ${session.token}` };
    const queue = await (await api.get(`${base}/api/v1/plans?status=pending`, { headers })).json();
    const ids = (queue.items || []).map((i) => i.plan?.id ?? i.id).filter(Boolean);
    const newest = Math.max(...ids);
    const approved = await api.post(`${base}/api/v1/plans/${newest}/approve`, { headers, data: { comment: 'Accord' } });
    check(approved.status() === 200, 'the manager approves it through the API', `${approved.status()}`);
    await planned.goto(`${base}/portal`);
    const home = await planned.locator('main').innerText();
    check(home.includes('Votre échéancier'), 'the debtor sees the plan approved', home.slice(0, 300));
    await planned.screenshot({ path: `${artifacts}/portal-plan-approved.png`, fullPage: true });
    // The first installment, paid from the portal: the plan shows it paid.
    const installment = planned.getByRole('button', { name: /^Payer l'échéance du 05\/12\/2026/ });
    check(await installment.count() === 1, 'the plan offers to pay its first installment');
    if (await installment.count() === 1) {
      await installment.click();
      await planned.waitForURL(/\/sandbox\/checkout\//);
      await planned.getByRole('button', { name: 'Payer', exact: true }).click();
      await planned.waitForURL(/\/portal\/payments\/\d+/);
      await planned.goto(`${base}/portal`);
      const after = await planned.locator('section.plan').innerText();
      check(/05\/12\/2026[^\n]*\(payée\)/.test(after), 'the installment paid online shows as paid', after.slice(0, 300));
      check(await planned.getByRole('button', { name: /^Payer l'échéance du 05\/01\/2027/ }).count() === 1,
        'the next installment is offered next');
    }
    await planned.context().close();
  }

  // On a phone: nothing wider than the screen, the pay button within reach.
  const phone = await open(links[links.length - 1], { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const fits = await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  check(fits, 'the portal fits a 390 px phone screen without sideways scrolling');
  await phone.screenshot({ path: `${artifacts}/portal-phone.png`, fullPage: true });
  // The stylesheet is allowed by the page's policy (a blocked one leaves tiny native buttons).
  const pay = phone.getByRole('button', { name: 'Payer en ligne' });
  const box = await pay.boundingBox();
  const styled = await pay.evaluate((b) => getComputedStyle(b).backgroundColor);
  // The company's brand colour (the default #1d4e89) comes from /branding/theme.css, also allowed.
  check(styled === 'rgb(29, 78, 137)' && box && box.height >= 44, 'the pay button wears the brand colour and is large enough for a thumb',
    `${styled}, ${box && box.height} px`);
  const weight = (await phone.content()).length;
  check(weight < 100 * 1024, 'the portal page weighs under 100 KB', `${weight} bytes`);
  await phone.context().close();
} catch (e) {
  check(false, 'the browser test ran to its end', String(e).split('\n')[0]);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
