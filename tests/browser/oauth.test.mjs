// The OAuth authorization-code flow with PKCE in headless Chromium: the page creates the
// authorization URL, the browser goes to the fake Zendesk and is redirected back with a
// code, the page exchanges it cross-origin and calls verify() with the token.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, servePages } from "./harness.mjs";

const { startFakeZendesk, SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);

const PAGE = `<!doctype html><script type="module">
  import init, * as za from "/pkg/client/browser.mjs";
  await init();
  window.za = za;
  window.ready = true;
</script>`;

let zd, site, browser;
before(async () => {
  zd = await startFakeZendesk({});
  site = await servePages({ "/": PAGE, "/oauth/callback": PAGE });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await zd?.close();
});

test("PKCE flow in the browser ends in a verified OAuth client", async () => {
  const page = await browser.newPage();
  await page.goto(site.url);
  await page.waitForFunction(() => window.ready === true);
  const clientId = SEED.acme.oauthClients.public.identifier;
  const baseUrl = zd.accountUrl("acme");
  const redirectUri = `${site.url}/oauth/callback`;
  const start = await page.evaluate((o) => window.za.createAuthorizationUrl(o), { baseUrl, clientId, redirectUri, scopes: ["read"] });

  // The browser itself follows Zendesk's redirect back to the app.
  await page.goto(start.url);
  await page.waitForURL(/\/oauth\/callback\?/);
  await page.waitForFunction(() => window.ready === true);
  const result = await page.evaluate(async ({ baseUrl, clientId, redirectUri, verifier, state }) => {
    const params = new URLSearchParams(location.search);
    if (params.get("state") !== state) return { error: "state mismatch" };
    const tokens = await window.za.exchangeCode({ baseUrl, clientId, code: params.get("code"), codeVerifier: verifier, redirectUri });
    const client = new window.za.ZendeskClient({ baseUrl, tokens, clientId });
    const me = await client.verify();
    return { email: me.user.email, scheme: me.authScheme, hasRefresh: typeof tokens.refreshToken === "string" };
  }, { baseUrl, clientId, redirectUri, verifier: start.codeVerifier, state: start.state });
  assert.deepEqual(result, { email: SEED.acme.users.admin.email, scheme: "oauth", hasRefresh: true });
  assert.equal(zd.oauthStats("acme").tokenRequests.authorization_code, 1);
});
