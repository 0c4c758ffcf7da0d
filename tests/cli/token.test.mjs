// `token` under concurrency and failure: 10 processes across an expiry make exactly one
// refresh (counted by the fake); a 5xx or a crash mid-refresh keeps the saved refresh
// token usable; invalid_grant says to log in again; a stale lock is broken.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, stat, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

import { SEED, finish, loginWithBrowser, run, signInFixture, start } from "./harness.mjs";

const PUBLIC_CLIENT = SEED.acme.oauthClients.public.identifier;
const fixture = signInFixture();
const { env, tokenFile, readTokens, meStatus } = fixture;
const lockFile = () => `${tokenFile()}.lock`;

/** Log in with 2-second access tokens and wait until the saved one has expired. */
async function loginThenExpire() {
  fixture.zd.configureAccount("acme", { oauth: { accessTokenLifetime: 2 } });
  const r = await loginWithBrowser(["--subdomain", "acme", "--client-id", PUBLIC_CLIENT], env());
  assert.equal(r.code, 0, r.stderr);
  const saved = await readTokens();
  await sleep(Math.max(0, saved.accessTokenExpiresAt - Date.now()) + 300);
  // The refreshed token lives long enough for every waiting process to use it.
  fixture.zd.configureAccount("acme", { oauth: { accessTokenLifetime: null } });
  return saved;
}

