// The tablet client as a sales rep and a manager use it, in headless Chromium:
//   node client.mjs BASE SMS_FILE ARTIFACTS PROFILE_DIR
// Helpers (taps on named widgets, the app's state) in lib.mjs. Each check prints "ok N - ..."
// or "not ok N - ...".
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { apiClient, check, chromiumArgs as args, failures, ready as readyAt, signIn, state, synced, tablet, tap,
  type, until } from './lib.mjs';

const [base, smsFile, artifacts, profile] = process.argv.slice(2);
// Small pull pages: the rep's first sync comes in many, each next one asked for ahead. The
// dashboard's figures computed 10 invoices a frame, over frames, as a manager's 100 000 are.
const appUrl = `${base}/app/?test=1&pull_page=40&dashboard_step=10&server=${encodeURIComponent(base)}`;
const ready = (page) => readyAt(page, appUrl);
const { api } = apiClient(base);
const managerToken = (await api('POST', '/api/v1/sessions', null,
  { email: 'manager@demo.test', password: 'encaisse-demo', device_name: 'browser test (API)' })).body.token;

// ---- A sales rep: sync, offline, reload, record, restart, sync ----------------------------------
let context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args, viewport: tablet, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
let page = context.pages()[0] || await context.newPage();
page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
try {
  check(await ready(page), 'the app starts in the browser');
  check((await state(page)).euro_glyph, 'the app draws with its own font: the euro sign is there, not a "?"');
  await page.screenshot({ path: `${artifacts}/client-login.png` });
  check(await signIn(page, 'rep1@demo.test'), 'a demo rep signs in and the first sync completes');
  check(await until(page, () => !window.encaisseTest.state().dashboard_updating, 'the dashboard\'s figures'),
    'the dashboard\'s figures are computed after the sync');
  let s = await state(page);
  check(s.dashboard_scan.frames >= 5 && s.frame >= s.dashboard_scan.frames,
    'over several frames, the app drawing meanwhile', JSON.stringify(s.dashboard_scan));
  // The server's day (2026-11-24 here), which the pull brought: not the tablet's calendar.
  check(s.reloaded_on === '2026-11-24', 'after the first sync, the figures are of the server\'s day', s.reloaded_on);
  // The tablet is in Paris: the last sync is told on its clock, not as the server's UTC stamp.
  const parisTime = new Date(s.sync.last).toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
  check(s.sync.last_shown === `à ${parisTime}`, 'the last sync is shown at the tablet\'s time', `${s.sync.last_shown} for ${s.sync.last}`);
  const repToken = (await api('POST', '/api/v1/sessions', null,
    { email: 'rep1@demo.test', password: 'encaisse-demo', device_name: 'browser test (API)' })).body.token;
  const repCustomers = await api('GET', '/api/v1/customers?limit=200', repToken);
  check(s.accounts === repCustomers.body.items.length, 'the tablet holds exactly the rep\'s accounts', `${s.accounts} vs ${repCustomers.body.items.length}`);
  check(s.portfolio && s.portfolio.open_minor > 0, 'the dashboard shows the portfolio');
  const serverOverdue = repCustomers.body.items.reduce((sum, c) => sum + c.overdue_minor, 0);
  check(s.sync.pages > 5 && s.portfolio.overdue_minor === serverOverdue,
    'the pages asked for ahead add up to the server\'s figures', `${s.sync.pages} pages, ${s.portfolio.overdue_minor} vs ${serverOverdue}`);
  check(s.sync.expected_rows === s.sync.rows, 'the first page told the progress bar how many rows the sync would bring',
    `${s.sync.expected_rows} vs ${s.sync.rows}`);
  await page.screenshot({ path: `${artifacts}/client-dashboard.png` });
  // The replica is saved at its size: not with the room it was given to grow during the sync
  // (IndexedDB keeps a typed array's whole buffer, read back at every start).
  await until(page, () => !window.encaisseTest.state().saving, 'the save after the sync');
  const stored = await page.evaluate(() => new Promise((resolve) => {
    indexedDB.open('/data', 21).onsuccess = (e) => {
      const get = e.target.result.transaction('FILE_DATA').objectStore('FILE_DATA').get('/data/replica.db');
      get.onsuccess = () => resolve(get.result ? [get.result.contents.length, get.result.contents.buffer.byteLength] : null);
    };
  }));
  check(stored && stored[0] > 100000 && stored[0] === stored[1], 'the replica is saved to IndexedDB at its own size, without its room to grow',
    JSON.stringify(stored));

  // No network: the service worker serves the app, IndexedDB the data.
  await context.setOffline(true);
  await page.reload();
  check(await until(page, () => window.encaisseTest && window.encaisseTest.state().ready && window.encaisseTest.state().screen === 'dashboard',
    'the offline reload'), 'reloaded offline, the app opens on the dashboard');
  s = await state(page);
  check(s.accounts === repCustomers.body.items.length, 'offline, the accounts are all there', `${s.accounts}`);
  check(s.dashboard_saved && s.portfolio && s.portfolio.overdue_minor === serverOverdue,
    'reopened, the dashboard shows the figures saved after the sync (no pass over every invoice), the same',
    `${s.dashboard_saved} ${JSON.stringify(s.portfolio)} vs ${serverOverdue}`);
  // Left on a screen, the app keeps reading input every frame but sends the GPU no new picture,
  // and the canvas still shows the dashboard (a blank one is a few KB of PNG, this one ~120 KB).
  const idle = await state(page);
  await page.waitForTimeout(1000);
  s = await state(page);
  const idleShot = await page.screenshot({ path: `${artifacts}/client-idle.png` });
  check(s.frame - idle.frame >= 20 && s.gpu_frames - idle.gpu_frames <= 1 && idleShot.length > 50000,
    'idle, frames go on without drawing anything new, and the dashboard stays on screen',
    `${s.frame - idle.frame} frames, ${s.gpu_frames - idle.gpu_frames} to the GPU, ${idleShot.length} bytes of PNG`);
  await tap(page, 'nav_accounts');
  check((await state(page)).gpu_frames > s.gpu_frames, 'a tap draws again');
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
  context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args, viewport: tablet, locale: 'fr-FR', timezoneId: 'Europe/Paris', offline: true });
  page = context.pages()[0] || await context.newPage();
  check(await ready(page), 'the app starts again after a browser restart, offline');
  s = await state(page);
  check(s.pending === 2, 'the two actions are still pending after the restart', `${s.pending}`);
  // Each one with the moment it was recorded, on the tablet's clock (Paris), as the sync screen lists them.
  const parisStamp = (iso) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit',
      year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
    return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
  };
  check(s.pending_actions.length === 2 && s.pending_actions.every((a) => a.shown_at === parisStamp(a.created_at)),
    'the sync screen tells when each was recorded, at the tablet\'s time', JSON.stringify(s.pending_actions));
  await tap(page, 'nav_sync');
  await page.screenshot({ path: `${artifacts}/client-sync-pending.png` });

  await context.setOffline(false);
  await tap(page, 'sync_now');
  check(await until(page, () => { const x = window.encaisseTest.state(); return x.pending === 0 && !x.sync.running; }, 'the push'),
    'back online, the actions are sent');
  s = await state(page);
  check(!s.dashboard_saved && s.portfolio && s.portfolio.open_minor > 0,
    'the sync brought rows: the dashboard\'s figures are computed again, not the saved ones', `${s.dashboard_saved}`);
  await tap(page, 'sync_now');  // a second sync sends nothing again
  await until(page, () => !window.encaisseTest.state().sync.running, 'the second sync');
  const after = (await api('GET', `/api/v1/customers/${customer}`, managerToken)).body;
  check(after.promises.length === before.promises.length + 1, 'the server has the promise exactly once', `${before.promises.length} -> ${after.promises.length}`);
  check(after.promises.some((p) => p.promised_date === '2026-12-01'),
    'its date, filled in as a French user reads it (01/12/2026, a week ahead), is that day on the server', JSON.stringify(after.promises));
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
  // Searched as a French user types: no accents, no capitals (shared/core/text_fold.h).
  await type(page, 'accounts_search', 'etablissements martin');
  s = await state(page);
  check(s.accounts_shown >= 1 && s.accounts_first.every((n) => n.startsWith('Établissements Martin')),
    'a search without accents or capitals finds "Établissements Martin…"', JSON.stringify(s.accounts_first));
  await type(page, 'accounts_search', '');
  check((await state(page)).accounts_shown === s.accounts, 'an empty search lists every account again');

  // A start draws the dashboard from the small database, before the replica is read (held here
  // by the test); a save asked for meanwhile waits for the replica rather than delete it from
  // IndexedDB (a save makes IndexedDB what /data holds). Offline, so that nothing but that save
  // writes IndexedDB, and a replica missing from it could not be pulled again.
  await until(page, () => !window.encaisseTest.state().saving && !window.encaisseTest.state().dashboard_updating,
    'IndexedDB to save');
  const accounts = s.accounts;
  await context.setOffline(true);
  await page.goto(`${appUrl}&hold_replica=1`);
  check(await until(page, () => { const x = window.encaisseTest && window.encaisseTest.state(); return x && x.screen === 'dashboard' && x.portfolio; },
    'the first frame'), 'a start shows the dashboard\'s figures');
  s = await state(page);
  check(!s.replica_ready && !s.ready && s.accounts === 0 && s.portfolio.open_minor > 0 && s.dashboard_saved,
    'they are the saved figures, drawn before the replica is read', JSON.stringify({ replica: s.replica_ready, accounts: s.accounts, saved: s.dashboard_saved }));
  await page.screenshot({ path: `${artifacts}/client-start-before-replica.png` });
  await page.evaluate(() => window.encaisseTest.persist());
  await tap(page, 'nav_accounts');
  s = await state(page);
  check(s.saving && s.screen === 'accounts' && s.accounts === 0, 'a save waits for the replica; the accounts screen says it is loading',
    JSON.stringify({ saving: s.saving, screen: s.screen, accounts: s.accounts }));
  await page.evaluate(() => window.encaisseTest.releaseReplica());
  check(await until(page, () => { const x = window.encaisseTest.state(); return x.ready && x.accounts > 0 && !x.saving; }, 'the replica'),
    'the replica read, the accounts are listed and the save is made');
  await page.goto(appUrl);
  check(await until(page, () => { const x = window.encaisseTest && window.encaisseTest.state(); return x && x.ready && x.accounts > 0; }, 'the app to start')
    && (await state(page)).accounts === accounts, 'that save kept the replica in IndexedDB', `${(await state(page)).accounts} of ${accounts}`);
  await context.setOffline(false);

  // A replica IndexedDB gives back broken (a save cut short): the app still starts, drops it and
  // pulls the accounts again; the sign-in, in the actions database, stays.
  await until(page, () => !window.encaisseTest.state().saving, 'IndexedDB to save');
  await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('/data');
    open.onerror = reject;
    open.onsuccess = () => {
      const store = open.result.transaction(['FILE_DATA'], 'readwrite').objectStore('FILE_DATA');
      const get = store.get('/data/replica.db');
      get.onsuccess = () => {
        const entry = get.result;
        entry.contents = new Uint8Array(entry.contents.length).fill(7);
        store.put(entry, '/data/replica.db').onsuccess = () => { open.result.close(); resolve(); };
      };
    };
  }));
  await page.reload();
  check(await until(page, () => { const x = window.encaisseTest && window.encaisseTest.state(); return x && x.ready && x.screen === 'dashboard' && !x.sync.running && x.accounts > 0; },
    'the resync'), 'a broken replica is dropped and synced again, the rep still signed in');
  s = await state(page);
  check(s.accounts === repCustomers.body.items.length && !s.start_error, 'the accounts are all back', `${s.accounts}, ${s.start_error}`);

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
  // The manager's first sync is cut after 3 pages (the network lost), then resumed: it carries
  // on from its cursor, and its progress still shows the whole copy's total and what it had.
  let pulls = 0;
  await managerContext.route('**/sync/v1/pull', (route) => (++pulls > 3 ? route.abort('internetdisconnected') : route.continue()));
  await type(manager, 'login_email', 'manager@demo.test');
  await type(manager, 'login_password', 'encaisse-demo');
  await tap(manager, 'login_submit');
  const cut = await until(manager, () => { const x = window.encaisseTest.state(); return x.sync.error === 'offline' && !x.sync.running; },
    'the cut sync');
  const before = await state(manager);
  check(cut && before.sync.pages === 3 && before.sync.expected_rows > before.sync.rows,
    'a first sync cut after 3 pages stops, its total known', `${before.sync.pages} pages, ${before.sync.rows} / ${before.sync.expected_rows}`);
  await managerContext.unroute('**/sync/v1/pull');
  await tap(manager, 'sync_now');
  check(await synced(manager, 'the resumed sync'), 'the manager\'s first sync resumes and completes');
  const after = await state(manager);
  check(after.sync.expected_rows === before.sync.expected_rows && after.sync.rows < after.sync.expected_rows
    && after.sync.first_sync_rows === after.sync.expected_rows,
    'resumed, it brought the rest of the copy, counted on from where it stopped, out of the same total (the progress bar)',
    `${before.sync.rows} + ${after.sync.rows} = ${after.sync.first_sync_rows} / ${after.sync.expected_rows}`);
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
  await tap(manager, `plan_comment_${index}`);
  await type(manager, `plan_comment_${index}`, 'Accord, bon historique');
  await tap(manager, `plan_approve_${index}`);
  await manager.screenshot({ path: `${artifacts}/client-plan-approved.png` });
  check(await synced(manager, 'the decision to sync'), 'the approval is synced');
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
process.exit(failures() ? 1 : 0);
