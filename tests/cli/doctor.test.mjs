// `zendesk-auth doctor` as a child process against the fake Zendesk: its verdict and
// exit code for an API-token setup, an OAuth token, an expired JWT, an account with
// API-token access off and bad subdomains; the JSON shape; no secret in any output.
// Days left are computed here with python3 from the real date, not by the command.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

import { SEED, cleanEnv, mintAccessToken, run, startFakeZendesk, tempHome } from "./harness.mjs";

const acme = SEED.acme;
let zd, home;
before(async () => {
  zd = await startFakeZendesk({});
  home = await tempHome();
});
after(async () => {
  await zd.close();
  await home.cleanup();
});
beforeEach(() => zd.reset());

// Independent of the command: python3's date arithmetic on today's UTC date.
const DAYS_LEFT = Number(
  execFileSync("python3", ["-c", "import datetime; print((datetime.date(2027,4,30) - datetime.datetime.now(datetime.timezone.utc).date()).days)"], { encoding: "utf8" }).trim(),
);

const apiTokenEnv = (sub = "acme", token = SEED[sub].apiTokens[0], email = SEED[sub].users.admin.email) =>
  cleanEnv(home, { ZENDESK_SUBDOMAIN: sub, ZENDESK_BASE_URL: zd.accountUrl(sub), ZENDESK_EMAIL: email, ZENDESK_API_TOKEN: token });

async function doctorJson(env, args = []) {
  const r = await run(["doctor", "--json", ...args], { env });
  const report = JSON.parse(r.stdout);
  assert.equal(report.exitCode, r.code, "the JSON's exitCode is the process's");
  return { ...r, report };
}

test("API-token setup that works: warning (exit 1), days left, user, role, scheme, rate limit, next steps", async () => {
  const { code, report } = await doctorJson(apiTokenEnv());
  assert.equal(code, 1);
  assert.equal(report.verdict, "warning");
  assert.equal(report.daysLeft, DAYS_LEFT);
  assert.equal(report.apiTokenDeadline, "2027-04-30");
  assert.equal(report.subdomain, "acme");
  assert.equal(report.setups.length, 1);
  const s = report.setups[0];
  assert.deepEqual([s.kind, s.source, s.status], ["api_token", "environment", "warning"]);
  assert.deepEqual(s.account.user, { id: 1001, name: "Ada Admin", email: "admin@acme.test", role: "admin" });
  assert.equal(s.account.authScheme, "api_token");
  assert.equal(s.account.rateLimit.limit, 700); // the fake's Enterprise plan
  assert.equal(s.secret, `…${acme.apiTokens[0].slice(-4)}`);
  assert.ok(s.diagnostics.some((d) => d.code === "API_TOKEN_RETIRING" && d.hint.length > 10));
  assert.ok(s.notes.some((n) => n.includes("30 days")), "the inactivity rule");
  assert.ok(report.nextSteps.some((n) => n.includes("npx zendesk-auth login --subdomain acme")));
  assert.ok(report.nextSteps.some((n) => n.includes('Bearer $(npx zendesk-auth token)')));
  assert.equal(zd.getLog({ apiPath: "/api/v2/users/me.json", status: 200 }).length, 1, "checked against the account once");
});

test("the same report as text: days left, verdict and exit code, secret masked", async () => {
  const r = await run(["doctor"], { env: apiTokenEnv() });
  assert.equal(r.code, 1);
  assert.match(r.stdout, new RegExp(`${DAYS_LEFT} days until Zendesk deactivates every API token \\(2027-04-30\\)`));
  assert.match(r.stdout, /Ada Admin <admin@acme\.test>, admin, id 1001/);
  assert.match(r.stdout, /API_TOKEN_RETIRING/);
  assert.match(r.stdout, /Verdict: warning \(exit 1\)/);
  assert.ok(r.stdout.includes(`secret      …${acme.apiTokens[0].slice(-4)}`));
});

test("expired JWT in ZENDESK_OAUTH_TOKEN: broken (exit 2) with OAUTH_TOKEN_EXPIRED, before any request", async () => {
  const expired = mintAccessToken({ account: "acme", userId: 1001, scopes: ["read"], expiresInSec: -120 });
  const env = cleanEnv(home, { ZENDESK_SUBDOMAIN: "acme", ZENDESK_BASE_URL: zd.accountUrl("acme"), ZENDESK_OAUTH_TOKEN: expired });
  const r = await run(["doctor", "--json"], { env });
  assert.equal(r.code, 2);
  const report = JSON.parse(r.stdout);
  assert.equal(report.verdict, "broken");
  const d = report.setups[0].diagnostics.find((x) => x.code === "OAUTH_TOKEN_EXPIRED");
  assert.ok(d && d.severity === "error" && d.hint.length > 10);
  assert.equal(zd.getLog({ account: "acme" }).length, 0);
  assert.ok(!r.stdout.includes(expired.split(".")[2].slice(0, 8)));
});

