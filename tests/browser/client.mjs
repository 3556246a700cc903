// The tablet client as a sales rep and a manager use it, in headless Chromium:
//   node client.mjs BASE SMS_FILE ARTIFACTS PROFILE_DIR
// Clicks land on the pixels of named widgets (window.encaisseTest.widgets(), installed with
// ?test=1); what the screen shows is read from window.encaisseTest.state(). Each check prints
// "ok N - ..." or "not ok N - ...".
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const [base, smsFile, artifacts, profile] = process.argv.slice(2);
const appUrl = `${base}/app/?test=1&server=${encodeURIComponent(base)}`;
const args = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
const tablet = { width: 1180, height: 820 };
let n = 0;
let failed = 0;
function check(ok, what, detail = '') {
  n += 1;
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${what}${ok || !detail ? '' : ` (${detail})`}`);
  return ok;
}

const state = (page) => page.evaluate(() => window.encaisseTest.state());
async function until(page, predicate, what, timeout = 30000) {
  try {
    await page.waitForFunction(predicate, null, { timeout, polling: 100 });
    return true;
  } catch {
    console.log(`# timed out waiting for ${what}: ${JSON.stringify(await state(page)).slice(0, 400)}`);
    return false;
  }
}
async function ready(page) {
  await page.goto(appUrl);
  return until(page, () => window.encaisseTest && window.encaisseTest.state().ready, 'the app to start');
}
// Waits until the app has drawn `n` more frames (the widgets' places are a frame old).
async function frames(page, n) {
  const f0 = (await state(page)).frame;
  await page.waitForFunction((f) => window.encaisseTest.state().frame >= f, f0 + n, { polling: 16, timeout: 30000 });
}
// A click on the middle of a named widget, as a finger would; waits a few frames after it.
async function tap(page, name) {
  await frames(page, 2);
  const widgets = await page.evaluate(() => window.encaisseTest.widgets());
  const r = widgets[name];
  if (!r) throw new Error(`no widget ${name} on screen (${Object.keys(widgets).join(', ')})`);
  const box = await page.locator('canvas').boundingBox();
  await page.mouse.click(box.x + r.x + r.w / 2, box.y + r.y + r.h / 2);
  await frames(page, 3);
}
// The same, scrolling the screen down until the widget shows (a long list).
async function tapScrolled(page, name) {
  const box = await page.locator('canvas').boundingBox();
  for (let i = 0; i < 30; i++) {
    if ((await page.evaluate(() => window.encaisseTest.widgets()))[name]) return tap(page, name);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.7);
    await page.mouse.wheel(0, 250);
    await page.waitForTimeout(120);
  }
  return tap(page, name);
}
async function type(page, name, text) {
  await tap(page, name);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await page.waitForTimeout(100);
}
async function signIn(page, email) {
  await type(page, 'login_email', email);
  await type(page, 'login_password', 'encaisse-demo');
  await tap(page, 'login_submit');
  return until(page, () => { const s = window.encaisseTest.state(); return s.screen === 'dashboard' && s.sync.last && !s.sync.running; },
    'the first sync');
}
async function api(method, path, token, data) {
  const res = await fetch(`${base}${path}`, {
    method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: data ? JSON.stringify(data) : undefined });
  return { status: res.status, body: await res.json().catch(() => null) };
}
const managerToken = (await api('POST', '/api/v1/sessions', null,
  { email: 'manager@demo.test', password: 'encaisse-demo', device_name: 'browser test (API)' })).body.token;

