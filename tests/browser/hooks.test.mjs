// Logging hooks and parseCallback in real headless Chromium, page and fake Zendesk on
// different origins: the hooks see what the browser sends and what CORS lets the page
// read, with the credentials redacted; parseCallback reads the URL the browser itself was
// redirected to, and needs no init().
import { test } from "node:test";
import assert from "node:assert/strict";
import { clientPage, clientPageFixture, runInPage } from "./harness.mjs";

const { SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);

const PAGE = clientPage(`
  // Before init(): parseCallback is plain JavaScript and works already.
  window.early = (() => {
    try {
      return za.parseCallback("https://app.example/callback?code=c0de&state=s1", { state: "s1" }).code;
    } catch (e) {
      return e.code;
    }
  })();`);

const fx = clientPageFixture({ "/": PAGE, "/oauth/callback": PAGE });
const { inPage } = fx;

const acme = SEED.acme;
const args = () => ({ base: fx.zd.accountUrl("acme"), oauth: acme.oauth.adminReadWrite.token });

test("hooks in Chromium: attempts, a 429 the page cannot read, the retry's wait, 'Bearer [redacted]', never the token", async () => {
  fx.zd.enqueueFault("acme", [{ fault: "429-retry-after=1" }]);
  const r = await inPage(async (za, a) => {
    const events = [];
    const c = new za.ZendeskClient({
      baseUrl: a.base,
      oauthToken: a.oauth,
      headers: { "X-Trace": "t1" },
      onRequest: (e) => events.push(["request", e]),
      onResponse: (e) => events.push(["response", e]),
      onRetry: (e) => events.push(["retry", e]),
    });
    const me = await c.verify();
    return { email: me.user.email, events };
  }, args());
  assert.ok(r.ok, JSON.stringify(r));
  const { events } = r.ok;
  assert.equal(r.ok.email, acme.users.admin.email);
  // Zendesk answers with CORS headers only on 200, 201, 204 and 404 (the fake as its
  // documentation says), so the page cannot read the 429: to the browser it is a network
  // failure, which a GET retries after a backoff.
  assert.deepEqual(events.map(([k, e]) => [k, e.attempt, e.status]), [["request", 1, undefined], ["response", 1, 0], ["retry", 2, 0], ["request", 2, undefined], ["response", 2, 200]]);
  assert.equal(events[1][1].error, "NETWORK");
  assert.equal(events[4][1].error, undefined);
  assert.ok(events[2][1].waitMs > 0, JSON.stringify(events[2]));
  assert.deepEqual(fx.zd.getLog({ account: "acme", method: "GET" }).map((e) => e.status), [429, 200]);
  assert.equal(events[0][1].url, `${fx.zd.accountUrl("acme")}/api/v2/users/me.json`);
  assert.equal(events[0][1].headers.authorization, "Bearer [redacted]");
  assert.equal(events[0][1].headers["x-trace"], "t1");
  // What CORS lets the page read: the fake exposes X-Request-Id.
  assert.equal(typeof events[4][1].headers["x-request-id"], "string");
  assert.ok(!JSON.stringify(events).includes(acme.oauth.adminReadWrite.token));
  console.log(`# Chromium hooks' redacted output for one request: ${JSON.stringify(events.slice(3))}`);
});

test("a hook that throws, rejects or never settles does not break or change a request in Chromium", async () => {
  const r = await inPage(async (za, a) => {
    const c = new za.ZendeskClient({
      baseUrl: a.base,
      oauthToken: a.oauth,
      onRequest: (e) => {
        e.headers.authorization = "Bearer stolen";
        throw new Error("logger down");
      },
      onResponse: () => Promise.reject(new Error("async logger down")),
      onRetry: () => new Promise(() => {}),
    });
    return (await c.verify()).authScheme;
  }, args());
  assert.deepEqual(r, { ok: "oauth" });
  assert.deepEqual(fx.zd.getLog({ account: "acme", method: "GET" }).map((e) => [e.authScheme, e.status]), [["bearer", 200]]);
});

test("parseCallback works before init() in the page", async () => {
  assert.equal(await fx.page.evaluate(() => window.early), "c0de");
});

test("parseCallback in Chromium: the real redirect back, a denial coded, a code exchanged", async () => {
  const clientId = acme.oauthClients.public.identifier;
  const baseUrl = fx.zd.accountUrl("acme");
  const redirectUri = `${fx.site.url}/oauth/callback`;
  const p = await fx.browser.newPage();
  try {
    await p.goto(fx.site.url);
    await p.waitForFunction(() => window.ready === true);
    // The user declines: Zendesk redirects back with error=access_denied.
    const denied = await p.evaluate((o) => window.za.createAuthorizationUrl(o), { baseUrl, clientId, redirectUri, scopes: ["read"] });
    await p.goto(`${denied.url}&login_as=deny`);
    await p.waitForURL(/\/oauth\/callback\?/);
    await p.waitForFunction(() => window.ready === true);
    const e = await runInPage(p, (za, state) => za.parseCallback(location.href, { state }), denied.state);
    assert.equal(e.code, "OAUTH_DENIED");
    assert.match(e.message, /access_denied: The user denied the authorization request\./);
    // Another tab's state is refused before anything else is read.
    assert.equal((await runInPage(p, (za) => za.parseCallback(location.href, { state: "another-tab" }))).code, "STATE_MISMATCH");
    // The user approves: the code goes to exchangeCode as parseCallback returns it.
    const flow = await p.evaluate((o) => window.za.createAuthorizationUrl(o), { baseUrl, clientId, redirectUri, scopes: ["read"] });
    await p.goto(flow.url);
    await p.waitForURL(/\/oauth\/callback\?code=/);
    await p.waitForFunction(() => window.ready === true);
    const r = await runInPage(p, async (za, a) => {
      const callback = za.parseCallback(new URL(location.href), { state: a.state, codeVerifier: a.codeVerifier, redirectUri: a.redirectUri });
      const tokens = await za.exchangeCode({ baseUrl: a.baseUrl, clientId: a.clientId, ...callback });
      return (await new za.ZendeskClient({ baseUrl: a.baseUrl, oauthToken: tokens.accessToken }).verify()).user.email;
    }, { state: flow.state, codeVerifier: flow.codeVerifier, redirectUri, baseUrl, clientId });
    assert.deepEqual(r, { ok: acme.users.admin.email });
  } finally {
    await p.close();
  }
});
