// The request helper in real headless Chromium, page and fake Zendesk on different
// origins: CORS is enforced by the browser here, not simulated.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clientPage, clientPageFixture } from "./harness.mjs";

const { SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);

const PAGE = clientPage(`window.early = (() => { try { za.validate({}); return "no error"; } catch (e) { return e.code; } })();`);

const fx = clientPageFixture({ "/": PAGE });
const { inPage } = fx;

const acme = SEED.acme;
const args = () => ({ base: fx.zd.accountUrl("acme"), email: acme.users.admin.email, apiToken: acme.apiTokens[0], oauth: acme.oauth.adminReadWrite.token });

test("the page and the fake Zendesk are on different origins", () => {
  assert.notEqual(new URL(fx.site.url).origin, new URL(fx.zd.url).origin);
});

test("calling before init() throws NOT_INITIALIZED", async () => {
  assert.equal(await fx.page.evaluate(() => window.early), "NOT_INITIALIZED");
});

test("OAuth Bearer works cross-origin", async () => {
  const r = await inPage(async (za, a) => {
    const c = new za.ZendeskClient({ baseUrl: a.base, oauthToken: a.oauth });
    return { scheme: c.authScheme, user: (await c.verify()).user.email };
  }, args());
  assert.deepEqual(r, { ok: { scheme: "oauth", user: acme.users.admin.email } });
});

test("API token only: CORS_REQUIRES_OAUTH before any request", async () => {
  const r = await inPage(async (za, a) => new za.ZendeskClient({ baseUrl: a.base, email: a.email, apiToken: a.apiToken }), args());
  assert.equal(r.code, "CORS_REQUIRES_OAUTH");
  assert.equal(fx.zd.getLog().length, 0);
});

test("a forced Basic request is blocked by the browser and reported as NETWORK", async () => {
  const r = await inPage(async (za, a) => {
    const c = new za.ZendeskClient({ baseUrl: a.base, email: a.email, apiToken: a.apiToken, auth: "api_token", retry: { maxRetries: 0 } });
    return await c.verify();
  }, args());
  assert.equal(r.code, "NETWORK");
  assert.match(r.message, /CORS/);
  // Zendesk (the fake) did answer: the browser hid it because it carried no CORS header.
  const answered = fx.zd.getLog().filter((l) => l.method === "GET" && l.authScheme === "basic");
  assert.equal(answered.length, 1);
  assert.equal(answered[0].status, 200);
});

test("a 429 carries no CORS header, so the browser sees NETWORK", async () => {
  fx.zd.enqueueFault("acme", { fault: "429-retry-after=1", count: 1, method: "GET" });
  const r = await inPage(async (za, a) => {
    const c = new za.ZendeskClient({ baseUrl: a.base, oauthToken: a.oauth, retry: { maxRetries: 0 } });
    return await c.get("/api/v2/users/me.json");
  }, args());
  assert.equal(r.code, "NETWORK");
  assert.equal(fx.zd.getLog().filter((l) => l.method === "GET")[0].status, 429);
});