// ---- A sales rep: sync, offline, reload, record, restart, sync ----------------------------------
let context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args, viewport: tablet, locale: 'fr-FR' });
let page = context.pages()[0] || await context.newPage();
page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
try {
  check(await ready(page), 'the app starts in the browser');
  await page.screenshot({ path: `${artifacts}/client-login.png` });
  check(await signIn(page, 'rep1@demo.test'), 'a demo rep signs in and the first sync completes');
  let s = await state(page);
  const repToken = (await api('POST', '/api/v1/sessions', null,
    { email: 'rep1@demo.test', password: 'encaisse-demo', device_name: 'browser test (API)' })).body.token;
  const repCustomers = await api('GET', '/api/v1/customers?limit=200', repToken);
  check(s.accounts === repCustomers.body.items.length, 'the tablet holds exactly the rep\'s accounts', `${s.accounts} vs ${repCustomers.body.items.length}`);
  check(s.portfolio && s.portfolio.open_minor > 0, 'the dashboard shows the portfolio');
  await page.screenshot({ path: `${artifacts}/client-dashboard.png` });

  // No network: the service worker serves the app, IndexedDB the data.
  await context.setOffline(true);
  await page.reload();
  check(await until(page, () => window.encaisseTest && window.encaisseTest.state().ready && window.encaisseTest.state().screen === 'dashboard',
    'the offline reload'), 'reloaded offline, the app opens on the dashboard');
  s = await state(page);
  check(s.accounts === repCustomers.body.items.length, 'offline, the accounts are all there', `${s.accounts}`);
  await tap(page, 'nav_accounts');
  await tap(page, 'account_row_0');
  s = await state(page);
  check(s.screen === 'account' && s.account && s.account.invoices.length > 0, 'offline, an account opens with its invoices');
  const customer = s.account.id;
  const before = (await api('GET', `/api/v1/customers/${customer}`, managerToken)).body;

  await tap(page, 'action_promise');
  await tap(page, 'form_save');  // the date (a week ahead) and the overdue amount come filled in
  await tap(page, 'action_dispute');
  await type(page, 'form_text', 'Livraison incomplète, bon de livraison à l\'appui');
  await tap(page, 'form_save');
  s = await state(page);
  check(s.pending === 2 && !s.online, 'offline, a promise and a dispute wait on the tablet', `pending ${s.pending}, online ${s.online}`);
  await page.screenshot({ path: `${artifacts}/client-account-offline.png` });
  await until(page, () => !window.encaisseTest.state().saving, 'IndexedDB to save');
  await context.close();

  // The browser closed and reopened, still without network: the actions are still there.
  context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args, viewport: tablet, locale: 'fr-FR', offline: true });
  page = context.pages()[0] || await context.newPage();
  check(await ready(page), 'the app starts again after a browser restart, offline');
  s = await state(page);
  check(s.pending === 2, 'the two actions are still pending after the restart', `${s.pending}`);
  await tap(page, 'nav_sync');
  await page.screenshot({ path: `${artifacts}/client-sync-pending.png` });

  await context.setOffline(false);
  await tap(page, 'sync_now');
  check(await until(page, () => { const x = window.encaisseTest.state(); return x.pending === 0 && !x.sync.running; }, 'the push'),
    'back online, the actions are sent');
  await tap(page, 'sync_now');  // a second sync sends nothing again
  await until(page, () => !window.encaisseTest.state().sync.running, 'the second sync');
  const after = (await api('GET', `/api/v1/customers/${customer}`, managerToken)).body;
  check(after.promises.length === before.promises.length + 1, 'the server has the promise exactly once', `${before.promises.length} -> ${after.promises.length}`);
  check(after.disputes.length === before.disputes.length + 1, 'the server has the dispute exactly once', `${before.disputes.length} -> ${after.disputes.length}`);
  s = await state(page);
  check(s.rejected === 0, 'nothing was rejected', JSON.stringify(s.rejected_actions));

  // Frame time and sort time on the accounts list.
  await tap(page, 'nav_accounts');
  await page.waitForTimeout(1500);
  s = await state(page);
  console.log(`# accounts list: frame p50 ${s.frame_ms_p50.toFixed(2)} ms, p95 ${s.frame_ms_p95.toFixed(2)} ms, sort ${s.sort_ms.toFixed(2)} ms`);
  check(s.frame_ms_p95 < 50, 'the accounts list draws its frames quickly', `${s.frame_ms_p95}`);
  await page.screenshot({ path: `${artifacts}/client-accounts.png` });

  // The administrator revokes the tablet: its next sync gets 401 and it wipes its data.
  const adminToken = (await api('POST', '/api/v1/sessions', null,
    { email: 'admin@demo.test', password: 'encaisse-demo', device_name: 'browser test (API)' })).body.token;
  const tablets = (await api('GET', '/api/v1/sessions', adminToken)).body.items.filter((x) => x.device_name === 'Tablette' && !x.revoked);
  for (const t of tablets) await api('DELETE', `/api/v1/sessions/${t.id}`, adminToken);
  await tap(page, 'sync_now');
  check(await until(page, () => window.encaisseTest.state().screen === 'login', 'the wipe'), 'a revoked tablet goes back to the sign-in');
  s = await state(page);
  check(s.accounts === 0 && s.pending === 0 && s.login_error.includes('effacées'), 'and its local data is gone', JSON.stringify(s).slice(0, 200));
  await until(page, () => !window.encaisseTest.state().saving, 'IndexedDB to save');
  await page.reload();
  await until(page, () => window.encaisseTest && window.encaisseTest.state().ready, 'the app after the wipe');
  s = await state(page);
  check(s.screen === 'login' && s.accounts === 0, 'still gone after a reload');
} catch (e) {
  check(false, 'the rep scenario ran to its end', e.message);
} finally {
  await context.close();
}

