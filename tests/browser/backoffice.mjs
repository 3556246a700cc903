// The back office in the same client, at a desk (a desktop-sized window), in headless Chromium:
//   node backoffice.mjs BASE ARTIFACTS
// A collector works three phone calls from the worklist (no answer, a promise, reached), records
// a payment allocated by hand (a wrong allocation first, refused on screen), undoes one of its
// allocations and marks the invoice paid instead, resolves a dispute
// from the disputes screen, assigns, pauses and sends a statement to accounts in bulk from the
// worklist, imports a CSV (a bad line first); a manager reads the forecast and the DSO plot and
// exports the forecast; an admin edits a template (an unknown placeholder first), previews it and
// saves it, adds a step to a scenario (a wrong day, then an unknown template first), sets the
// company's IBAN, colour and logo and the half-year's legal rate, sets the SMTP server and
// sends a test email through a real one, adds a colleague, signs out a lost tablet and
// disables an account. The server is checked through the API after each step.
import fs from 'fs';
import { chromium } from 'playwright-core';
import { apiClient, check, chromiumArgs, failures, ready, signIn, state, synced, tap, type, until } from './lib.mjs';

const [base, artifacts, smtpPort, maildir] = process.argv.slice(2);
// worklist_step: the worklist built 20 rows a frame, spread over frames as 100 000 invoices are.
const appUrl = `${base}/app/?test=1&worklist_step=20&server=${encodeURIComponent(base)}`;
const { api, login } = apiClient(base);
const desk = { width: 1440, height: 900 };
const euros = (minor) => (minor / 100).toFixed(2).replace('.', ',');

const collectorToken = await login('collector@demo.test');
// An account with three open invoices, none disputed: one of them gets a dispute to resolve.
const customers = (await api('GET', '/api/v1/customers?limit=200&sort=balance', collectorToken)).body.items;
let account = null;
for (const c of customers.filter((x) => x.open_invoices >= 3)) {
  const detail = (await api('GET', `/api/v1/customers/${c.id}`, collectorToken)).body;
  if (detail.disputes.every((d) => d.status !== 'open')) { account = detail; break; }
}
check(account !== null, 'the demo has an account with three open invoices and no dispute');
const disputed = account.open_invoices[account.open_invoices.length - 1];
const opened = await api('POST', `/api/v1/invoices/${disputed.id}/disputes`, collectorToken, { reason: 'Remise commerciale oubliée' });
check(opened.status === 201, 'a dispute is opened on one of its invoices (API)', JSON.stringify(opened.body));

// The company's own call script (an admin's phone_call template, kept on the server): the desk
// shows it as soon as the server answers, not the shipped one the device composes offline.
const scriptAdmin = await login('admin@demo.test');
const callPath = '/api/v1/templates/phone_call/fr/phone_task';
const shipped = (await api('GET', callPath, scriptAdmin)).body;
const custom = await api('PUT', callPath, scriptAdmin, { subject: shipped.subject, body_html: shipped.body_html,
  body_text: shipped.body_text.replace("Script d'appel :", "Script d'appel (version maison) :") });
