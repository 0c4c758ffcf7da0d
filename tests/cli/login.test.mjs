// login -> token -> token after expiry -> logout, as child processes against the fake
// Zendesk; the browser step is an HTTP client following the printed address's redirect
// to the loopback callback. Counts come from the fake (its OAuth stats and log), the
// file mode from stat.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { DENO_COMMAND, SEED, finish, loginWithBrowser, playBrowser, run, start, signInFixture, waitForStderr } from "./harness.mjs";

const PUBLIC_CLIENT = SEED.acme.oauthClients.public.identifier;
const CONFIDENTIAL = SEED.acme.oauthClients.confidential;
const fixture = signInFixture();
const { env, tokenFile, readTokens, meStatus } = fixture;

test("login -> token -> token after expiry -> logout", async () => {
  // Access tokens live 2 s here, so the second `token` call has to refresh.
  fixture.zd.configureAccount("acme", { oauth: { accessTokenLifetime: 2 } });
  const login = await loginWithBrowser(["--subdomain", "acme", "--client-id", PUBLIC_CLIENT], env());
  assert.equal(login.code, 0, login.stderr);
  assert.equal(login.browser.status, 200);
  assert.match(login.browser.body, /Signed in/);
  // The authorization request: PKCE S256, the scopes, a loopback redirect on the port it listened on.
  const q = login.browser.url.searchParams;
  assert.deepEqual([q.get("response_type"), q.get("code_challenge_method"), q.get("scope"), q.get("client_id")], ["code", "S256", "read write", PUBLIC_CLIENT]);
  assert.match(q.get("redirect_uri"), /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  assert.match(login.stderr, /Logged in to acme as Ada Admin <admin@acme\.test> \(admin\)/);
  assert.ok(login.stderr.includes(tokenFile()), "the path is shown");

  // Owner-only file in an owner-only folder.
  assert.equal((await stat(tokenFile())).mode & 0o777, 0o600);
  assert.equal((await stat(join(fixture.home.config, "zendesk-auth"))).mode & 0o777, 0o700);
  const first = await readTokens();
  assert.equal(first.subdomain, "acme");
  assert.ok(first.refreshToken && first.accessTokenExpiresAt > Date.now());

  // Still valid: printed as saved, no refresh.
  const t1 = await run(["token", "--min-valid", "0"], { env: env(), allowedOnStdout: [first.accessToken] });
  assert.equal(t1.code, 0, t1.stderr);
  assert.equal(t1.stdout, `${first.accessToken}\n`);
  assert.equal(fixture.zd.oauthStats("acme").tokenRequests.refresh_token, 0);

  await sleep(Math.max(0, first.accessTokenExpiresAt - Date.now()) + 300);
  const t2 = await run(["token", "--min-valid", "0"], { env: env(), allowedOnStdout: [] });
  const second = await readTokens();
  assert.equal(t2.code, 0, t2.stderr);
  assert.equal(t2.stdout, `${second.accessToken}\n`);
  assert.notEqual(second.accessToken, first.accessToken);
  assert.notEqual(second.refreshToken, first.refreshToken, "rotated");
  assert.equal(fixture.zd.oauthStats("acme").tokenRequests.refresh_token, 1);
  assert.equal((await stat(tokenFile())).mode & 0o777, 0o600, "still 0600 after the atomic rewrite");
  fixture.zd.configureAccount("acme", { oauth: { accessTokenLifetime: null } });

  // logout revokes by id (current.json's DELETE revokes nothing) and deletes the file.
  const out = await run(["logout"], { env: env() });
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, /Revoked OAuth token \d+/);
  const deletes = fixture.zd.getLog({ method: "DELETE" });
  assert.equal(deletes.length, 1);
  assert.match(deletes[0].apiPath, /^\/api\/v2\/oauth\/tokens\/\d+\.json$/);
  assert.equal(deletes[0].status, 204);
  await assert.rejects(stat(tokenFile()), { code: "ENOENT" });
  const current = fixture.zd.getLog({ method: "GET", apiPath: "/api/v2/oauth/tokens/current.json" }).at(-1);
  assert.equal(current.status, 200);
  // What logout revoked: the pair it used (refreshed first if it had expired).
  const refreshes = fixture.zd.oauthStats("acme").tokensIssued.refresh_token;
  assert.ok(refreshes >= 1);
  const after = await run(["token"], { env: env() });
  assert.equal(after.code, 2);
  assert.match(after.stderr, /NOT_LOGGED_IN/);
});