test("account with API-token access off: broken (exit 2), ANONYMOUS with a hint", async () => {
  const { code, report } = await doctorJson(apiTokenEnv("tokenoff"));
  assert.equal(code, 2);
  assert.equal(report.verdict, "broken");
  const s = report.setups[0];
  assert.equal(s.error.code, "ANONYMOUS");
  assert.ok(s.error.hint.length > 10);
  assert.ok(report.nextSteps.includes(s.error.hint));
});

test("a subdomain with no help desk: broken (exit 2), NO_HELP_DESK with Zendesk's 404", async () => {
  const env = apiTokenEnv("acme");
  env.ZENDESK_SUBDOMAIN = "nosuchaccount";
  env.ZENDESK_BASE_URL = zd.accountUrl("nosuchaccount");
  const { code, report } = await doctorJson(env);
  assert.equal(code, 2);
  assert.deepEqual([report.setups[0].error.code, report.setups[0].error.status], ["NO_HELP_DESK", 404]);
});

test("a subdomain that is not one: broken (exit 2) from validation, nothing sent", async () => {
  const env = apiTokenEnv("acme");
  delete env.ZENDESK_BASE_URL;
  env.ZENDESK_SUBDOMAIN = "evil.example/x#";
  const { code, report } = await doctorJson(env);
  assert.equal(code, 2);
  assert.ok(report.setups[0].diagnostics.some((d) => d.code === "SUBDOMAIN_NOT_ZENDESK_HOST" && d.severity === "error"));
  assert.equal(report.setups[0].account, null);
  assert.equal(zd.getLog().length, 0);
});

test("a wrong API token: broken (exit 2), UNAUTHORIZED with Zendesk's own text", async () => {
  const { code, report } = await doctorJson(apiTokenEnv("acme", acme.inactiveApiTokens[0]));
  assert.equal(code, 2);
  assert.equal(report.setups[0].error.code, "UNAUTHORIZED");
  assert.equal(report.setups[0].error.zendeskError, "Couldn't authenticate you");
});

test("non-expiring OAuth token: ok (exit 0), scopes and expiry from /api/v2/oauth/tokens/current.json", async () => {
  const env = cleanEnv(home, { ZENDESK_SUBDOMAIN: "acme", ZENDESK_BASE_URL: zd.accountUrl("acme"), ZENDESK_OAUTH_TOKEN: acme.oauth.adminReadWrite.token });
  const { code, report } = await doctorJson(env);
  assert.equal(code, 0);
  const s = report.setups[0];
  assert.deepEqual([s.kind, s.status, s.account.authScheme], ["oauth", "ok", "oauth"]);
  assert.deepEqual(s.oauth.scopes, ["read", "write"]);
  assert.equal(s.oauth.expiresAt, null);
  assert.equal(s.oauth.refreshable, false);
  assert.equal(zd.getLog({ apiPath: "/api/v2/oauth/tokens/current.json", status: 200 }).length, 1);
});

test("expiring OAuth token in the environment: warning (exit 1), its expiry, and it cannot be refreshed", async () => {
  const jwt = mintAccessToken({ account: "acme", userId: 1002, scopes: ["read"], expiresInSec: 1200 });
  const exp = JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString()).exp;
  const env = cleanEnv(home, { ZENDESK_SUBDOMAIN: "acme", ZENDESK_BASE_URL: zd.accountUrl("acme"), ZENDESK_OAUTH_TOKEN: jwt });
  const { code, report } = await doctorJson(env);
  assert.equal(code, 1);
  const s = report.setups[0];
  assert.equal(s.account.user.id, 1002);
  assert.equal(Date.parse(s.oauth.expiresAt), exp * 1000);
  assert.equal(s.oauth.refreshable, false);
  assert.ok(s.notes.some((n) => n.includes("npx zendesk-auth token")));
});

test("no credentials at all: broken (exit 2), NO_CREDENTIALS, and how to start", async () => {
  const { code, report } = await doctorJson(cleanEnv(home, { ZENDESK_SUBDOMAIN: "acme" }));
  assert.equal(code, 2);
  assert.equal(report.error.code, "NO_CREDENTIALS");
  assert.ok(report.nextSteps.some((n) => n.includes("npx zendesk-auth login --subdomain acme")));
});

test("--json shape: the documented top-level keys and per-setup keys", async () => {
  const { report } = await doctorJson(apiTokenEnv());
  assert.deepEqual(Object.keys(report).sort(), ["apiTokenDeadline", "baseUrl", "daysLeft", "exitCode", "nextSteps", "setups", "subdomain", "today", "verdict"]);
  assert.match(report.today, /^\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(Object.keys(report.setups[0]).sort(), ["account", "diagnostics", "email", "error", "kind", "notes", "oauth", "secret", "source", "status"]);
});

test("--offline validates without calling Zendesk", async () => {
  const { code, report } = await doctorJson(apiTokenEnv(), ["--offline"]);
  assert.equal(code, 1);
  assert.equal(report.setups[0].account, null);
  assert.equal(zd.getLog().length, 0);
});