check(custom.status === 200 && custom.body.custom, 'the admin has the company\'s own call script (API)', JSON.stringify(custom.body).slice(0, 200));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
let page = null;
try {
  page = await (await browser.newContext({ viewport: desk, locale: 'fr-FR' })).newPage();
  page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
  check(await ready(page, appUrl), 'the app starts on a desktop browser');
  check(await signIn(page, 'collector@demo.test'), 'the collector signs in and syncs');

  // ---- Three calls from the worklist ------------------------------------------------------------
  // The list after a sync is built over frames: rows are picked once it is.
  const listBuilt = () => until(page, () => !window.encaisseTest.state().worklist_updating, 'the worklist built');
  await tap(page, 'nav_worklist');
  await listBuilt();
  let s = await state(page);
  check(s.screen === 'worklist' && s.worklist.some((w) => w.task > 0), 'the worklist shows accounts with tasks due',
    JSON.stringify(s.worklist.slice(0, 3)));
  check(s.worklist_scan.frames >= 5, 'the worklist was built over frames, the app drawing meanwhile', JSON.stringify(s.worklist_scan));
  const serverList = (await api('GET', '/api/v1/worklist?limit=20', collectorToken)).body.items;
  check(JSON.stringify(s.worklist.map((w) => [w.customer, w.task, w.overdue_minor])) ===
    JSON.stringify(serverList.map((w) => [w.customer.id, w.task ? w.task.id : 0, w.overdue_minor])),
    'the tablet ranks the same 20 accounts as the server, in the same order',
    JSON.stringify(s.worklist.slice(0, 3)) + ' / ' + JSON.stringify(serverList.slice(0, 3)));
  await tap(page, 'worklist_tasks');
  await page.screenshot({ path: `${artifacts}/backoffice-worklist.png` });
  await tap(page, 'worklist_start');
  const outcomes = ['no_answer', 'promise', 'reached'];
  const worked = [];
  for (let guard = 0; worked.length < outcomes.length && guard < 40; guard++) {
    s = await state(page);
    if (s.screen !== 'task') break;
    if (s.task.kind !== 'phone_call') {  // an escalation: decided elsewhere, skipped here
      await tap(page, 'task_skip');
      continue;
    }
    if (worked.length === 0) {  // the script is the server's phone_call template for this account
      const detail = (await api('GET', `/api/v1/tasks/${s.task.id}`, collectorToken)).body;
      await until(page, () => window.encaisseTest.state().task.script.includes('version maison'), 'the server\'s script');
      s = await state(page);
      check(detail.script && s.task.script === detail.script.text && s.task.script.includes('version maison'),
        'the call script is the company\'s own phone_call template, as the server composes it', s.task.script.slice(0, 120));
    }
    const outcome = outcomes[worked.length];
    worked.push({ id: s.task.id, customer: s.task.customer, outcome });
    if (outcome === 'promise') {
      await tap(page, 'outcome_promise');
      await type(page, 'call_promise_date', '2026-12-04');
      await type(page, 'call_promise_amount', '1250,00');
      await page.screenshot({ path: `${artifacts}/backoffice-call.png` });
      await tap(page, 'call_save');
    } else {
      if (outcome === 'reached') await type(page, 'call_note', 'Le comptable confirme le virement ce jour');
      await tap(page, `outcome_${outcome}`);
    }
    const next = await state(page);
    check(next.screen !== 'task' || next.task.id !== s.task.id, `after "${outcome}", the next task opens by itself`);
  }
  check(worked.length === 3, 'three phone calls were worked from the worklist', JSON.stringify(worked));
  check(await synced(page, 'the outcomes to sync'), 'the outcomes are sent');
  s = await state(page);
  check(s.rejected === 0, 'the server took every outcome', JSON.stringify(s.rejected_actions));
  const task = async (id) => (await api('GET', `/api/v1/tasks/${id}`, collectorToken)).body.task;
  const [noAnswer, promised, reached] = await Promise.all(worked.map((w) => task(w.id)));
  check(noAnswer && noAnswer.status === 'open' && noAnswer.due_date === '2026-11-25' && noAnswer.outcome === 'no_answer',
    'no answer: the call moves to the next working day', JSON.stringify(noAnswer));
  check(promised && promised.status === 'done' && promised.outcome === 'promise', 'promise: the task is done', JSON.stringify(promised));
  const promises = (await api('GET', `/api/v1/customers/${worked[1].customer}`, collectorToken)).body.promises;
  check(promises.filter((p) => p.amount_minor === 125000 && p.promised_date === '2026-12-04').length === 1,
    'the promise is on the account once', JSON.stringify(promises));
  check(reached && reached.status === 'done' && reached.outcome === 'reached', 'reached: the task is done', JSON.stringify(reached));
  check(!s.worklist.some((w) => worked.some((x) => x.id === w.task && !w.worked)), 'the worked calls are off the list');

  // ---- A payment allocated by hand ---------------------------------------------------------------
  await tap(page, 'nav_accounts');
  await type(page, 'accounts_search', account.name);
  await tap(page, 'account_row_0');
  s = await state(page);
  check(s.screen === 'account' && s.account.id === account.id, 'the collector opens the account', `${s.account && s.account.name}`);
  const invoices = s.account.invoices.filter((i) => !i.disputed);
  const [first, second] = invoices;
  await tap(page, 'action_payment');
  await type(page, 'pay_amount', euros(second.open_minor + 1000 + 500));
  await type(page, 'pay_reference', 'CHQ 0042117');
  await tap(page, 'pay_by_hand');
  const row = (inv) => s.account.invoices.findIndex((i) => i.id === inv.id);
  await type(page, `pay_alloc_${row(first)}`, euros(second.open_minor + 5000));  // more than received
  await tap(page, 'form_save');
  s = await state(page);
  check(s.form_error.length > 0 && s.pending === 0, 'an allocation larger than the payment is refused on screen, nothing recorded',
    s.form_error);
  await type(page, `pay_alloc_${row(first)}`, '10,00');
  await tap(page, `pay_full_${row(second)}`);
  await page.screenshot({ path: `${artifacts}/backoffice-payment.png` });
  await tap(page, 'form_save');
  s = await state(page);
  check(s.form_error === '', 'the payment allocated by hand is recorded', s.form_error);
  check(await synced(page, 'the payment to sync'), 'the payment is sent');
  s = await state(page);
  check(s.rejected === 0, 'the server took the payment', JSON.stringify(s.rejected_actions));
  const after = (await api('GET', `/api/v1/customers/${account.id}`, collectorToken)).body;
  const openNow = (id) => (after.open_invoices.find((i) => i.id === id) || { open_minor: 0 }).open_minor;
  const before = (inv) => account.open_invoices.find((i) => i.id === inv.id).open_minor;
  check(openNow(second.id) === 0, 'the invoice settled by hand is paid', `${openNow(second.id)}`);
  check(openNow(first.id) === before(first) - 1000, 'the other invoice took 10,00', `${before(first)} -> ${openNow(first.id)}`);
  check(after.summary.credit_minor - account.summary.credit_minor === 500, '5,00 left as a credit on the account',
    `${account.summary.credit_minor} -> ${after.summary.credit_minor}`);

  // ---- An allocation undone (the money stays as a credit), then the invoice marked paid --------
  await tap(page, 'undo_allocation_0');
  await until(page, () => window.encaisseTest.state().ledger.message !== '', 'the undo');
  s = await state(page);
  const undone = (await api('GET', `/api/v1/customers/${account.id}`, collectorToken)).body;
  const reopened = [first, second].find((inv) => (undone.open_invoices.find((i) => i.id === inv.id) || { open_minor: 0 }).open_minor > openNow(inv.id));
  const back = reopened ? undone.open_invoices.find((i) => i.id === reopened.id).open_minor - openNow(reopened.id) : 0;
  check(s.ledger.ok && reopened && undone.summary.credit_minor - after.summary.credit_minor === back,
    'an allocation is undone: the invoice is due again by that amount, kept as a credit', `${s.ledger.message} ${back}`);
  await until(page, (id) => window.encaisseTest.state().account.invoices.some((i) => i.id === id && i.open_minor > 0), 'the replica', 30000, reopened.id);
  s = await state(page);
  await tap(page, `mark_paid_${s.account.invoices.findIndex((i) => i.id === reopened.id)}`);
  await until(page, () => window.encaisseTest.state().ledger.message.includes('payée'), 'mark paid');
  const markedPaid = (await api('GET', `/api/v1/invoices/${reopened.id}`, collectorToken)).body;
  check(markedPaid.open_minor === 0 && markedPaid.status === 'paid', 'the invoice is marked paid in one tap', JSON.stringify(markedPaid).slice(0, 200));
  check(await synced(page, 'the ledger to come back'), 'the account is in step with the server again');

  // ---- The dispute resolved ----------------------------------------------------------------------
  s = await state(page);
  check(s.screen === 'account', 'back on the account after the payment');
  await tap(page, 'nav_disputes');
  s = await state(page);
  const listed = s.disputes.findIndex((d) => d.invoice === disputed.number);
  check(s.screen === 'disputes' && listed >= 0 && s.disputes.every((d) => d.status === 'open'),
    'the disputes screen lists the open disputes, this one among them', JSON.stringify(s.disputes.slice(0, 3)));
  await tap(page, `dispute_open_${listed}`);
  s = await state(page);
  check(s.screen === 'account' && s.account.id === account.id, '"Resolve" opens the account with the resolution form');
  await tap(page, 'resolve_kind_0');
  await type(page, 'form_text', 'Avoir AV-2026-117');
  await tap(page, 'form_save');
  check(await synced(page, 'the resolution to sync'), 'the resolution is sent');
  const resolved = (await api('GET', `/api/v1/customers/${account.id}`, collectorToken)).body.disputes
    .find((d) => d.invoice_id === disputed.id);
  check(resolved && resolved.status === 'resolved' && resolved.resolution === 'Avoir émis : Avoir AV-2026-117',
    'the server has the dispute resolved with its note', JSON.stringify(resolved));
  await page.screenshot({ path: `${artifacts}/backoffice-account.png` });
  await tap(page, 'nav_disputes');
  s = await state(page);
  check(!s.disputes.some((d) => d.invoice === disputed.number), 'the resolved dispute leaves the open list');
  await tap(page, 'disputes_resolved');
  s = await state(page);
  const shown = s.disputes.findIndex((d) => d.invoice === disputed.number && d.status === 'resolved');
  check(shown >= 0, 'and is listed with the resolved ones');
  await tap(page, `dispute_open_${shown}`);  // back to the account

  // ---- The account's settings: a bad date refused, then high risk and reminders paused ---------
  await tap(page, 'action_settings');
  await type(page, 'settings_insolvency', 'demain');
  await tap(page, 'form_save');
  s = await state(page);
  check(!s.settings.ok && s.settings.message.includes('JJ/MM/AAAA'), 'a date that is not one is refused on screen', s.settings.message);
  await type(page, 'settings_insolvency', '');
  await tap(page, 'settings_risk_2');
  await type(page, 'settings_pause', '15/12/2026');  // as a French user writes it
  await tap(page, 'form_save');
  await until(page, () => window.encaisseTest.state().settings.ok, 'the settings to save');
  const configured = (await api('GET', `/api/v1/customers/${account.id}`, collectorToken)).body;
  check(configured.risk === 'high' && configured.reminders_paused_until === '2026-12-15' &&
    configured.insolvency_date === null, 'the server has the new risk class and the pause', JSON.stringify(configured).slice(0, 300));
  await tap(page, 'settings_rotate_links');
  check(await until(page, () => window.encaisseTest.state().settings.message.includes('renouvelés'), 'the links'),
    'the personal links are renewed');

  // ---- The outbox: a waiting message cancelled; the calendar of the coming days -------------------
  await tap(page, 'nav_outbox');
  await tap(page, 'outbox_filter_1');
  await until(page, () => { const o = window.encaisseTest.state().outbox; return o.filter === 'queued' && o.loaded && o.messages.length > 0; },
    'the waiting messages');
  s = await state(page);
  const waiting = s.outbox.messages[0].id;
  check(s.outbox.messages.every((m) => m.status === 'queued'), 'the outbox lists the waiting messages', JSON.stringify(s.outbox.messages.slice(0, 3)));
  check(s.outbox.messages.every((m) => m.template && !m.template.includes('_')) && s.outbox.messages.some((m) => /relance/i.test(m.template)),
    'each message names its template as a person would ("2e relance"), not by its id', JSON.stringify(s.outbox.messages.slice(0, 3)));
  await tap(page, 'outbox_cancel_0');
  await until(page, () => window.encaisseTest.state().outbox.message.includes('annulé'), 'the cancellation');
  const cancelled = (await api('GET', '/api/v1/outbox?status=cancelled&limit=200', collectorToken)).body.items;
  check(cancelled.some((m) => m.id === waiting), 'the message is cancelled on the server', `${waiting}`);
  const planned = async (date) => (await api('GET', `/api/v1/dunning/calendar?date=${date}`, collectorToken)).body.messages;
  check(await until(page, (n) => window.encaisseTest.state().outbox.calendar_messages === n, 'tomorrow\'s calendar', 10000,
    await planned('2026-11-25')), 'the calendar shows tomorrow\'s run');
  await tap(page, 'cal_next');
  check(await until(page, (n) => { const o = window.encaisseTest.state().outbox; return o.calendar_date === '2026-11-26' && o.calendar_messages === n; },
    'the day after', 10000, await planned('2026-11-26')), 'and the day after');
  await page.screenshot({ path: `${artifacts}/backoffice-outbox.png` });

  // ---- Bulk actions on the worklist: two accounts assigned, paused, one statement sent now -------
  await tap(page, 'nav_worklist');
  await tap(page, 'worklist_all');
  const picked = async () => {
    await listBuilt();
    await tap(page, 'worklist_pick_0');
    await tap(page, 'worklist_pick_1');
    const x = await state(page);
    return [x.worklist[0].customer, x.worklist[1].customer];
  };
  const bulkDone = () => until(page, () => { const b = window.encaisseTest.state().bulk; return b.waiting === 0 && b.message !== ''; }, 'the bulk answers');
  const customer = async (id) => (await api('GET', `/api/v1/customers/${id}`, collectorToken)).body;
  let pair = await picked();
  s = await state(page);
  check(s.bulk.selected === 2 && s.screen === 'worklist', 'two accounts are selected, none opened', JSON.stringify(s.bulk));
  await tap(page, 'bulk_rep_0');
  await bulkDone();
  s = await state(page);
  const reps = await Promise.all(pair.map(async (id) => (await customer(id)).rep));
  check(s.bulk.succeeded === 2 && reps[0] && reps[1] && reps[0].id === reps[1].id && s.bulk.message.includes(reps[0].name),
    'both are assigned to the same rep', `${s.bulk.message} ${JSON.stringify(reps)}`);
  pair = await picked();
  await type(page, 'bulk_until', '2026-12-20');
  await tap(page, 'bulk_pause');
  await bulkDone();
  const paused = await Promise.all(pair.map(async (id) => (await customer(id)).reminders_paused_until));
  check(paused.every((d) => d === '2026-12-20'), 'both have their reminders paused until the date', JSON.stringify(paused));
  await listBuilt();
  await tap(page, 'worklist_pick_0');
  s = await state(page);
  const sentTo = s.worklist[0].customer;
  await tap(page, 'bulk_send');
  await bulkDone();
  s = await state(page);
  const statements = (await api('GET', '/api/v1/outbox?status=queued&limit=200', collectorToken)).body.items
    .filter((m) => m.kind === 'statement' && m.customer.id === sentTo);
  check(s.bulk.succeeded === 1 && statements.length === 1, 'the statement is queued for that account, once', `${s.bulk.message}`);
  await page.screenshot({ path: `${artifacts}/backoffice-bulk.png` });

  // ---- A CSV import: one bad line refused with its reason, nothing imported; fixed, imported ----
  const header = 'customer_id,customer_name,invoice_number,issue_date,due_date,amount,currency,email\n';
  const file = (amount) => `${header}BO-IMP-1,Menuiserie du Port SARL,BO-F1,2026-11-02,2026-12-02,1200.00,EUR,compta@menuiserie-port.test\n`
    + `BO-IMP-1,Menuiserie du Port SARL,BO-F2,2026-11-09,2026-12-09,${amount},EUR,\n`
    + 'BO-IMP-1,Menuiserie du Port SARL,BO-F3,2026-11-16,2026-12-16,99.90,EUR,\n';
  const pick = async (name, text) => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tap(page, 'import_pick')]);
    await chooser.setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  };
  const accountsBefore = (await state(page)).accounts;
  await tap(page, 'nav_imports');
  const historyBefore = (await api('GET', '/api/v1/imports?limit=500', collectorToken)).body.items.length;
  await pick('factures-novembre.csv', file('quatre cents'));
  await until(page, () => window.encaisseTest.state().import.preview_status === 400, 'the preview of the bad file');
  s = await state(page);
  check(s.import.errors.length === 1 && s.import.errors[0].line === 3 && /amount/.test(JSON.stringify(s.import.errors[0])),
    'the bad line is shown with its line number and reason', JSON.stringify(s.import));
  await page.screenshot({ path: `${artifacts}/backoffice-import-error.png` });
  const none = (await api('GET', '/api/v1/customers?q=BO-IMP-1', collectorToken)).body.items;
  check(none.length === 0, 'nothing was imported from the bad file', JSON.stringify(none));
  await pick('factures-novembre-corrige.csv', file('480.50'));
  await until(page, () => window.encaisseTest.state().import.preview_status === 200, 'the preview of the fixed file');
  s = await state(page);
  check(s.import.rows === 3 && s.import.errors.length === 0, 'the fixed file previews three new rows', JSON.stringify(s.import));
  await tap(page, 'import_confirm');
  await until(page, () => window.encaisseTest.state().import.done, 'the import');
  const imported = (await api('GET', '/api/v1/customers?q=BO-IMP-1', collectorToken)).body.items;
  check(imported.length === 1 && imported[0].open_invoices === 3, 'the customer and its three invoices are imported', JSON.stringify(imported));
  const historyAfter = (await api('GET', '/api/v1/imports?limit=500', collectorToken)).body.items;
  check(historyAfter.length === historyBefore + 1 && historyAfter[0].source === 'factures-novembre-corrige.csv',
    'the import history has the file, once', JSON.stringify(historyAfter[0]));
  check(await until(page, (n) => window.encaisseTest.state().import.history === n, 'the history on screen', 10000,
    Math.min(20, historyAfter.length)), 'the screen lists the import in its history');
  check(await until(page, (n) => window.encaisseTest.state().accounts === n && !window.encaisseTest.state().sync.running,
    'the sync after the import', 30000, accountsBefore + 1), 'the next sync brings the new account to this device');
  await page.screenshot({ path: `${artifacts}/backoffice-import.png` });
} catch (e) {
  check(false, 'the collector scenario ran to its end', e.message);
  if (page) await page.screenshot({ path: `${artifacts}/backoffice-failed.png` });
}

