// A new build reaches a tablet whose service worker starts the app from its cache (cache first,
// web/app/sw.js): node app_update.mjs BASE APP_DIR PROFILE_DIR. APP_DIR is a copy of the built
// app that the server at BASE serves; the test changes it as a deploy would (a new sw.js BUILD
// and a new boot.js), then reopens the app twice.
import { chromium } from 'playwright-core';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { check, chromiumArgs as args, failures, tablet, until } from './lib.mjs';

const [base, appDir, profile] = process.argv.slice(2);
const url = `${base}/app/?test=1&server=${encodeURIComponent(base)}`;
const started = (page) => until(page, () => window.encaisseTest && window.encaisseTest.state().ready, 'the app to start');
const caches = (page) => page.evaluate(() => caches.keys());

const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args, viewport: tablet });
const page = context.pages()[0] || await context.newPage();
try {
  await page.goto(url);
  check(await started(page), 'the app starts');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000, polling: 100 });
  const first = await caches(page);
  check(first.length === 1 && /^encaisse-app-[0-9a-f]{16}$/.test(first[0]),
    'the service worker caches the shell under the build\'s hash', JSON.stringify(first));

  // The deploy: a new build of the shell (the build writes a new BUILD into sw.js).
  const sw = `${appDir}/sw.js`;
  writeFileSync(sw, readFileSync(sw, 'utf8').replace(/const BUILD = '[^']*';/, "const BUILD = 'deployed0000000';"));
  appendFileSync(`${appDir}/boot.js`, '\nwindow.encaisseDeployed = true;\n');

  await page.reload();
  check(await started(page) && !(await page.evaluate(() => window.encaisseDeployed)),
    'right after the deploy, the app still opens at once from its cache');
  // The browser looks for a new sw.js when a page of its scope opens, in the background (here
  // about a minute after the first install).
  let now = await caches(page);
  for (let i = 0; i < 450 && !(now.length === 1 && now[0] === 'encaisse-app-deployed0000000'); i++) {
    await page.waitForTimeout(200);
    now = await caches(page);
  }
  check(now.length === 1 && now[0] === 'encaisse-app-deployed0000000', 'meanwhile the new build is fetched and the old one dropped',
    JSON.stringify(now));
  await page.reload();
  check(await started(page) && await page.evaluate(() => window.encaisseDeployed === true),
    'the next start runs the new build');
} catch (e) {
  check(false, 'the app update test ran to its end', e.message);
} finally {
  await context.close();
}
process.exit(failures() ? 1 : 0);
