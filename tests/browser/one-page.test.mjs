// One page that imports both entries, in real Chromium: what it downloads, what it must
// initialise, and what its console shows of a validate() result.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, servePages } from "./harness.mjs";

// Zendesk's documentation example of an API token, and a 64-hex opaque access token.
const TOKEN = "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv";
const OAUTH = "2e8f0d5b0b8a4c6f9e1d3a7b5c9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912";

const PAGE = `<!doctype html><script type="module">
  import initCore, { validate } from "/pkg/browser.mjs";
  import initClient, { ZendeskClient } from "/pkg/client/browser.mjs";
  const attempt = (f) => { try { f(); return null; } catch (e) { return { code: e.code, message: e.message, hint: e.hint }; } };
  await initClient();
  window.coreBeforeItsInit = attempt(() => validate({}));
  await initCore();
  window.coreAfterItsInit = attempt(() => validate({}));
  window.client = attempt(() => new ZendeskClient({ subdomain: "acme", oauthToken: "${OAUTH}" }).free());
  window.result = validate({ subdomain: "acme", email: "agent@example.com", apiToken: "${TOKEN}", oauthToken: "${OAUTH}" });
  console.log(window.result);
  console.log(window.result.credentials);
  window.ready = true;
</script>`;

let site, browser, page, cdp;
const wasm = [];
const consoleArgs = [];
before(async () => {
  site = await servePages({ "/": PAGE });
  browser = await launch();
  page = await browser.newPage();
  page.on("response", (r) => {
    if (r.url().endsWith(".wasm")) wasm.push({ path: new URL(r.url()).pathname, body: r.body() });
  });
  // What DevTools receives for console.log: the same protocol event and object previews.
  cdp = await page.context().newCDPSession(page);
  await cdp.send("Runtime.enable");
  cdp.on("Runtime.consoleAPICalled", (e) => consoleArgs.push(...e.args));
  await page.goto(site.url);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 15000 });
});
after(async () => {
  await browser?.close();
  await site?.close();
});

test("both entries on one page: two .wasm downloads, two init() calls", async () => {
  const sizes = await Promise.all(wasm.map(async (w) => `${w.path} (${(await w.body).length} bytes)`));
  console.log(`one page: importing both entries downloads ${sizes.join(" and ")}`);
  assert.deepEqual(wasm.map((w) => w.path).sort(), ["/pkg/client/zendesk_auth_bg.wasm", "/pkg/zendesk_auth_bg.wasm"]);
});

test("the client's init() does not initialise the core: NOT_INITIALIZED names the entry", async () => {
  const early = await page.evaluate(() => window.coreBeforeItsInit);
  assert.equal(early.code, "NOT_INITIALIZED");
  assert.equal(early.message, 'validate() was called before init() of "zendesk-auth" finished.');
  assert.match(early.hint, /init\(\)` from "zendesk-auth"/);
  assert.equal(await page.evaluate(() => window.coreAfterItsInit), null);
  assert.equal(await page.evaluate(() => window.client), null);
});

test("console.log of a validate() result shows no secret, expanded or not", async () => {
  assert.ok(consoleArgs.length >= 2);
  // Expanding an object in DevTools asks for its properties; accessors come back unread.
  const expanded = [];
  for (const arg of consoleArgs.filter((a) => a.objectId)) {
    const { result } = await cdp.send("Runtime.getProperties", { objectId: arg.objectId, ownProperties: true, generatePreview: true });
    expanded.push(result);
    for (const p of result.filter((p) => p.value?.objectId)) {
      expanded.push((await cdp.send("Runtime.getProperties", { objectId: p.value.objectId, ownProperties: true, generatePreview: true })).result);
    }
  }
  const seen = JSON.stringify([consoleArgs, expanded]);
  for (const secret of [TOKEN, OAUTH]) {
    for (let i = 0; i + 5 <= secret.length; i++) assert.ok(!seen.includes(secret.slice(i, i + 5)), `the console shows part of a secret: ${secret.slice(i, i + 5)}`);
  }
  // The non-secret fields are there, so the check above looked at the right objects.
  assert.ok(seen.includes("agent@example.com") && seen.includes('"apiToken"'));
  // And the page itself still reads the values.
  assert.equal(await page.evaluate(() => window.result.credentials.apiToken), TOKEN);
  assert.equal(await page.evaluate(() => JSON.parse(JSON.stringify(window.result.credentials)).oauthToken), "********0912");
});