// ---- A manager reads the forecast and the DSO, and exports the forecast -------------------------
try {
  page = await (await browser.newContext({ viewport: desk, locale: 'fr-FR', acceptDownloads: true })).newPage();
  check(await ready(page, appUrl) && await signIn(page, 'manager@demo.test'), 'the manager signs in and syncs');
  const managerToken = await login('manager@demo.test');
  await tap(page, 'nav_reports');
  check(await until(page, () => { const r = window.encaisseTest.state().reports; return r && r.forecast; }, 'the reports'),
    'the reports are computed on the device');
  const s = await state(page);
  const forecast = (await api('GET', '/api/v1/reports/forecast', managerToken)).body;
  check(s.reports.forecast.total_minor === forecast.total_minor && s.reports.forecast.total_minor > 0,
    'the forecast on screen is the server\'s', `${s.reports.forecast.total_minor} vs ${forecast.total_minor}`);
  check(JSON.stringify(s.reports.forecast.weeks) === JSON.stringify(forecast.weeks.map((w) => w.total_minor)),
    'week by week', JSON.stringify(s.reports.forecast.weeks));
  const dso = (await api('GET', '/api/v1/reports/dso?months=12', managerToken)).body.points.map((p) => p.days);
  check(JSON.stringify(s.reports.dso.map((p) => p.days)) === JSON.stringify(dso), 'the DSO plot has the server\'s twelve months',
    JSON.stringify(s.reports.dso));
  const agingHistory = (await api('GET', '/api/v1/reports/aging-history?months=12', managerToken)).body.points;
  check(JSON.stringify(s.reports.aging_history) === JSON.stringify(agingHistory.map((p) => ({ end: p.end, overdue_minor: p.overdue_minor }))),
    'the aging at each month end is the server\'s', JSON.stringify(s.reports.aging_history.slice(-2)));
  await page.screenshot({ path: `${artifacts}/backoffice-reports.png` });
  await tap(page, 'plot_dso');
  await page.screenshot({ path: `${artifacts}/backoffice-reports-dso.png` });
  const [download] = await Promise.all([page.waitForEvent('download'), tap(page, 'report_export_forecast')]);
  const file = await download.path();
  const { readFileSync } = await import('node:fs');
  const csvOnScreen = readFileSync(file);  // bytes: a text decoder would drop the BOM
  const csvFromApi = Buffer.from(await (await fetch(`${base}/api/v1/reports/forecast?format=csv`,
    { headers: { Authorization: `Bearer ${managerToken}` } })).arrayBuffer());
  check(download.suggestedFilename() === 'prevision-encaissements-2026-11-24.csv', 'the export is named for the day', download.suggestedFilename());
  check(csvOnScreen.equals(csvFromApi) && csvOnScreen.includes('semaine;du;au'), 'the CSV exported from the screen is the API\'s, byte for byte',
    csvOnScreen.toString('utf8', 0, 120));
  await tap(page, 'plot_aging_history');
  await page.screenshot({ path: `${artifacts}/backoffice-reports-aging.png` });
} catch (e) {
  check(false, 'the manager scenario ran to its end', e.message);
  if (page) await page.screenshot({ path: `${artifacts}/backoffice-failed-manager.png` });
}

