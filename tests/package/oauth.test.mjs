// The OAuth lifecycle through the installed package against the fake Zendesk's
// /oauth endpoints: PKCE authorization, code exchange, refresh with rotation, client
// credentials, and a client that refreshes by itself. The PKCE challenge is recomputed
// here with node:crypto; refreshes are counted by the fake.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { clientCredentialsToken, createAuthorizationUrl, exchangeCode, refreshToken, ZendeskClient } from "zendesk-auth/client";
import { rejectsCoded } from "./coded.mjs";

const { startFakeZendesk, SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);
const acme = SEED.acme;
const publicClient = acme.oauthClients.public.identifier;
const confidential = acme.oauthClients.confidential;
const redirectUri = "http://127.0.0.1:9/oauth/callback";

let zd, baseUrl;
before(async () => {
  zd = await startFakeZendesk({});
  baseUrl = zd.accountUrl("acme");
});
after(() => zd.close());
beforeEach(() => zd.reset());

const rejects = (promise, code) => rejectsCoded(promise, code);

/** Runs the browser's part: follows the authorization URL to the redirect, returns the code. */
async function authorize(url, expectedState) {
  const res = await fetch(url, { redirect: "manual" });
  assert.equal(res.status, 302);
  const back = new URL(res.headers.get("location"));
  assert.equal(`${back.origin}${back.pathname}`, redirectUri);
  assert.equal(back.searchParams.get("state"), expectedState);
  return back.searchParams.get("code");
}

async function login(scopes = ["read", "write"]) {
  const { url, state, codeVerifier } = createAuthorizationUrl({ baseUrl, clientId: publicClient, redirectUri, scopes });
  const code = await authorize(url, state);
  return exchangeCode({ baseUrl, clientId: publicClient, code, codeVerifier, redirectUri });
}

test("createAuthorizationUrl: PKCE S256 challenge of the verifier, random state, scopes checked", () => {
  const a = createAuthorizationUrl({ subdomain: "acme", clientId: publicClient, redirectUri, scopes: ["read", "tickets:write"] });
  const url = new URL(a.url);
  assert.equal(url.origin + url.pathname, "https://acme.zendesk.com/oauth/authorizations/new");
  const p = url.searchParams;
  assert.equal(p.get("response_type"), "code");
  assert.equal(p.get("code_challenge_method"), "S256");
  assert.equal(p.get("code_challenge"), createHash("sha256").update(a.codeVerifier).digest("base64url"));
  assert.equal(p.get("scope"), "read tickets:write");
  assert.equal(p.get("state"), a.state);
  assert.match(a.codeVerifier, /^[A-Za-z0-9_-]{43}$/);
  const b = createAuthorizationUrl({ subdomain: "acme", clientId: publicClient, redirectUri, scopes: "read" });
  assert.notEqual(a.state, b.state);
  assert.notEqual(a.codeVerifier, b.codeVerifier);
  for (const [options, code] of [
    [{ subdomain: "acme", clientId: publicClient, redirectUri, scopes: ["admin"] }, "INVALID_SCOPE"],
    [{ subdomain: "acme", clientId: publicClient, redirectUri, scopes: [] }, "INVALID_SCOPE"],
    [{ subdomain: "evil.example/x#", clientId: publicClient, redirectUri, scopes: ["read"] }, "SUBDOMAIN_NOT_ZENDESK_HOST"],
    [{ subdomain: "acme", redirectUri, scopes: ["read"] }, "INVALID_OPTION"],
  ]) {
    assert.throws(() => createAuthorizationUrl(options), (e) => e.code === code);
  }
});

test("full flow: authorize, exchange the code, verify with the access token", async () => {
  const tokens = await login();
  assert.ok(tokens.accessToken && tokens.refreshToken);
  assert.equal(tokens.scope, "read write");
  // expires_in was asked for (1800 s by default), so the expiry is known.
  assert.ok(Math.abs(tokens.accessTokenExpiresAt - (Date.now() + 1800_000)) < 10_000);
  const me = await new ZendeskClient({ baseUrl, tokens, clientId: publicClient }).verify();
  assert.equal(me.user.email, acme.users.admin.email);
  assert.equal(me.authScheme, "oauth");
});

test("a code works once; a wrong verifier is refused", async () => {
  const { url, state, codeVerifier } = createAuthorizationUrl({ baseUrl, clientId: publicClient, redirectUri, scopes: ["read"] });
  const code = await authorize(url, state);
  await exchangeCode({ baseUrl, clientId: publicClient, code, codeVerifier, redirectUri });
  const again = await rejects(exchangeCode({ baseUrl, clientId: publicClient, code, codeVerifier, redirectUri }), "INVALID_GRANT");
  assert.equal(again.status, 400);
  const second = createAuthorizationUrl({ baseUrl, clientId: publicClient, redirectUri, scopes: ["read"] });
  const code2 = await authorize(second.url, second.state);
  await rejects(exchangeCode({ baseUrl, clientId: publicClient, code: code2, codeVerifier: codeVerifier, redirectUri }), "INVALID_GRANT");
});

