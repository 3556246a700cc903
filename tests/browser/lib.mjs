// What the browser tests of the client share: checks printed as "ok N" / "not ok N", and a
// finger on the canvas. Clicks land on the pixels of named widgets (window.encaisseTest.widgets(),
// installed with ?test=1); what the screen shows is read from window.encaisseTest.state().
export const chromiumArgs = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
export const tablet = { width: 1180, height: 820 };

let n = 0;
let failed = 0;
export function check(ok, what, detail = '') {
  n += 1;
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${what}${ok || !detail ? '' : ` (${detail})`}`);
  return ok;
}
export const failures = () => failed;

export const state = (page) => page.evaluate(() => window.encaisseTest.state());
export async function until(page, predicate, what, timeout = 30000, arg = null) {
  try {
    await page.waitForFunction(predicate, arg, { timeout, polling: 100 });
    return true;
  } catch {
    console.log(`# timed out waiting for ${what}: ${JSON.stringify(await state(page)).slice(0, 400)}`);
    return false;
  }
}
export async function ready(page, appUrl) {
  await page.goto(appUrl);
  return until(page, () => window.encaisseTest && window.encaisseTest.state().ready, 'the app to start');
}
// Waits until the app has drawn `n` more frames (the widgets' places are a frame old).
export async function frames(page, count) {
  const f0 = (await state(page)).frame;
  await page.waitForFunction((f) => window.encaisseTest.state().frame >= f, f0 + count, { polling: 16, timeout: 30000 });
}
// A click on the middle of a named widget, as a finger would, scrolling the screen while it is
// not shown (down first: a long list, a form below the fold; then up); waits a few frames after.
export async function tap(page, name) {
  const box = await page.locator('canvas').boundingBox();
  for (let i = 0; ; i++) {
    await frames(page, 2);
    const r = (await page.evaluate(() => window.encaisseTest.widgets()))[name];
    if (r) {
      await page.mouse.click(box.x + r.x + r.w / 2, box.y + r.y + r.h / 2);
      await frames(page, 3);
      return;
    }
    if (i === 45) {
      const shown = Object.keys(await page.evaluate(() => window.encaisseTest.widgets())).join(', ');
      throw new Error(`no widget ${name} on screen (${shown})`);
    }
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.7);
    await page.mouse.wheel(0, i < 15 ? 250 : -250);
    await page.waitForTimeout(120);
  }
}
// ImGui reads keys as held or not once per frame: a key pressed and released between two
// frames is never seen, so each key is held until a frame has drawn.
async function hold(page, ...keys) {
  for (const k of keys) await page.keyboard.down(k);
  await frames(page, 1);  // seen once; longer would start the key's repeat on a slow machine
  for (const k of keys.reverse()) await page.keyboard.up(k);
  await frames(page, 1);
}
// Replaces the text of a named field.
export async function type(page, name, text) {
  await tap(page, name);
  await hold(page, 'Control', 'a');
  await hold(page, 'Backspace');
  await page.keyboard.type(text);  // characters are queued, never lost (one line: Enter is a key)
  await frames(page, 2);
}
export async function signIn(page, email) {
  await type(page, 'login_email', email);
  await type(page, 'login_password', 'encaisse-demo');
  await tap(page, 'login_submit');
  return until(page, () => { const s = window.encaisseTest.state(); return s.screen === 'dashboard' && s.sync.last && !s.sync.running; },
    'the first sync');
}
// Until the actions recorded are sent and the sync that follows is over.
export function synced(page, what) {
  return until(page, () => { const x = window.encaisseTest.state(); return x.pending === 0 && !x.sync.running && x.sync.last; }, what);
}
export function apiClient(base) {
  const api = async (method, path, token, data) => {
    const res = await fetch(`${base}${path}`, {
      method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: data ? JSON.stringify(data) : undefined });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  const login = async (email) => (await api('POST', '/api/v1/sessions', null,
    { email, password: 'encaisse-demo', device_name: 'browser test (API)' })).body.token;
  return { api, login };
}
