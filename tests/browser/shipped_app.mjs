// The build tablets download (build/wasm/app: no test hooks, client_wasm/test_hooks.h), started
// in a real browser: node shipped_app.mjs BASE ARTIFACTS PROFILE_DIR. The other browser tests
// drive the tests' build, the same code but main.cpp and test_hooks.cpp; this one checks that
// what ships starts, draws its sign-in screen and exposes nothing to a page's scripts.
import { chromium } from 'playwright-core';
import { check, chromiumArgs as args, failures, tablet } from './lib.mjs';

const [base, artifacts, profile] = process.argv.slice(2);
const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args, viewport: tablet });
const page = context.pages()[0] || await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
try {
  await page.goto(`${base}/app/?test=1&server=${encodeURIComponent(base)}`);
  // main() removes the loading bar once the first data is mounted (client_wasm/main.cpp).
  const started = await page.waitForFunction(() => !document.getElementById('loading'), null, { timeout: 30000, polling: 100 })
    .then(() => true, () => false);
  check(started, 'the shipped build starts');
  await page.waitForTimeout(500);  // a few frames
  const canvas = await page.evaluate(() => ({ w: document.getElementById('canvas').width, h: document.getElementById('canvas').height }));
  check(canvas.w === tablet.width && canvas.h === tablet.height, 'its canvas fills the window', JSON.stringify(canvas));
  check(await page.evaluate(() => typeof window.encaisseTest === 'undefined'), 'it has no test hooks, even with ?test=1');
  const shot = await page.screenshot({ path: `${artifacts}/shipped-sign-in.png` });
  // A blank canvas compresses to a few KB; the sign-in form's text and fields do not.
  check(shot.length > 12000, 'it draws its sign-in screen', `${shot.length} bytes of PNG`);
  check(errors.length === 0, 'no script error', errors.join(' | '));
} catch (e) {
  check(false, 'the shipped build runs', String(e));
} finally {
  await context.close();
}
process.exit(failures() ? 1 : 0);
