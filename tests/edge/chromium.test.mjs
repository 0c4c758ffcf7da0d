// The sign-in flow in headless Chromium: the app page, /auth/login, Zendesk's (the fake's)
// authorization page, /auth/callback, /auth/session, an API call and /auth/logout, with the
// browser's own cookie handling. The Worker (zendesk-auth/edge from the installed tarball,
// with a page for "/") runs under workerd through Miniflare on http://localhost:PORT;
// Chromium treats localhost as a secure context, so it keeps `__Host-` Secure cookies there.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { CLIENT_ID, Miniflare, SESSION_SECRET, bundle, fake, here, repo, worker } from "./harness.mjs";

const { chromium } = await import(`${repo}/tests/node_modules/playwright-core/index.mjs`);

let zd, mf, browser, port;

const freePort = () => new Promise((resolve) => {
  const s = createServer();
  s.listen(0, "127.0.0.1", () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});

before(async () => {
  zd = await fake.startFakeZendesk({});
  port = await freePort();
  const app = `http://localhost:${port}`;
  writeFileSync(join(here, "app-worker.mjs"), `
import { createEdgeHandler, ZendeskRateBudget, ZendeskSession } from "zendesk-auth/edge";
export { ZendeskRateBudget, ZendeskSession };
const PAGE = "<!doctype html><title>app</title><h1>app</h1>";
export default createEdgeHandler({ fallback: () => new Response(PAGE, { headers: { "content-type": "text/html" } }) });
`);
  await bundle(join(here, "app-worker.mjs"), join(here, "dist-app"));
  mf = new Miniflare({
    host: "127.0.0.1",
    port,
    workers: [worker("app", join(here, "dist-app", "app-worker.js"), {
      AUTH_MODE: "user", APP_ORIGIN: app, ZENDESK_SUBDOMAIN: "acme", ZENDESK_BASE_URL: zd.accountUrl("acme"),
      ZENDESK_CLIENT_ID: CLIENT_ID, ZENDESK_CLIENT_SECRET: fake.SEED.acme.oauthClients.confidential.secret, SESSION_SECRET,
    })],
  });
  await mf.ready;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  await mf?.dispose();
  await zd?.close();
});

test("Chromium: login, callback, session, API call, logout, with HttpOnly __Host- cookies", async () => {
  const app = `http://localhost:${port}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${app}/auth/login?return_to=/inbox`);
  // Zendesk approved and sent the browser back; the Worker redirected to the app.
  assert.equal(page.url(), `${app}/inbox`);
  const cookies = await context.cookies(app);
  const session = cookies.find((c) => c.name === "__Host-zendesk-session");
  assert.ok(session, JSON.stringify(cookies.map((c) => c.name)));
  assert.equal(session.httpOnly, true);
  assert.equal(session.secure, true);
  assert.equal(session.sameSite, "Lax");
  assert.equal(session.path, "/");
  assert.match(session.value, /^[A-Za-z0-9_-]{43}$/);
  assert.ok(!cookies.some((c) => c.name === "__Host-zendesk-login"), "the login cookie outlived the callback");
  assert.equal(await page.evaluate(() => document.cookie), "", "script can read the session cookie");

  const seen = await page.evaluate(async () => {
    const s = await (await fetch("/auth/session")).json();
    const me = await fetch("/api/v2/users/me.json");
    return { s, status: me.status, me: await me.json() };
  });
  assert.equal(seen.s.signedIn, true);
  assert.equal(seen.s.user.id, 1001);
  assert.equal(seen.status, 200);
  assert.equal(seen.me.user.id, 1001);
  assert.equal(zd.getLog({ account: "acme" }).filter((e) => e.apiPath === "/api/v2/users/me.json").at(-1).authScheme, "bearer");

  const out = await page.evaluate(async () => {
    const r = await fetch("/auth/logout", { method: "POST" });
    const s = await (await fetch("/auth/session")).json();
    const me = await fetch("/api/v2/users/me.json");
    return { status: r.status, s, meStatus: me.status, code: me.headers.get("x-zendesk-auth-code") };
  });
  assert.equal(out.status, 200);
  assert.equal(out.s.signedIn, false);
  assert.deepEqual([out.meStatus, out.code], [401, "NOT_SIGNED_IN"]);
  assert.ok(!(await context.cookies(app)).some((c) => c.name === "__Host-zendesk-session"));
  await context.close();
});