test("logout leaves no token working: the access token gets 401 and the refresh token invalid_grant", async () => {
  const login = await loginWithBrowser(["--subdomain", "acme", "--client-id", PUBLIC_CLIENT], env());
  assert.equal(login.code, 0, login.stderr);
  const saved = await readTokens();
  assert.equal(await meStatus(saved.accessToken), 200);
  const out = await run(["logout", "--json"], { env: env() });
  assert.equal(out.code, 0, out.stderr);
  const body = JSON.parse(out.stdout);
  assert.deepEqual([body.revoked, body.tokenFileDeleted, Number.isInteger(body.tokenId)], [true, true, true]);
  assert.equal(await meStatus(saved.accessToken), 401);
  const refresh = await fetch(`${fixture.zd.accountUrl("acme")}/oauth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "refresh_token", refresh_token: saved.refreshToken, client_id: PUBLIC_CLIENT }),
  });
  assert.equal((await refresh.json()).error, "invalid_grant");
});

test("logout with a read-only token: revoking needs write, so it warns (exit 1) with the way out, and still deletes the file", async () => {
  const login = await loginWithBrowser(["--subdomain", "acme", "--client-id", PUBLIC_CLIENT, "--scopes", "read"], env());
  assert.equal(login.code, 0, login.stderr);
  const saved = await readTokens();
  const out = await run(["logout"], { env: env() });
  assert.equal(out.code, 1);
  assert.match(out.stderr, /warning FORBIDDEN: The token could not be revoked[\s\S]*hint: Revoke it in Admin Center/);
  await assert.rejects(stat(tokenFile()), { code: "ENOENT" });
  assert.equal(await meStatus(saved.accessToken), 200, "Zendesk still accepts it: hence the warning");
});

test("login --json: subdomain, user, scope, file and its mode, expiry times", async () => {
  const child = start(["login", "--no-browser", "--json", "--subdomain", "acme", "--client-id", PUBLIC_CLIENT, "--scopes", "read"], { env: env() });
  child.stdin.end();
  await playBrowser(child);
  const r = await finish(child);
  assert.equal(r.code, 0, r.stderr);
  const body = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(body).sort(), ["accessTokenExpiresAt", "grant", "refreshTokenExpiresAt", "scope", "subdomain", "tokenFile", "tokenFileMode", "user"]);
  assert.deepEqual([body.subdomain, body.grant, body.scope, body.tokenFile, body.tokenFileMode], ["acme", "authorization_code", "read", tokenFile(), "0600"]);
  assert.equal(body.user.id, 1001);
  // expires_in is always asked for, so the expiry is known: Zendesk's default 30 minutes.
  const left = Date.parse(body.accessTokenExpiresAt) - Date.now();
  assert.ok(left > 1700_000 && left <= 1801_000, `${left} ms`);
  await readTokens();
});

test("a callback with the wrong state is refused and login keeps waiting for the right one", async () => {
  const child = start(["login", "--no-browser", "--subdomain", "acme", "--client-id", PUBLIC_CLIENT], { env: env() });
  child.stdin.end();
  const [, printed] = await waitForStderr(child, /(http:\/\/127\.0\.0\.1:\d+\/acme\/oauth\/authorizations\/new\?\S+)/);
  const redirect = new URL(new URL(printed).searchParams.get("redirect_uri"));
  const forged = await fetch(`${redirect.href}?code=forged&state=not-the-one`);
  assert.equal(forged.status, 400);
  const browser = await playBrowser(child);
  assert.equal(browser.status, 200);
  const r = await finish(child);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fixture.zd.oauthStats("acme").tokenRequests.authorization_code, 1, "the forged code was never exchanged");
  await readTokens();
});

test("a user who denies access: AUTHORIZATION_DENIED (exit 2), no token file", async () => {
  fixture.zd.configureAccount("acme", { oauth: { loginAs: "deny" } });
  const r = await loginWithBrowser(["--subdomain", "acme", "--client-id", PUBLIC_CLIENT], env());
  assert.equal(r.code, 2);
  assert.match(r.stderr, /AUTHORIZATION_DENIED/);
  assert.match(r.stderr, /hint:/);
  await assert.rejects(stat(tokenFile()), { code: "ENOENT" });
});

test("login without a client id or subdomain: coded errors with hints, exit 2", async () => {
  const noClient = await run(["login", "--subdomain", "acme"], { env: env() });
  assert.equal(noClient.code, 2);
  assert.match(noClient.stderr, /CLIENT_ID_MISSING[\s\S]*hint: .*Admin Center/);
  const noSub = await run(["login", "--client-id", PUBLIC_CLIENT, "--json"], { env: env() });
  assert.equal(noSub.code, 2);
  assert.equal(JSON.parse(noSub.stdout).error.code, "SUBDOMAIN_MISSING");
});

test("--client-credentials: the secret from the environment, no refresh token, renewed by the grant again", async () => {
  fixture.zd.configureAccount("acme", { oauth: { accessTokenLifetime: 2 } });
  const e = env({ ZENDESK_CLIENT_SECRET: CONFIDENTIAL.secret });
  const r = await run(["login", "--client-credentials", "--subdomain", "acme", "--client-id", CONFIDENTIAL.identifier, "--scopes", "read"], { env: e });
  assert.equal(r.code, 0, r.stderr);
  const saved = await readTokens();
  assert.deepEqual([saved.grant, saved.refreshToken, saved.scope], ["client_credentials", null, "read"]);
  await sleep(Math.max(0, saved.accessTokenExpiresAt - Date.now()) + 300);
  const t = await run(["token", "--min-valid", "0"], { env: e });
  assert.equal(t.code, 0, t.stderr);
  const renewed = await readTokens();
  assert.equal(t.stdout, `${renewed.accessToken}\n`);
  assert.equal(fixture.zd.oauthStats("acme").tokensIssued.client_credentials, 2);
  // Without the secret the token cannot be renewed, and the command says how to fix it.
  await sleep(Math.max(0, renewed.accessTokenExpiresAt - Date.now()) + 300);
  const noSecret = await run(["token", "--min-valid", "0"], { env: env() });
  assert.equal(noSecret.code, 2);
  assert.match(noSecret.stderr, /CLIENT_SECRET_MISSING[\s\S]*ZENDESK_CLIENT_SECRET/);
});

test("ZENDESK_TOKEN_FILE puts the tokens where it says, mode 0600", async () => {
  const path = join(fixture.home.dir, "elsewhere", "acme-tokens.json");
  const r = await loginWithBrowser(["--subdomain", "acme", "--client-id", PUBLIC_CLIENT], env({ ZENDESK_TOKEN_FILE: path }));
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  await assert.rejects(stat(tokenFile()), { code: "ENOENT" });
  const saved = await readTokens(path);
  const t = await run(["token"], { env: env({ ZENDESK_TOKEN_FILE: path }), allowedOnStdout: [saved.accessToken] });
  assert.equal(t.stdout, `${saved.accessToken}\n`);
});

test("under Deno 2 too: token refreshes the saved pair under the lock, doctor reports", async () => {
  fixture.zd.configureAccount("acme", { oauth: { accessTokenLifetime: 2 } });
  const login = await loginWithBrowser(["--subdomain", "acme", "--client-id", PUBLIC_CLIENT], env());
  assert.equal(login.code, 0, login.stderr);
  const saved = await readTokens();
  await sleep(Math.max(0, saved.accessTokenExpiresAt - Date.now()) + 300);
  fixture.zd.configureAccount("acme", { oauth: { accessTokenLifetime: null } });
  const t = await run(["token"], { env: env({ DENO_NO_UPDATE_CHECK: "1" }), command: DENO_COMMAND, timeoutMs: 60_000 });
  assert.equal(t.code, 0, t.stderr);
  const now = await readTokens();
  assert.equal(t.stdout, `${now.accessToken}\n`);
  assert.equal(fixture.zd.oauthStats("acme").tokensIssued.refresh_token, 1);
  assert.equal((await stat(tokenFile())).mode & 0o777, 0o600);
  const d = await run(["doctor", "--json"], { env: env({ DENO_NO_UPDATE_CHECK: "1" }), command: DENO_COMMAND, timeoutMs: 60_000 });
  assert.equal(d.code, 0, d.stderr);
  assert.equal(JSON.parse(d.stdout).setups[0].account.user.id, 1001);
});