// ---- A debtor asks for a plan on the portal; a manager approves it on the tablet -----------------
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
try {
  const links = [...new Set(readFileSync(smsFile, 'utf8').split('\n').filter(Boolean)
    .map((line) => (JSON.parse(line).text.match(/https?:\/\/\S+\/p\/[A-Za-z0-9_-]+/) || [])[0]).filter(Boolean))];
  let debtor = null;
  for (const link of links) {
    const p = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    await p.goto(link);
    await p.goto(`${base}/portal/plan`);
    await p.selectOption('#count', '4');
    await p.fill('#first', '2026-12-05');
    await p.getByRole('button', { name: "Voir l'échéancier" }).click();
    if ((await p.locator('main').innerText()).includes('accord de notre responsable')) {
      await p.getByRole('button', { name: 'Confirmer cet échéancier' }).click();
      debtor = p;
      break;
    }
    await p.context().close();
  }
  check(debtor !== null, 'a debtor asks the portal for a plan that needs a manager');

  const managerContext = await browser.newContext({ viewport: tablet, locale: 'fr-FR' });
  const manager = await managerContext.newPage();
  check(await ready(manager), 'the app starts for the manager');
  check(await signIn(manager, 'manager@demo.test'), 'the manager signs in and syncs');
  await tap(manager, 'nav_plans');
  let s = await state(manager);
  check(s.plans.length >= 1, 'the plan waits in the manager\'s queue', `${s.plans.length}`);
  await manager.screenshot({ path: `${artifacts}/client-plans.png` });
  // The debtor's plan is the newest pending one.
  const queue = (await api('GET', '/api/v1/plans?status=pending&limit=500', managerToken)).body.items;
  const newest = queue.reduce((a, b) => (b.id > a.id ? b : a));
  const planCustomer = newest.customer_name;
  const index = s.plans.filter((p) => !p.decided_offline).findIndex((p) => p.id === newest.id);
  check(index >= 0, 'the debtor\'s plan is in the queue on the tablet', JSON.stringify(s.plans));
  await tapScrolled(manager, `plan_comment_${index}`);
  await type(manager, `plan_comment_${index}`, 'Accord, bon historique');
  await tap(manager, `plan_approve_${index}`);
  await manager.screenshot({ path: `${artifacts}/client-plan-approved.png` });
  check(await until(manager, () => { const x = window.encaisseTest.state(); return x.pending === 0 && !x.sync.running && x.sync.last; }, 'the decision to sync'),
    'the approval is synced');
  s = await state(manager);
  check(s.rejected === 0, 'the server accepted the approval', JSON.stringify(s.rejected_actions));
  if (debtor) {
    await debtor.goto(`${base}/portal`);
    const home = await debtor.locator('main').innerText();
    const approvedHere = (await api('GET', '/api/v1/plans?status=active&limit=500', managerToken)).body.items
      .some((p) => p.customer_name === planCustomer && p.decided_by && p.decided_by.name.includes('DAF'));
    check(approvedHere, 'the server has the plan approved by the manager');
    check(home.includes('Votre échéancier'), 'the debtor\'s portal shows the plan approved', home.slice(0, 200));
    await debtor.screenshot({ path: `${artifacts}/client-portal-plan-approved.png`, fullPage: true });
  }
} catch (e) {
  check(false, 'the manager scenario ran to its end', e.message);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
