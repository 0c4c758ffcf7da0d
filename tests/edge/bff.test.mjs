// zendesk-auth/edge under workerd (Miniflare, Durable Objects on), against the fake
// Zendesk, whose token endpoint rotates and deletes the old pair as Zendesk's does. The
// Worker is the example in examples/edge-worker, bundled as wrangler bundles it, with the
// packed tarball installed by name. What reached Zendesk is read from the fake's log and
// OAuth counters, never from the code under test.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Browser, CLIENT_ID, Miniflare, here, SESSION_SECRET, bundle, fake, sleep, startAccessTeam, startRelay, worker } from "./harness.mjs";

const { SEED } = fake;
const APP = "http://localhost:8788"; // the fake accepts loopback redirect URIs for the confidential client
const acme = SEED.acme;
const CLIENT_SECRET = acme.oauthClients.confidential.secret;

let zd, relay, team, mf, built;
const log = [];
const workerLog = () => log.join("");

const refreshes = () => zd.oauthStats("acme").tokenRequests.refresh_token;
const issued = (grant, sub = "acme") => zd.oauthStats(sub).tokensIssued[grant];
const apiCalls = (sub = "acme") => zd.getLog({ account: sub }).filter((e) => e.apiPath?.startsWith("/api/v2/") && !e.apiPath.startsWith("/api/v2/oauth/"));

function userVars(extra = {}) {
  return {
    AUTH_MODE: "user", APP_ORIGIN: APP, ZENDESK_SUBDOMAIN: "acme", ZENDESK_BASE_URL: zd.accountUrl("acme"),
    ZENDESK_CLIENT_ID: CLIENT_ID, ZENDESK_CLIENT_SECRET: CLIENT_SECRET, SESSION_SECRET, TOKEN_TIMEOUT_MS: "1500", ...extra,
  };
}

function options(workers, extra = {}) {
  return {
    handleRuntimeStdio(stdout, stderr) {
      stdout.on("data", (d) => log.push(String(d)));
      stderr.on("data", (d) => log.push(String(d)));
    },
    workers,
    ...extra,
  };
}