test("refresh rotates the pair, and a reused refresh token is rejected and reported", async () => {
  const first = await login();
  const second = await refreshToken({ baseUrl, clientId: publicClient, refreshToken: first.refreshToken });
  assert.notEqual(second.refreshToken, first.refreshToken);
  assert.notEqual(second.accessToken, first.accessToken);
  const reused = await rejects(refreshToken({ baseUrl, clientId: publicClient, refreshToken: first.refreshToken }), "INVALID_GRANT");
  assert.match(reused.zendeskError, /invalid_grant/);
  assert.ok(!reused.message.includes(first.refreshToken));
});

test("client credentials: an access token and no refresh token; a wrong secret is INVALID_CLIENT", async () => {
  const t = await clientCredentialsToken({ baseUrl, clientId: confidential.identifier, clientSecret: confidential.secret, scopes: ["read"] });
  assert.equal(t.refreshToken, undefined);
  assert.equal((await new ZendeskClient({ baseUrl, oauthToken: t.accessToken }).verify()).authScheme, "oauth");
  await rejects(clientCredentialsToken({ baseUrl, clientId: confidential.identifier, clientSecret: "wrong", scopes: ["read"] }), "INVALID_CLIENT");
});

test("20 concurrent requests shortly before expiry cause exactly one refresh", async () => {
  const tokens = await login();
  const seen = [];
  const client = new ZendeskClient({
    baseUrl,
    clientId: publicClient,
    // Expiring in 10 s: inside the client's 60 s refresh margin.
    tokens: { ...tokens, accessTokenExpiresAt: Date.now() + 10_000 },
    onTokens: async (t) => {
      await new Promise((r) => setTimeout(r, 20)); // a slow store must still come first
      seen.push(t);
    },
  });
  const before = zd.oauthStats("acme").tokenRequests.refresh_token;
  const results = await Promise.all(Array.from({ length: 20 }, () => client.get("/api/v2/users/me.json")));
  assert.equal(results.filter((r) => r.status === 200).length, 20);
  const refreshes = zd.oauthStats("acme").tokenRequests.refresh_token - before;
  assert.equal(refreshes, 1);
  assert.equal(seen.length, 1);
  assert.notEqual(seen[0].refreshToken, tokens.refreshToken);
  console.log(`# measured refreshes for 20 concurrent requests across an expiry: ${refreshes}`);
});

test("after a 401 invalid_token the client refreshes once, for all concurrent requests", async () => {
  const tokens = await login();
  const client = new ZendeskClient({ baseUrl, tokens, clientId: publicClient });
  assert.equal((await client.get("/api/v2/users/me.json")).status, 200);
  zd.advanceClock(31 * 60 * 1000); // the access token is now expired at Zendesk
  const results = await Promise.all(Array.from({ length: 20 }, () => client.get("/api/v2/users/me.json")));
  assert.equal(results.filter((r) => r.status === 200).length, 20);
  assert.equal(zd.getLog({ grantType: "refresh_token", status: 200 }).length, 1);
});

test("onTokens sees every new pair in order, each refresh using the previous refresh token", async () => {
  const tokens = await login();
  const seen = [];
  const client = new ZendeskClient({ baseUrl, tokens, clientId: publicClient, onTokens: (t) => seen.push(t) });
  for (let i = 0; i < 3; i++) {
    zd.advanceClock(31 * 60 * 1000);
    await client.verify();
  }
  assert.equal(seen.length, 3);
  // Rotation at the fake would have refused any out-of-order or repeated refresh token.
  assert.equal(zd.getLog({ grantType: "refresh_token", status: 200 }).length, 3);
  assert.equal(zd.getLog({ grantType: "refresh_token", status: 400 }).length, 0);
  assert.equal(new Set(seen.map((t) => t.refreshToken)).size, 3);
});

test("a refresh that is refused surfaces as INVALID_GRANT, never as a loop", async () => {
  const tokens = await login();
  await refreshToken({ baseUrl, clientId: publicClient, refreshToken: tokens.refreshToken }); // spent elsewhere
  const client = new ZendeskClient({ baseUrl, tokens: { ...tokens, accessTokenExpiresAt: Date.now() }, clientId: publicClient });
  await rejects(client.verify(), "INVALID_GRANT");
  assert.equal(zd.getLog({ grantType: "refresh_token" }).length, 2);
});