test("10 concurrent `token` calls across an expiry make exactly 1 refresh and print the same valid token", async () => {
  const saved = await loginThenExpire();
  const before = fixture.zd.oauthStats("acme").tokenRequests.refresh_token;
  assert.equal(before, 0);
  const results = await Promise.all(Array.from({ length: 10 }, () => run(["token"], { env: env(), allowedOnStdout: [] , timeoutMs: 60_000 })));
  const refreshes = fixture.zd.oauthStats("acme").tokenRequests.refresh_token;
  console.log(`concurrent token: ${results.length} processes, ${refreshes} refresh request(s) at the fake`);
  assert.equal(refreshes, 1);
  assert.equal(fixture.zd.oauthStats("acme").tokensIssued.refresh_token, 1);
  const now = await readTokens();
  for (const r of results) {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${now.accessToken}\n`);
  }
  assert.notEqual(now.refreshToken, saved.refreshToken);
  assert.equal(await meStatus(now.accessToken), 200);
  await assert.rejects(stat(lockFile()), { code: "ENOENT" }, "the lock is released");
});

test("a 503 from the token endpoint keeps the saved refresh token (exit 1), and the next call succeeds", async () => {
  const saved = await loginThenExpire();
  fixture.zd.enqueueFault("acme", { fault: "503", count: 5, path: "/oauth/tokens" });
  const failed = await run(["token", "--json"], { env: env() });
  assert.equal(failed.code, 1, failed.stderr);
  const error = JSON.parse(failed.stdout).error;
  assert.equal(error.code, "SERVER_ERROR");
  assert.match(error.message, /refresh token is unchanged/);
  assert.equal((await readTokens()).refreshToken, saved.refreshToken);
  fixture.zd.clearFaults("acme");
  const ok = await run(["token"], { env: env() });
  assert.equal(ok.code, 0, ok.stderr);
  const now = await readTokens();
  assert.equal(ok.stdout, `${now.accessToken}\n`);
  assert.equal(fixture.zd.oauthStats("acme").tokensIssued.refresh_token, 1);
});

test("a process killed mid-refresh loses nothing: its stale lock is broken and the saved refresh token still works", async () => {
  const saved = await loginThenExpire();
  // The token endpoint never answers this one; the process is killed while it waits.
  fixture.zd.enqueueFault("acme", { fault: "stall", count: 1, path: "/oauth/tokens" });
  const stalled = () => fixture.zd.getLog({ apiPath: "/oauth/tokens" }).filter((e) => e.fault === "stall").length;
  const child = start(["token"], { env: env() });
  child.stdin.end();
  for (let i = 0; i < 400 && stalled() === 0; i++) await sleep(25);
  assert.equal(stalled(), 1, "the refresh request reached the fake");
  const lock = JSON.parse(await readFile(lockFile(), "utf8"));
  assert.equal(lock.pid, child.pid);
  child.kill("SIGKILL");
  const killed = await finish(child);
  assert.equal(killed.signal, "SIGKILL");
  assert.equal((await readTokens()).refreshToken, saved.refreshToken, "the file still holds the usable pair");
  await stat(lockFile()); // left behind by the dead process

  const next = await run(["token"], { env: env() });
  assert.equal(next.code, 0, next.stderr);
  const now = await readTokens();
  assert.equal(next.stdout, `${now.accessToken}\n`);
  assert.notEqual(now.refreshToken, saved.refreshToken);
  assert.equal(fixture.zd.oauthStats("acme").tokensIssued.refresh_token, 1);
  await assert.rejects(stat(lockFile()), { code: "ENOENT" });
});

test("a lock left by a process on this machine that no longer exists is broken at once", async () => {
  await loginThenExpire();
  const { hostname } = await import("node:os");
  // A pid far above Linux's default pid_max (4194304 at most): no such process.
  await writeFile(lockFile(), JSON.stringify({ pid: 99_999_999, host: hostname(), time: Date.now(), nonce: "dead" }), { mode: 0o600 });
  const started = Date.now();
  const r = await run(["token"], { env: env() });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Date.now() - started < 10_000);
  assert.equal(fixture.zd.oauthStats("acme").tokensIssued.refresh_token, 1);
  await readTokens();
});

test("a lock older than 60 s is broken even though its process (this test) is alive", async () => {
  await loginThenExpire();
  const { hostname } = await import("node:os");
  await writeFile(lockFile(), JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() - 61_000, nonce: "old" }), { mode: 0o600 });
  const r = await run(["token"], { env: env() });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fixture.zd.oauthStats("acme").tokensIssued.refresh_token, 1);
  await readTokens();
});

test("a live, fresh lock is waited for at most 30 s: LOCK_TIMEOUT (exit 1), nothing refreshed", async () => {
  await loginThenExpire();
  const { hostname } = await import("node:os");
  await writeFile(lockFile(), JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now(), nonce: "busy" }), { mode: 0o600 });
  const started = Date.now();
  const r = await run(["token"], { env: env(), timeoutMs: 50_000 });
  const waited = Date.now() - started;
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /LOCK_TIMEOUT[\s\S]*hint:/);
  assert.ok(waited >= 30_000 && waited < 45_000, `waited ${waited} ms`);
  assert.equal(fixture.zd.oauthStats("acme").tokenRequests.refresh_token, 0);
  assert.equal(JSON.parse(await readFile(lockFile(), "utf8")).nonce, "busy", "someone else's lock is left alone");
});

test("a damaged token file is reported (TOKEN_FILE_INVALID, exit 2) and left as it is", async () => {
  await loginThenExpire();
  await writeFile(tokenFile(), '{"format":1,"subdomain":"acme",', { mode: 0o600 });
  const r = await run(["token"], { env: env() });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /TOKEN_FILE_INVALID[\s\S]*hint: Run `zendesk-auth login` again/);
  assert.equal(await readFile(tokenFile(), "utf8"), '{"format":1,"subdomain":"acme",');
  assert.equal(fixture.zd.oauthStats("acme").tokenRequests.refresh_token, 0);
});

test("a revoked refresh token: LOGIN_EXPIRED (exit 2) with the login command, file kept", async () => {
  const saved = await loginThenExpire();
  fixture.zd.configureAccount("acme", { revokeTokens: [saved.refreshToken] });
  const r = await run(["token"], { env: env() });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /LOGIN_EXPIRED/);
  assert.match(r.stderr, /npx zendesk-auth login --subdomain acme --client-id zendesk_auth_demo/);
  assert.equal((await readTokens()).refreshToken, saved.refreshToken);
});

test("not logged in: NOT_LOGGED_IN (exit 2), as text and as JSON", async () => {
  const text = await run(["token", "--subdomain", "acme"], { env: env() });
  assert.equal(text.code, 2);
  assert.match(text.stderr, /NOT_LOGGED_IN[\s\S]*hint: Run `npx zendesk-auth login --subdomain acme/);
  const json = await run(["token", "--json"], { env: env() });
  assert.equal(json.code, 2);
  assert.deepEqual(Object.keys(JSON.parse(json.stdout).error).sort(), ["code", "hint", "message"]);
});

test("token --json: the token, its expiry and whether it was refreshed", async () => {
  fixture.zd.configureAccount("acme", { oauth: { accessTokenLifetime: null } });
  const login = await loginWithBrowser(["--subdomain", "acme", "--client-id", PUBLIC_CLIENT], env());
  assert.equal(login.code, 0, login.stderr);
  const saved = await readTokens();
  const r = await run(["token", "--json"], { env: env(), allowedOnStdout: [saved.accessToken] });
  assert.equal(r.code, 0);
  const body = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(body).sort(), ["accessToken", "expiresAt", "refreshed", "scope", "subdomain", "tokenType"]);
  assert.deepEqual([body.accessToken, body.tokenType, body.subdomain, body.refreshed], [saved.accessToken, "Bearer", "acme", false]);
  assert.equal(Date.parse(body.expiresAt), saved.accessTokenExpiresAt);
});