async function json(res) {
  const text = await res.text();
  for (const t of relay.tokens) assert.ok(!text.includes(t), "a response body holds a token");
  for (const [, v] of res.headers) for (const t of relay.tokens) assert.ok(!v.includes(t), "a response header holds a token");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Signs in with 2-second access tokens, learns the budget with one call, then waits until the token has expired. */
async function signedInWithExpiredToken(browser) {
  zd.configureAccount("acme", { oauth: { accessTokenLifetime: 2 } });
  const cb = await browser.signIn();
  assert.equal(cb.status, 302);
  zd.configureAccount("acme", { oauth: { accessTokenLifetime: null } });
  const warm = await browser.fetch("/api/v2/users/me.json");
  assert.equal(warm.status, 200, await warm.clone().text());
  await warm.text();
  await sleep(2300);
}

before(async () => {
  zd = await fake.startFakeZendesk({});
  relay = await startRelay(zd.url);
  team = await startAccessTeam();
  built = await bundle();
  const script = join(here, "dist", "index.js");
  const viaRelay = (sub) => `${relay.url}/${sub}`;
  mf = new Miniflare(options([
    worker("edge-a", script, userVars({ ZENDESK_BASE_URL: viaRelay("acme") })),
    worker("edge-b", script, userVars({ ZENDESK_BASE_URL: viaRelay("acme") }), "edge-a"),
    worker("service-open", script, { ...userVars({ ZENDESK_BASE_URL: viaRelay("acme") }), AUTH_MODE: "service", ALLOW_ANONYMOUS: "true" }),
    worker("service-access", script, { ...userVars({ ZENDESK_BASE_URL: viaRelay("acme") }), AUTH_MODE: "service", ACCESS_TEAM_DOMAIN: team.team, ACCESS_AUD: team.audience }),
    worker("service-unguarded", script, { ...userVars(), AUTH_MODE: "service" }),
    worker("token-open", script, { AUTH_MODE: "api_token", APP_ORIGIN: APP, ZENDESK_SUBDOMAIN: "team", ZENDESK_BASE_URL: zd.accountUrl("team"),
      ZENDESK_EMAIL: SEED.team.users.admin.email, ZENDESK_API_TOKEN: SEED.team.apiTokens[0], ALLOW_ANONYMOUS: "true" }),
    worker("token-access", script, { AUTH_MODE: "api_token", APP_ORIGIN: APP, ZENDESK_SUBDOMAIN: "acme", ZENDESK_BASE_URL: `http://localhost:${zd.port}/acme`,
      ZENDESK_EMAIL: acme.users.admin.email, ZENDESK_API_TOKEN: acme.apiTokens[0], ACCESS_TEAM_DOMAIN: team.team, ACCESS_AUD: team.audience }),
    worker("token-capture", script, { AUTH_MODE: "api_token", APP_ORIGIN: APP, ZENDESK_SUBDOMAIN: "acme", ZENDESK_BASE_URL: `${zd.url}/__capture/acme`,
      ZENDESK_EMAIL: acme.users.admin.email, ZENDESK_API_TOKEN: acme.apiTokens[0], ALLOW_ANONYMOUS: "true" }),
    worker("bad-mode", script, userVars({ AUTH_MODE: "oauth" })),
    worker("bad-secret", script, userVars({ SESSION_SECRET: "short" })),
    worker("bad-client", script, userVars({ ZENDESK_CLIENT_SECRET: "" })),
    worker("token-unguarded", script, { AUTH_MODE: "api_token", APP_ORIGIN: APP, ZENDESK_SUBDOMAIN: "acme", ZENDESK_BASE_URL: zd.accountUrl("acme"),
      ZENDESK_EMAIL: acme.users.admin.email, ZENDESK_API_TOKEN: acme.apiTokens[0] }),
  ]));
  await mf.ready;
});

after(async () => {
  await mf?.dispose();
  await relay?.close();
  await team?.close();
  await zd?.close();
});

test("the bundle takes zendesk-auth/edge and the client's workerd entry from the installed tarball", () => {
  const inputs = Object.keys(built.metafile.inputs);
  assert.ok(inputs.includes("node_modules/zendesk-auth/edge/index.mjs"), inputs.join("\n"));
  assert.ok(inputs.includes("node_modules/zendesk-auth/client/workerd.mjs"));
  assert.ok(!inputs.some((p) => /zendesk-auth\/(client\/)?(browser|node)\.(mjs|cjs)$/.test(p)), "another entry was bundled");
});

test("outside workerd, importing zendesk-auth/edge fails with a coded error saying where it runs", async () => {
  await assert.rejects(import("zendesk-auth/edge"), (e) => e.code === "EDGE_NEEDS_WORKERD" && /wrangler/.test(e.hint) && /Cloudflare Workers/.test(e.message));
});

test("user mode: login, callback, session, API call with the user's own token, logout", async () => {
  const b = new Browser(mf, "edge-a", APP);
  const login = await b.fetch("/auth/login?return_to=/inbox");
  assert.equal(login.status, 302);
  const to = new URL(login.headers.get("location"));
  assert.equal(to.pathname, "/acme/oauth/authorizations/new");
  assert.equal(to.searchParams.get("code_challenge_method"), "S256");
  assert.equal(to.searchParams.get("client_id"), CLIENT_ID);
  assert.equal(to.searchParams.get("redirect_uri"), `${APP}/auth/callback`);
  const loginCookie = login.headers.getSetCookie()[0];
  assert.match(loginCookie, /^__Host-zendesk-login=[A-Za-z0-9_-]+; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=600$/);
  assert.ok(!loginCookie.includes(to.searchParams.get("state")), "the login cookie holds the state in clear");

  const approved = await fetch(to, { redirect: "manual" });
  const back = new URL(approved.headers.get("location"));
  // A callback from another browser (no login cookie) or with another state is refused.
  const stranger = new Browser(mf, "edge-a", APP);
  const r1 = await stranger.fetch(back.pathname + back.search);
  assert.equal(r1.status, 400);
  assert.equal((await json(r1)).code, "LOGIN_EXPIRED");
  const forged = new URL(back);
  forged.searchParams.set("state", "x".repeat(43));
  const r2 = await b.fetch(forged.pathname + forged.search);
  assert.equal(r2.status, 400);
  assert.equal(r2.headers.get("x-zendesk-auth-code"), "LOGIN_STATE_MISMATCH");
  await r2.text();

  // The failed attempt cleared the login cookie: start again, then complete.
  const cb = await b.signIn();
  assert.equal(cb.status, 302);
  assert.equal(cb.headers.get("location"), `${APP}/`);
  const session = cb.headers.getSetCookie().find((c) => c.startsWith("__Host-zendesk-session="));
  assert.match(session, /^__Host-zendesk-session=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
  assert.equal(issued("authorization_code"), 1, "one exchange, for the one completed callback");

  const who = await b.fetch("/auth/session", { headers: { origin: APP } });
  const info = await json(who);
  assert.equal(info.signedIn, true);
  assert.deepEqual([info.user.id, info.user.email, info.user.role], [1001, acme.users.admin.email, "admin"]);
  assert.ok(info.accessTokenExpiresAt > Date.now() && info.sessionExpiresAt > info.accessTokenExpiresAt);
  assert.equal(who.headers.get("access-control-allow-origin"), APP);
  assert.equal(who.headers.get("access-control-allow-credentials"), "true");

  const me = await b.fetch("/api/v2/users/me.json", { headers: { origin: APP } });
  assert.equal(me.status, 200);
  assert.equal((await json(me)).user.id, 1001);
  const sent = apiCalls().at(-1);
  assert.equal(sent.authScheme, "bearer");
  assert.equal(sent.userId ?? 1001, 1001);

  const created = await b.fetch("/api/v2/tickets.json", {
    method: "POST", headers: { origin: APP, "content-type": "application/json" },
    body: JSON.stringify({ ticket: { subject: "Printer", comment: { body: "On fire" } } }),
  });
  assert.equal(created.status, 201);
  assert.match(created.headers.get("location"), new RegExp(`^${APP}/api/v2/tickets/\\d+\\.json$`));
  await created.text();

  const accessToken = [...relay.tokens].filter((t) => t.startsWith("eyJ")).at(-1); // the one the callback got
  const live = await fetch(`${zd.accountUrl("acme")}/api/v2/users/me.json`, { headers: { authorization: `Bearer ${accessToken}` } });
  assert.equal(live.status, 200);
  await live.text();
  const out = await b.fetch("/auth/logout", { method: "POST", headers: { origin: APP } });
  assert.equal(out.status, 200);
  assert.deepEqual(await json(out), { signedIn: false, revoked: true });
  // Revoked by id (Zendesk ignores DELETE current.json), and really dead at Zendesk.
  const revocations = zd.getLog({ account: "acme", method: "DELETE" }).filter((e) => /^\/api\/v2\/oauth\/tokens\/\d+\.json$/.test(e.apiPath));
  assert.deepEqual(revocations.map((e) => e.status), [204]);
  const dead = await fetch(`${zd.accountUrl("acme")}/api/v2/users/me.json`, { headers: { authorization: `Bearer ${accessToken}` } });
  assert.equal(dead.status, 401);
  await dead.text();
  assert.ok(out.headers.getSetCookie().some((c) => /^__Host-zendesk-session=; .*Max-Age=0/.test(c)));
  const after = await b.fetch("/auth/session");
  assert.equal((await json(after)).signedIn, false);
});

test("user mode refuses anonymous, unknown-session and cross-site callers before Zendesk", async () => {
  const before = apiCalls().length;
  const anon = new Browser(mf, "edge-a", APP);
  const r = await anon.fetch("/api/v2/users/me.json");
  assert.equal(r.status, 401);
  assert.deepEqual(Object.keys(await json(r)).sort(), ["code", "hint", "message"]);
  assert.equal(r.headers.get("x-zendesk-auth-code"), "NOT_SIGNED_IN");
  anon.jar.set("__Host-zendesk-session", "A".repeat(43));
  const unknown = await anon.fetch("/api/v2/users/me.json");
  assert.equal(unknown.status, 401);
  assert.equal(unknown.headers.get("x-zendesk-auth-code"), "NOT_SIGNED_IN");
  await unknown.text();
  assert.equal(apiCalls().length, before, "an anonymous request reached Zendesk");

  const b = new Browser(mf, "edge-a", APP);
  await b.signIn();
  const signedIn = apiCalls().length; // the callback asked Zendesk who signed in
  for (const [init, status, code] of [
    [{ headers: { origin: "https://evil.example" }, firstWorker: true }, 403, "ORIGIN_NOT_ALLOWED"],
    [{ headers: { "sec-fetch-site": "cross-site" } }, 403, "ORIGIN_NOT_ALLOWED"],
    [{ method: "POST", headers: { "content-type": "application/json" }, body: "{}" }, 403, "ORIGIN_NOT_ALLOWED"],
    [{ method: "POST", headers: { origin: APP, "content-type": "text/plain" }, body: "{}" }, 415, "UNSUPPORTED_MEDIA_TYPE"],
    [{ method: "DELETE", headers: { origin: APP } }, 405, "METHOD_NOT_ALLOWED"],
  ]) {
    const res = await b.fetch("/api/v2/tickets.json", init);
    const text = await res.text();
    assert.equal(res.status, status, code);
    assert.equal(res.headers.get("x-zendesk-auth-code"), code, text);
  }
  const notListed = await b.fetch("/api/v2/users.json");
  assert.equal(notListed.status, 404);
  assert.equal(notListed.headers.get("x-zendesk-auth-code"), "PATH_NOT_ALLOWED");
  await notListed.text();
  assert.equal(apiCalls().length, signedIn, "a refused request reached Zendesk");
});

test("50 concurrent calls with an expired access token: exactly 1 refresh at Zendesk", async () => {
  const b = new Browser(mf, "edge-a", APP);
  await signedInWithExpiredToken(b);
  const start = refreshes();
  const answers = await Promise.all(Array.from({ length: 50 }, () => b.fetch("/api/v2/users/me.json").then(async (r) => [r.status, await r.text()])));
  assert.deepEqual(answers.map(([s]) => s), Array(50).fill(200), answers.find(([s]) => s !== 200)?.[1]);
  const count = refreshes() - start;
  console.log(`figure: refreshes for 50 concurrent calls through one Worker: ${count}`);
  assert.equal(count, 1);
});

test("the same through two Worker instances sharing the Durable Object namespace: still 1 refresh", async () => {
  const a = new Browser(mf, "edge-a", APP);
  await signedInWithExpiredToken(a);
  const b = new Browser(mf, "edge-b", APP);
  b.jar = a.jar; // the same person, served by another Worker
  const start = refreshes();
  const calls = Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).fetch("/api/v2/users/me.json").then(async (r) => [r.status, await r.text()]));
  const answers = await Promise.all(calls);
  assert.deepEqual(answers.map(([s]) => s), Array(50).fill(200), answers.find(([s]) => s !== 200)?.[1]);
  const count = refreshes() - start;
  console.log(`figure: refreshes for 50 concurrent calls through two Workers: ${count}`);
  assert.equal(count, 1);
});