// ---- An admin edits a template: an unknown placeholder refused, fixed, previewed, saved ---------
try {
  page = await (await browser.newContext({ viewport: desk, locale: 'fr-FR' })).newPage();
  check(await ready(page, appUrl) && await signIn(page, 'admin@demo.test'), 'the admin signs in and syncs');
  const adminToken = await login('admin@demo.test');
  await tap(page, 'nav_templates');
  await until(page, () => window.encaisseTest.state().templates.list.length > 0, 'the templates');
  let s = await state(page);
  const index = s.templates.list.findIndex((t) => t.endsWith('/fr/email'));
  check(index >= 0, 'the templates are listed, shipped and custom', JSON.stringify(s.templates.list.slice(0, 5)));
  // A template in both languages: the French one (the app's language) comes first.
  const at = (id) => s.templates.list.indexOf(id);
  const both = s.templates.list.filter((t) => t.includes('/en/') && at(t.replace('/en/', '/fr/')) >= 0);
  check(both.length > 0 && both.every((t) => at(t.replace('/en/', '/fr/')) < at(t)),
    'of a template in French and English, the French one is listed first', JSON.stringify(s.templates.list.slice(0, 8)));
  const key = s.templates.list[index];
  await tap(page, `template_row_${index}`);
  await type(page, 'tpl_text', 'Bonjour, merci de regler {{customer.name}} {{montant_du}} avant la fin du mois. {{portal_link}}');
  s = await state(page);
  check(s.templates.check.includes('unknown placeholder {{montant_du}}') && s.templates.check.includes('line 1'),
    'as it is typed, the unknown placeholder is named with its line', s.templates.check);
  await tap(page, 'tpl_save');
  await until(page, () => window.encaisseTest.state().templates.message !== '', 'the server\'s answer');
  s = await state(page);
  check(s.templates.message.includes('unknown placeholder {{montant_du}}') && !s.templates.saved,
    'saving it anyway: the server refuses it with the same words', s.templates.message);
  const stored = async () => (await api('GET', `/api/v1/templates/${key}`, adminToken)).body;
  check(!(await stored()).body_text.includes('montant_du'), 'the refused text was not stored');
  await page.screenshot({ path: `${artifacts}/backoffice-template-error.png` });

  await type(page, 'tpl_text', 'Bonjour {{customer.name}}, merci de regler {{overdue_amount}} avant la fin du mois. {{portal_link}}');
  s = await state(page);
  check(s.templates.check === '', 'fixed, the template is valid', s.templates.check);
  await tap(page, 'tpl_preview');
  check(await until(page, () => window.encaisseTest.state().templates.preview.includes('merci de regler'), 'the preview'),
    'the preview is composed for a real account');
  s = await state(page);
  check(/Bonjour [^{]+, merci de regler [0-9][^€\n]*€ avant/.test(s.templates.preview) && s.templates.preview.includes('/p/APERCU-LIEN-PERSONNEL'),
    'with the customer\'s name, the amount and a placeholder link', s.templates.preview);
  await page.screenshot({ path: `${artifacts}/backoffice-template-preview.png` });
  await tap(page, 'tpl_save');
  await until(page, () => window.encaisseTest.state().templates.saved, 'the save');
  const saved = await stored();
  check(saved.custom && saved.body_text.startsWith('Bonjour {{customer.name}},'), 'the fixed template is saved as the custom one',
    JSON.stringify(saved).slice(0, 200));

  // A scenario: a step added, a day out of range caught as it is typed, an unknown template
  // refused by the server naming the step; fixed and saved.
  const standard = (await api('GET', '/api/v1/scenarios', adminToken)).body.items[0];
  await tap(page, 'nav_scenarios');
  await until(page, () => window.encaisseTest.state().scenarios.list.length > 0, 'the scenarios');
  await tap(page, 'scenario_row_0');
  const n = standard.steps.length;
  await tap(page, 'step_add');
  s = await state(page);
  check(s.scenarios.steps === n + 1, 'a step is added to the scenario', JSON.stringify(s.scenarios));
  await type(page, `step_offset_${n}`, '400');
  s = await state(page);
  check(s.scenarios.check.includes('between -60 and 365') && s.scenarios.check.includes(`steps[${n}].day_offset`),
    'a day out of range is named as it is typed', s.scenarios.check);
  const day = standard.steps[n - 1].day_offset + 5;
  await type(page, `step_offset_${n}`, String(day));
  await type(page, `step_template_${n}`, 'relance_inconnue');
  await tap(page, 'scenario_save');
  await until(page, () => window.encaisseTest.state().scenarios.message !== '', 'the server\'s answer');
  s = await state(page);
  check(!s.scenarios.ok && s.scenarios.message.includes(`steps[${n}].template`), 'an unknown template is refused, naming the step', s.scenarios.message);
  await type(page, `step_template_${n}`, 'reminder_2');
  await tap(page, 'scenario_save');
  await until(page, () => window.encaisseTest.state().scenarios.ok, 'the save');
  const savedScenario = (await api('GET', '/api/v1/scenarios', adminToken)).body.items.find((x) => x.id === standard.id);
  check(savedScenario.steps.length === n + 1 && savedScenario.steps[n].day_offset === day && savedScenario.steps[n].template === 'reminder_2',
    'the server has the scenario with its new step', JSON.stringify(savedScenario.steps.slice(-2)));
  await page.screenshot({ path: `${artifacts}/backoffice-scenario.png` });

  // The company settings: a wrong IBAN refused naming it, then the IBAN, the colour and a logo.
  await tap(page, 'nav_company');
  await until(page, () => window.encaisseTest.state().company.loaded, 'the company settings');
  await type(page, 'company_iban', 'FR76 3000 6000 0112 3456 7890 188');
  await tap(page, 'company_save');
  await until(page, () => window.encaisseTest.state().company.message !== '', 'the answer');
  s = await state(page);
  check(!s.company.ok && s.company.message.includes('iban'), 'a wrong IBAN is refused, named', s.company.message);
  await type(page, 'company_iban', 'FR76 3000 6000 0112 3456 7890 189');
  await type(page, 'company_color', 'AA3300');
  await tap(page, 'company_save');
  await until(page, () => window.encaisseTest.state().company.ok, 'the save');
  const company = (await api('GET', '/api/v1/settings/company', adminToken)).body;
  check(company.iban === 'FR7630006000011234567890189' && company.brand_color === '#aa3300', 'the server has the IBAN and the colour',
    JSON.stringify(company));
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c489', 'hex');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tap(page, 'company_logo')]);
  await chooser.setFiles({ name: 'logo.png', mimeType: 'image/png', buffer: png });
  check(await until(page, () => window.encaisseTest.state().company.logo_mime === 'image/png', 'the logo'), 'the logo is uploaded');
  const logo = await fetch(`${base}/branding/logo`);
  check(logo.status === 200 && Buffer.from(await logo.arrayBuffer()).equals(png), 'the portal serves that logo');
  await page.screenshot({ path: `${artifacts}/backoffice-company.png` });

  // The rate tables: the half-year's legal rate is missing; added first on a wrong day (named),
  // then on 1 July; the server has it and the warning goes.
  await until(page, () => window.encaisseTest.state().rates.loaded, 'the rate tables');
  s = await state(page);
  check(s.rates.legal_missing, 'the screen warns that the half-year\'s legal rate is not entered');
  await tap(page, 'rates_legal_add');
  await type(page, 'rates_legal_last_from', '2026-08-01');
  await type(page, 'rates_legal_last_bps', '300');
  await tap(page, 'rates_save');
  await until(page, () => window.encaisseTest.state().rates.message !== '', 'the answer');
  s = await state(page);
  check(!s.rates.ok && s.rates.message.includes('legal_professional') && s.rates.message.includes('half-year'),
    'a legal rate not on 1 January or 1 July is refused, the entry named', s.rates.message);
  await type(page, 'rates_legal_last_from', '2026-07-01');
  await tap(page, 'rates_save');
  await until(page, () => window.encaisseTest.state().rates.ok, 'the save');
  const rates = (await api('GET', '/api/v1/settings/rates', adminToken)).body;
  check(!rates.legal_missing && rates.legal_in_force_bps === 300 && !(await state(page)).rates.legal_missing,
    'the server has the half-year\'s legal rate and the warning is gone', JSON.stringify(rates).slice(0, 300));

  // The channels, under the company: a wrong SMTP address refused naming it, then the real
  // one with its password (write-only), and a test email that reaches the SMTP server.
  await until(page, () => window.encaisseTest.state().channels.loaded, 'the channel settings');
  await type(page, 'chan_smtp_url', 'mail.example.com');
  await tap(page, 'chan_save');
  await until(page, () => window.encaisseTest.state().channels.message !== '', 'the answer');
  s = await state(page);
  check(!s.channels.ok && s.channels.message.includes('smtp'), 'an SMTP address without its scheme is refused, named',
    s.channels.message);
  await type(page, 'chan_smtp_url', `smtp://127.0.0.1:${smtpPort}`);
  await type(page, 'chan_smtp_password', 'Mot-de-passe-SMTP-42');
  await tap(page, 'chan_save');
  await until(page, () => window.encaisseTest.state().channels.ok, 'the save');
  s = await state(page);
  const channels = await api('GET', '/api/v1/settings/channels', adminToken);
  check(s.channels.smtp_password_set && !s.channels.typed_secret_left && channels.body.smtp_password_set &&
    channels.body.effective.email === `smtp://127.0.0.1:${smtpPort}` && !JSON.stringify(channels.body).includes('Mot-de-passe'),
  'the SMTP server is saved, its password set and wiped from the form, never sent back', JSON.stringify(channels.body));
  await type(page, 'chan_test_to', 'tresorerie@example.com');
  await tap(page, 'chan_test_email');
  await until(page, () => window.encaisseTest.state().channels.message.includes('remis'), 'the test email');
  const mails = fs.readdirSync(maildir).filter((f) => f.endsWith('.eml'));
  const mail = mails.map((f) => fs.readFileSync(`${maildir}/${f}`, 'utf8')).find((m) => m.includes('tresorerie@example.com'));
  check(mail && /Subject:.*test/i.test(mail), 'the test email reached the SMTP server', mails.join(', '));
  await page.screenshot({ path: `${artifacts}/backoffice-channels.png` });

  // The team: a new collector (a short password refused first), a lost tablet signed out, the
  // new account disabled again.
  await tap(page, 'nav_users');
  await until(page, () => window.encaisseTest.state().staff.sessions.length > 0, 'the team and its devices');
  await tap(page, 'user_new');
  await type(page, 'user_email', 'nadia.roux@demo.test');
  await type(page, 'user_name', 'Nadia Roux');
  await tap(page, 'user_role_collector');
  await type(page, 'user_password', 'court');
  await tap(page, 'user_save');
  await until(page, () => window.encaisseTest.state().staff.message !== '', 'the answer');
  s = await state(page);
  check(!s.staff.ok && s.staff.message.includes('10 characters'), 'a short password is refused with the rule', s.staff.message);
  await type(page, 'user_password', 'recouvrement-2026');
  await tap(page, 'user_save');
  await until(page, () => window.encaisseTest.state().staff.users.some((u) => u.email === 'nadia.roux@demo.test'), 'the new account');
  const nadia = await api('POST', '/api/v1/sessions', null, { email: 'nadia.roux@demo.test', password: 'recouvrement-2026' });
  check(nadia.status === 201 && nadia.body.user.role === 'collector', 'the new collector can sign in', JSON.stringify(nadia.body));
  const lost = (await api('POST', '/api/v1/sessions', null, { email: 'rep1@demo.test', password: 'encaisse-demo', device_name: 'Tablette perdue' })).body.token;
  await tap(page, 'nav_dashboard');
  await tap(page, 'nav_users');
  await until(page, () => window.encaisseTest.state().staff.sessions.some((x) => x.device === 'Tablette perdue'), 'the lost tablet listed');
  s = await state(page);
  await tap(page, `session_revoke_${s.staff.sessions.findIndex((x) => x.device === 'Tablette perdue')}`);
  await until(page, () => window.encaisseTest.state().staff.sessions.some((x) => x.device === 'Tablette perdue' && x.revoked), 'the revocation');
  check((await api('GET', '/api/v1/me', lost)).status === 401, 'the lost tablet is signed out');
  s = await state(page);
  await tap(page, `user_edit_${s.staff.users.findIndex((u) => u.email === 'nadia.roux@demo.test')}`);
  await tap(page, 'user_disabled');
  await page.screenshot({ path: `${artifacts}/backoffice-team.png` });
  await tap(page, 'user_save');
  await until(page, () => window.encaisseTest.state().staff.users.some((u) => u.email === 'nadia.roux@demo.test' && u.disabled), 'the disabled account');
  check((await api('GET', '/api/v1/me', nadia.body.token)).status === 401, 'a disabled account loses its sessions');
} catch (e) {
  check(false, 'the admin scenario ran to its end', e.message);
  if (page) await page.screenshot({ path: `${artifacts}/backoffice-failed-admin.png` });
} finally {
  await browser.close();
}
process.exit(failures() ? 1 : 0);
