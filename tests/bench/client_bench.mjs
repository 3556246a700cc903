// node client_bench.mjs BASE PROFILE FIRST_LOAD_BYTES INVOICES JSON_OUT: the client's figures
// (see client_bench.sh), as one table like the other benchmarks'.
import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';

const [base, profile, firstLoad, invoices, jsonOut] = process.argv.slice(2);
const args = ['--no-sandbox', '--disable-quic', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
const url = `${base}/app/?test=1&server=${encodeURIComponent(base)}`;
const figures = [];
const add = (figure, value, unit, goal, higher = false) =>
  figures.push({ figure, value, unit, goal, higher_is_better: higher, pass: higher ? value >= goal : value <= goal });
const state = (page) => page.evaluate(() => window.encaisseTest.state());
// The first frame with data: the dashboard's figures, drawn from the small database (the saved
// figures) while the replica is still being read. Two clocks: the page's own (navigation to
// the end of that frame, as the app marks it) and the driver's (page.goto to the moment its
// poll sees it, later when the page's thread is busy with the frames after).
const firstFrameWithData = (page) => page.waitForFunction(() => window.encaisseTest &&
  window.encaisseTest.state().screen === 'dashboard' && window.encaisseTest.state().portfolio, null, { timeout: 60000, polling: 20 });
// Every screen usable: the replica read and the accounts listed.
const accountsListed = (page) => page.waitForFunction(() => window.encaisseTest.state().ready &&
  window.encaisseTest.state().accounts > 0, null, { timeout: 60000, polling: 20 });
async function tap(page, name) {
  const r = (await page.evaluate(() => window.encaisseTest.widgets()))[name];
  const box = await page.locator('canvas').boundingBox();
  await page.mouse.click(box.x + r.x + r.w / 2, box.y + r.y + r.h / 2);
  await page.waitForTimeout(100);
}
async function type(page, name, text) {
  await tap(page, name);
  await page.keyboard.type(text);
}

// How a start went, on the page's clock: [name, start, end (marks: 0), bytes over the network]
// for the document, each file it asked for, and boot.js's marks (web/app/boot.js).
const startSteps = (page) => page.evaluate(() => performance.getEntriesByType('navigation')
  .concat(performance.getEntriesByType('resource'), performance.getEntriesByType('mark'))
  .map((e) => [e.name.replace(/^.*\//, '').slice(0, 24), Math.round(e.startTime), Math.round(e.responseEnd || 0), e.transferSize || 0]));

// CPU_PROFILE=1: where the page spent the first sync (Chrome's sampling profiler): the 40
// functions with the most time of their own. It showed the file system's copies of a growing
// replica (ReserveFile in client_wasm/browser.h). CPU_PROFILE=start: the start in a running
// browser instead, from the navigation to every screen usable.
async function startProfile(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  return cdp;
}
async function printProfile(cdp) {
  const { profile: prof } = await cdp.send('Profiler.stop');
  const nodes = new Map(prof.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map();
  prof.samples.forEach((id, i) => {
    const f = nodes.get(id);
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) || 0) + prof.timeDeltas[i]);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  for (const [key, us] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`# profile ${(us / 1000).toFixed(0).padStart(6)} ms ${(100 * us / total).toFixed(1).padStart(5)}% ${key}`);
}

let context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args, viewport: { width: 1180, height: 820 } });
let page = context.pages()[0] || await context.newPage();
await page.goto(url);
// Ready, and the login form drawn once (its widgets are known from the frame after): tapping
// before that found no widget.
await page.waitForFunction(() => window.encaisseTest && window.encaisseTest.state().ready &&
  window.encaisseTest.widgets().login_email, null, { timeout: 60000 });
await type(page, 'login_email', 'manager@demo.test');
await type(page, 'login_password', 'encaisse-demo');
const profiler = process.env.CPU_PROFILE === '1' ? await startProfile(page) : null;
const t0 = Date.now();
await tap(page, 'login_submit');
let s = await state(page);
for (let i = 0; !(s.sync.last && !s.sync.running) && i < 3000; i++) {
  await page.waitForTimeout(200);
  s = await state(page);
  if (i % 25 === 0) console.log(`# syncing: ${s.sync.pages} pages, ${s.sync.rows} rows, apply ${s.sync.apply_ms.toFixed(0)} ms, waiting ${s.sync.wait_ms.toFixed(0)} ms`);
  if (i === 5) await page.screenshot({ path: jsonOut.replace(/[^/]*$/, 'client-first-sync.png') });  // the progress bar
}
const syncWall = (Date.now() - t0) / 1000;
if (profiler) await printProfile(profiler);
console.log(`# sync: ${s.sync.pages} pages, ${s.sync.rows} rows, apply ${s.sync.apply_ms.toFixed(0)} ms, waiting ${s.sync.wait_ms.toFixed(0)} ms`);
add(`first sync of ${invoices} invoices, wall time in the browser (${s.sync.rows} rows)`, syncWall, 's', 10);
add('decode + apply in the browser (wasm)', s.sync.rows / (s.sync.apply_ms / 1000), 'rows/s', 200000, true);
await page.waitForFunction(() => !window.encaisseTest.state().saving, null, { timeout: 120000, polling: 100 });  // IndexedDB saves
await context.close();

// Cold start: a new browser on the same profile, the rows cached; to the first frame with data.
context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args, viewport: { width: 1180, height: 820 }, offline: true });
page = context.pages()[0] || await context.newPage();
const t1 = Date.now();
await page.goto(url);
await firstFrameWithData(page);
const seen1 = (Date.now() - t1) / 1000;
await accountsListed(page);
const usable1 = (Date.now() - t1) / 1000;
let boot = (await state(page)).boot_ms;
add(`cold start offline, new browser: to the first frame with ${invoices} invoices cached (page clock)`, boot.figures / 1000, 's', 1);
add('  the same, seen by the test driver', seen1, 's', 1);
add('  to every screen usable (the replica read, the accounts listed; driver)', usable1, 's', 2);
const started = await state(page);
console.log(`# cold start: boot ${JSON.stringify(started.boot_ms)}, queries ${JSON.stringify(started.reload_ms)}`);
console.log(`# cold start: ${JSON.stringify(await startSteps(page))}`);
// The app reopened while the browser runs (a tablet's usual start: from the home screen, the
// browser already up): a new page on the same data.
await page.close();
page = await context.newPage();
const startProfiler = process.env.CPU_PROFILE === 'start' ? await startProfile(page) : null;
const t2 = Date.now();
await page.goto(url);
await firstFrameWithData(page);
const seen2 = (Date.now() - t2) / 1000;
await accountsListed(page);
const usable2 = (Date.now() - t2) / 1000;
if (startProfiler) await printProfile(startProfiler);
boot = (await state(page)).boot_ms;
add(`start offline, running browser: to the first frame with ${invoices} invoices cached (page clock)`, boot.figures / 1000, 's', 1);
add('  the same, seen by the test driver', seen2, 's', 1);
add('  to every screen usable (the replica read, the accounts listed; driver)', usable2, 's', 2);
console.log(`# start in a running browser: boot ${JSON.stringify((await state(page)).boot_ms)}`);
console.log(`# start in a running browser: ${JSON.stringify(await startSteps(page))}`);
await tap(page, 'nav_accounts');
await page.waitForTimeout(300);
const box = await page.locator('canvas').boundingBox();
await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.6);
for (let i = 0; i < 40; i++) { await page.mouse.wheel(0, 400); await page.waitForTimeout(25); }
s = await state(page);
add(`accounts list frame p95 (${s.accounts} accounts, scrolling)`, s.frame_ms_p95, 'ms', 4);
await tap(page, 'filter_overdue');
s = await state(page);
add('filter (overdue) over the accounts', s.sort_ms, 'ms', 50);
await tap(page, 'accounts_sort');
await page.waitForTimeout(200);
await page.keyboard.press('ArrowDown');
await page.keyboard.press('Enter');
await page.waitForTimeout(200);
s = await state(page);
add('sort (days late) over the accounts', s.sort_ms, 'ms', 50);
await context.close();
add('first visit download (wasm, js, font, shell; gzip)', Number(firstLoad) / 1024, 'KB', 600);

console.log(`\n${'figure'.padEnd(72)} ${'value'.padStart(12)} ${'goal'.padStart(10)}`);
for (const f of figures)
  console.log(`${f.figure.padEnd(72)} ${f.value.toFixed(2).padStart(10)} ${f.unit.padEnd(6)} ${String(f.goal).padStart(8)} ${f.unit.padEnd(6)} ${f.pass ? 'pass' : 'MISS'}`);
writeFileSync(jsonOut, JSON.stringify({ figures }, null, 1));
process.exit(figures.every((f) => f.pass) ? 0 : 2);