for (const [fault, label] of [["502", "a 502"], ["stall", "a timeout"]]) {
  test(`${label} from the token endpoint during refresh loses nothing`, async () => {
    const b = new Browser(mf, "edge-a", APP);
    await signedInWithExpiredToken(b);
    const start = issued("refresh_token");
    zd.enqueueFault("acme", { fault, count: 1, method: "POST", path: "/oauth/tokens" });
    const failed = await b.fetch("/api/v2/users/me.json");
    assert.equal(failed.status, 503);
    assert.equal(failed.headers.get("x-zendesk-auth-code"), "TOKEN_REFRESH_FAILED");
    assert.ok(Number(failed.headers.get("retry-after")) >= 1);
    await failed.text();
    assert.equal(issued("refresh_token") - start, 0, "Zendesk rotated nothing");
    const again = await b.fetch("/api/v2/users/me.json");
    assert.equal(again.status, 200, await again.clone().text());
    await again.text();
    assert.equal(issued("refresh_token") - start, 1, "the kept refresh token worked on the next try");
    const s = await json(await b.fetch("/auth/session"));
    assert.equal(s.signedIn, true);
    console.log(`figure: ${label} on refresh: first call ${failed.status} TOKEN_REFRESH_FAILED, next call ${again.status}, session kept`);
  });
}

