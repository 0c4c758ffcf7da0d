// The boundary in Chromium, where it differs from Node: the browser entries are bundled
// modules that need init(), both entries load in one page, and fetch is the page's.
// Hostile values and mocked fetch must end in coded errors here too, with one error
// class for both entries.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, servePages } from "./harness.mjs";

const PAGE = `<!doctype html><script type="module">
  import initCore, * as core from "/pkg/browser.mjs";
  import initClient, * as client from "/pkg/client/browser.mjs";
  const codeOf = async (f) => { try { await f(); return "value"; } catch (e) { return (e instanceof client.ZendeskAuthError ? "" : "foreign:") + e.code; } };
  const before = { core: await codeOf(() => core.validate({})), client: await codeOf(() => new client.ZendeskClient({})) };
  await initCore();
  await initClient();
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const getter = Object.defineProperty({}, "apiToken", { enumerable: true, get() { throw new Error("x"); } });
  const c = new client.ZendeskClient({ subdomain: "acme", oauthToken: "a".repeat(54), timeoutMs: 300, retry: { maxRetries: 0 } });
  const realFetch = window.fetch;
  const fetches = {};
  for (const [name, mock] of Object.entries({
    junk: () => Promise.resolve(42),
    "string rejection": () => Promise.reject("offline"),
    hang: () => new Promise(() => {}),
  })) {
    window.fetch = mock;
    fetches[name] = await codeOf(() => c.get("/api/v2/users/me.json"));
  }
  window.fetch = realFetch;
  c.free();
  window.result = {
    before,
    sameClass: core.ZendeskAuthError === client.ZendeskAuthError,
    notObject: core.validate("acme").diagnostics.map((d) => d.code),
    unreadable: core.validate(revoked.proxy).diagnostics.map((d) => d.code),
    getter: await codeOf(() => client.buildAuthorizationHeader(getter)),
    fetches,
    freed: await codeOf(() => c.get("/api/v2/users/me.json")),
    badPath: await codeOf(() => new client.ZendeskClient({ subdomain: "acme", oauthToken: "a".repeat(54) }).delete("/api/v2/tickets/.%2e/users/1.json")),
  };
</script>`;

let site, browser;
before(async () => {
  site = await servePages({ "/": PAGE });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

test("in a page: NOT_INITIALIZED per entry, one error class, coded errors for hostile values and mocked fetch", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(site.url);
  await page.waitForFunction(() => window.result, null, { timeout: 15000 });
  const result = await page.evaluate(() => window.result);
  assert.deepEqual(errors, []);
  assert.deepEqual(result, {
    before: { core: "NOT_INITIALIZED", client: "NOT_INITIALIZED" },
    sameClass: true,
    notObject: ["NOT_AN_OBJECT"],
    unreadable: ["UNREADABLE_FIELD"],
    getter: "UNREADABLE_FIELD",
    fetches: { junk: "NETWORK", "string rejection": "NETWORK", hang: "TIMEOUT" },
    freed: "CLIENT_FREED",
    badPath: "INVALID_PATH",
  });
});