test("a lost refresh answer (Zendesk rotated, the Worker never heard) ends in REAUTH_REQUIRED, not a loop", async () => {
  const b = new Browser(mf, "edge-a", APP);
  await signedInWithExpiredToken(b);
  const start = refreshes();
  relay.dropNextTokenAnswer();
  const lost = await b.fetch("/api/v2/users/me.json");
  assert.equal(lost.status, 503);
  await lost.text();
  const reuse = await b.fetch("/api/v2/users/me.json");
  assert.equal(reuse.status, 401);
  const body = await json(reuse);
  assert.equal(body.code, "REAUTH_REQUIRED");
  assert.match(body.hint, /\/auth\/login/);
  for (let i = 0; i < 5; i++) {
    const r = await b.fetch("/api/v2/users/me.json");
    assert.equal(r.status, 401);
    assert.equal(r.headers.get("x-zendesk-auth-code"), "REAUTH_REQUIRED");
    await r.text();
  }
  assert.equal(refreshes() - start, 2, "one lost refresh, one reuse, then no more token requests");
  const s = await json(await b.fetch("/auth/session"));
  assert.deepEqual(s, { signedIn: false, code: "REAUTH_REQUIRED" });
  // Signing in again works.
  await b.signIn();
  const ok = await b.fetch("/api/v2/users/me.json");
  assert.equal(ok.status, 200);
  await ok.text();
});

test("refresh ahead of expiry, with the margin clamped to a short token's life", async () => {
  zd.configureAccount("acme", { oauth: { accessTokenLifetime: 8 } }); // margin: a quarter of 8 s, not a minute
  const b = new Browser(mf, "edge-a", APP);
  try {
    await b.signIn();
    const start = refreshes();
    await sleep(1000);
    const early = await b.fetch("/api/v2/users/me.json");
    assert.equal(early.status, 200);
    await early.text();
    assert.equal(refreshes() - start, 0, "refreshed a token with 7 s to live");
    await sleep(5500); // 6.5 s of 8: inside the 2-s margin, still valid at Zendesk
    const rejected = apiCalls().filter((e) => e.status === 401).length;
    const late = await b.fetch("/api/v2/users/me.json");
    assert.equal(late.status, 200);
    await late.text();
    assert.equal(refreshes() - start, 1, "no refresh ahead of expiry");
    assert.equal(apiCalls().filter((e) => e.status === 401).length, rejected, "Zendesk had to refuse the old token first");
  } finally {
    zd.configureAccount("acme", { oauth: { accessTokenLifetime: null } });
  }
});

test("a session whose refresh token has expired is removed from storage by its alarm", async () => {
  zd.configureAccount("acme", { oauth: { refreshTokenLifetime: 2, accessTokenLifetime: 2 } });
  const b = new Browser(mf, "edge-a", APP);
  try {
    await b.signIn();
  } finally {
    zd.configureAccount("acme", { oauth: { refreshTokenLifetime: null, accessTokenLifetime: null } });
  }
  assert.equal((await json(await b.fetch("/auth/session"))).signedIn, true);
  await sleep(3000);
  assert.deepEqual(await json(await b.fetch("/auth/session")), { signedIn: false });
  const start = refreshes();
  const r = await b.fetch("/api/v2/users/me.json");
  assert.equal(r.status, 401);
  assert.equal(r.headers.get("x-zendesk-auth-code"), "NOT_SIGNED_IN");
  await r.text();
  assert.equal(refreshes(), start, "a dead refresh token was sent");
  assert.match(workerLog(), /session expired and removed/);
});

test("service mode: 50 concurrent first calls mint exactly 1 client-credentials token, acting as the client's owner", async () => {
  const before = zd.oauthStats("acme").tokenRequests.client_credentials;
  const w = await mf.getWorker("service-open");
  const warm = await w.fetch(`${APP}/api/v2/users/me.json`);
  assert.equal(warm.status, 200);
  assert.equal((await json(warm)).user.id, acme.oauthClients.confidential.ownerUserId ?? 1001);
  const answers = await Promise.all(Array.from({ length: 50 }, () => w.fetch(`${APP}/api/v2/users/me.json`).then((r) => r.text().then(() => r.status))));
  assert.deepEqual(answers, Array(50).fill(200));
  assert.equal(zd.oauthStats("acme").tokenRequests.client_credentials - before, 1);
});

test("service and api_token modes: anonymous callers refused unless allowed; Access JWTs verified", async () => {
  const get = async (name, headers = {}) => {
    const w = await mf.getWorker(name);
    const r = await w.fetch(`${APP}/api/v2/users/me.json`, { headers });
    return { status: r.status, code: r.headers.get("x-zendesk-auth-code"), body: await json(r) };
  };
  const before = apiCalls().length + apiCalls("team").length;
  for (const name of ["service-unguarded", "token-unguarded"]) {
    const r = await get(name, { origin: APP });
    assert.equal(r.status, 500, name);
    assert.equal(r.code, "CALLER_CHECK_MISSING");
    assert.match(r.body.hint, /ALLOW_ANONYMOUS=true/);
    // Anyone else learns only that the proxy is misconfigured.
    const other = await get(name);
    assert.deepEqual([other.status, other.code], [500, "PROXY_MISCONFIGURED"]);
  }
  for (const name of ["service-access", "token-access"]) {
    assert.equal((await get(name)).code, "CALLER_NOT_AUTHENTICATED", name);
    const forged = await team.sign({}, { key: team.otherKey });
    assert.equal((await get(name, { "cf-access-jwt-assertion": forged })).code, "ACCESS_JWT_INVALID");
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ iss: team.team, aud: ["aud-tag"], exp: 9e9 })).toString("base64url")}.`;
    assert.equal((await get(name, { "cf-access-jwt-assertion": none })).code, "ACCESS_JWT_INVALID");
    assert.equal((await get(name, { "cf-access-jwt-assertion": await team.sign({ aud: ["other-app"] }) })).code, "ACCESS_JWT_INVALID");
    assert.equal((await get(name, { "cf-access-jwt-assertion": await team.sign({ exp: Math.floor(Date.now() / 1000) - 3600 }) })).code, "ACCESS_JWT_INVALID");
    assert.equal((await get(name, { "cf-access-jwt-assertion": await team.sign({ iss: "https://other.cloudflareaccess.com" }) })).code, "ACCESS_JWT_INVALID");
  }
  assert.equal(apiCalls().length + apiCalls("team").length, before, "a refused caller reached Zendesk");
  for (const name of ["service-access", "token-access"]) {
    const ok = await get(name, { "cf-access-jwt-assertion": await team.sign({}) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.user.id, 1001);
  }
  assert.ok(team.certsServed() >= 1);
});

test("api_token mode: Basic to Zendesk, and one warning per isolate naming the retirement date", async () => {
  const w = await mf.getWorker("token-open");
  for (let i = 0; i < 3; i++) {
    const r = await w.fetch(`${APP}/api/v2/users/me.json`);
    assert.equal(r.status, 200);
    await r.text();
  }
  assert.equal(apiCalls("team").at(-1).authScheme, "basic");
  await sleep(200);
  const lines = workerLog().split("\n");
  assert.equal(lines.filter((l) => l.includes("AUTH_MODE=api_token") && l.includes("2027-04-30")).length, 2, "token-open and token-access: one each");
  assert.equal(lines.filter((l) => l.includes("ALLOW_ANONYMOUS=true")).length, 2, "service-open and token-open: one each");
});

test("what crosses the proxy: only Accept and Content-Type go to Zendesk, redirects are not followed", async () => {
  const w = await mf.getWorker("token-capture");
  const r = await w.fetch(`${APP}/api/v2/tickets.json`, {
    method: "POST",
    headers: { origin: APP, authorization: `Bearer ${acme.oauth.endUserReadWrite.token}`, cookie: "__Host-zendesk-session=x", "x-custom": "1",
      "x-fake-fault": "500", accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify({ ticket: { comment: { body: "hi" } } }),
  });
  assert.equal(r.status, 200, await r.text());
  const [c] = zd.captures();
  assert.equal(c.path, "/__capture/acme/api/v2/tickets.json");
  assert.equal(c.authScheme, "basic");
  assert.deepEqual(Object.keys(c.headers).filter((n) => !n.startsWith("cf-")).sort(), ["accept", "authorization", "content-length", "content-type", "host", "user-agent"]);
  zd.clearCaptures();

  const open = await mf.getWorker("token-access");
  const headers = { "cf-access-jwt-assertion": await team.sign({}), origin: APP };
  for (const fault of ["redirect", "redirect-same-host=307"]) {
    zd.enqueueFault("acme", { fault, count: 1 });
    const res = await open.fetch(`${APP}/api/v2/users/me.json`, { headers });
    assert.equal(res.status, 502, fault);
    assert.equal(res.headers.get("x-zendesk-auth-code"), "UPSTREAM_REDIRECT");
    assert.equal(res.headers.get("location"), null);
    await res.text();
  }
  assert.deepEqual(zd.captures(), [], "a redirect was followed");
});

test("configuration errors answer 500 with a code and hint on every request, and never the secret", async () => {
  for (const [name, code] of [["bad-mode", "AUTH_MODE_INVALID"], ["bad-secret", "SESSION_SECRET_MISSING"], ["bad-client", "OAUTH_CLIENT_MISSING"]]) {
    const w = await mf.getWorker(name);
    for (const path of ["/auth/login", "/api/v2/users/me.json"]) {
      const r = await w.fetch(`${APP}${path}`, { headers: { origin: APP } });
      const body = await json(r);
      assert.equal(r.status, 500, name);
      assert.equal(body.code, code, name);
      assert.ok(body.hint.length > 10);
      assert.equal(r.headers.get("access-control-allow-origin"), APP, "the app cannot read why");
      assert.ok(!JSON.stringify(body).includes(CLIENT_SECRET) && !JSON.stringify(body).includes(SESSION_SECRET));
    }
  }
});

test("rate budget: with Zendesk at L a minute and 3xL offered, Zendesk sees at most L and no 429", async () => {
  const L = 20;
  zd.configureAccount("team", { rateLimit: { limit: L, windowMs: 60_000 } });
  const startCalls = apiCalls("team").length;
  const w = await mf.getWorker("token-open");
  const statuses = [];
  const refusals = [];
  // 3xL calls in waves of 10, as a busy app would send them.
  for (let wave = 0; wave < (3 * L) / 10; wave++) {
    const rs = await Promise.all(Array.from({ length: 10 }, () => w.fetch(`${APP}/api/v2/users/me.json`, { headers: { origin: APP } })));
    for (const r of rs) {
      statuses.push(r.status);
      if (r.status === 429) refusals.push({ code: r.headers.get("x-zendesk-auth-code"), retryAfter: r.headers.get("retry-after"), cors: r.headers.get("access-control-allow-origin"), expose: r.headers.get("access-control-expose-headers") });
      await r.text();
    }
  }
  const seen = apiCalls("team").slice(startCalls);
  const zendesk429 = seen.filter((e) => e.status === 429).length;
  console.log(`figure: rate budget: L=${L}/min, ${3 * L} offered, Zendesk saw ${seen.length} (${zendesk429} answered 429), proxy answered ${refusals.length} with 429, ${statuses.filter((s) => s === 200).length} got 200`);
  assert.ok(seen.length <= L, `Zendesk saw ${seen.length} > ${L}`);
  assert.ok(seen.length >= L - 1, `only ${seen.length} of the budget's ${L} were used`);
  assert.equal(zendesk429, 0);
  assert.equal(refusals.length, 3 * L - seen.length);
  for (const r of refusals) {
    assert.equal(r.code, "RATE_BUDGET_EXCEEDED");
    assert.ok(Number(r.retryAfter) >= 1);
    assert.equal(r.cors, APP, "the browser could not read the 429");
    assert.ok(r.expose.split(", ").includes("retry-after"));
  }
});

test("after a Zendesk 429 nothing goes to Zendesk until its Retry-After has passed", async () => {
  const w = await mf.getWorker("token-access");
  const headers = { "cf-access-jwt-assertion": await team.sign({}), origin: APP };
  const call = async () => {
    const r = await w.fetch(`${APP}/api/v2/users/me.json`, { headers });
    await r.text();
    return r;
  };
  const learn = await w.fetch(`${APP}/api/v2/users/me.json`, { headers });
  assert.equal(learn.status, 200, await learn.text()); // the budget learns the limit
  zd.enqueueFault("acme", { fault: "429-retry-after=2", count: 1 });
  const start = apiCalls().length;
  const first = await call();
  assert.equal(first.status, 429);
  assert.equal(first.headers.get("retry-after"), "2");
  assert.equal(first.headers.get("x-zendesk-auth-code"), null, "Zendesk's own 429 passes through as Zendesk's");
  assert.equal(first.headers.get("access-control-allow-origin"), APP);
  for (let i = 0; i < 5; i++) {
    const r = await call();
    assert.equal(r.status, 429);
    assert.equal(r.headers.get("x-zendesk-auth-code"), "ZENDESK_RATE_LIMITED");
  }
  assert.equal(apiCalls().length - start, 1, "calls went to Zendesk during its Retry-After");
  await sleep(2100);
  assert.equal((await call()).status, 200);
  assert.equal(apiCalls().length - start, 2);
});

test("rate budget: an endpoint bucket (tickets index) is learned from its first answer and kept", async () => {
  zd.configureAccount("acme", { ticketsIndexLimit: { limit: 5, windowMs: 60_000 } });
  const w = await mf.getWorker("token-access");
  const headers = { "cf-access-jwt-assertion": await team.sign({}) };
  const start = apiCalls().length;
  let ok = 0;
  for (let wave = 0; wave < 3; wave++) {
    const rs = await Promise.all(Array.from({ length: 5 }, () => w.fetch(`${APP}/api/v2/tickets.json`, { headers })));
    for (const r of rs) {
      if (r.status === 200) ok++;
      else assert.equal(r.headers.get("x-zendesk-auth-code"), "RATE_BUDGET_EXCEEDED");
      await r.text();
    }
  }
  const seen = apiCalls().slice(start);
  console.log(`figure: tickets-index bucket of 5: 15 offered, Zendesk saw ${seen.length}, ${seen.filter((e) => e.status === 429).length} answered 429`);
  assert.ok(seen.length <= 5 && ok === seen.length);
  assert.equal(seen.filter((e) => e.status === 429).length, 0);
  zd.configureAccount("acme", { ticketsIndexLimit: { limit: 100, windowMs: 60_000 } });
});

test("an access token Zendesk refuses before its expiry: 50 concurrent 401s cause 1 refresh, then every call succeeds", async () => {
  const b = new Browser(mf, "edge-a", APP);
  await b.signIn();
  const warm = await b.fetch("/api/v2/users/me.json");
  assert.equal(warm.status, 200);
  await warm.text();
  zd.advanceClock(2 * 3600 * 1000); // Zendesk's clock: the token is now past its exp there only
  const start = refreshes();
  const answers = await Promise.all(Array.from({ length: 50 }, () => b.fetch("/api/v2/users/me.json").then(async (r) => [r.status, await r.text()])));
  assert.deepEqual(answers.map(([st]) => st), Array(50).fill(200), answers.find(([st]) => st !== 200)?.[1]);
  assert.equal(refreshes() - start, 1);
  const invalid = apiCalls().filter((e) => e.status === 401).length;
  console.log(`figure: 50 concurrent calls whose token Zendesk refused (401): ${refreshes() - start} refresh`);
  assert.ok(invalid >= 1);
});

test("a restart (new Miniflare on the same storage) keeps every session; tokens are encrypted at rest", async () => {
  const dir = mkdtempSync(join(tmpdir(), "edge-persist-"));
  const script = join(here, "dist", "index.js");
  const make = () => new Miniflare(options([worker("edge-p", script, userVars({ ZENDESK_BASE_URL: `${relay.url}/acme` }))], { durableObjectsPersist: dir }));
  let m = make();
  await m.ready;
  const people = [new Browser(m, "edge-p", APP), new Browser(m, "edge-p", APP), new Browser(m, "edge-p", APP)];
  for (const p of people) assert.equal((await p.signIn()).status, 302);
  for (const p of people) assert.equal((await p.fetch("/api/v2/users/me.json")).status, 200);
  await m.dispose();

  const files = [];
  const walk = (d) => { for (const f of readdirSync(d)) { const p = join(d, f); statSync(p).isDirectory() ? walk(p) : files.push(p); } };
  walk(dir);
  assert.ok(files.some((f) => f.endsWith(".sqlite")), files.join("\n"));
  const raw = files.map((f) => readFileSync(f).toString("latin1")).join("\n");
  assert.ok(relay.tokens.size >= 6);
  for (const t of relay.tokens) assert.ok(!raw.includes(t), "a token is stored in clear");

  const tokenRequests = zd.oauthStats("acme").tokenRequests;
  m = make();
  await m.ready;
  try {
    for (const p of people) {
      p.mf = m;
      const s = await json(await p.fetch("/auth/session"));
      assert.equal(s.signedIn, true);
      const r = await p.fetch("/api/v2/users/me.json");
      assert.equal(r.status, 200);
      await r.text();
    }
  } finally {
    await m.dispose();
  }
  assert.deepEqual(zd.oauthStats("acme").tokenRequests, tokenRequests, "the restart needed a token request");
  console.log(`figure: restart: ${people.length} of ${people.length} sessions kept, 0 token requests after the restart`);
});

test("no token in the Worker's log", async () => {
  await sleep(200);
  const text = workerLog();
  assert.ok(relay.tokens.size > 10);
  for (const t of relay.tokens) assert.ok(!text.includes(t), "the log holds a token");
  assert.ok(!text.includes(CLIENT_SECRET) && !text.includes(SESSION_SECRET) && !text.includes(acme.apiTokens[0]));
  assert.match(text, /token refreshed/);
});
