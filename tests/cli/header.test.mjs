// `header`, `inspect`, `--help` and usage errors. Expected header values are computed
// here with Buffer's base64, not by the package; the inspected example is Zendesk's
// documented token sent without "/token".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

import { SEED, BIN, cleanEnv, run, tempHome } from "./harness.mjs";

const acme = SEED.acme;
let home;
before(async () => {
  home = await tempHome();
});
after(() => home.cleanup());

test("header: Basic base64(email/token:TOKEN) for an API token, with the retirement warning on stderr", async () => {
  const token = acme.apiTokens[1];
  const env = cleanEnv(home, { ZENDESK_EMAIL: "agent@acme.test", ZENDESK_API_TOKEN: token });
  const r = await run(["header"], { env, allowedOnStdout: [token] });
  assert.equal(r.code, 0, r.stderr);
  const expected = Buffer.from(`agent@acme.test/token:${token}`, "utf8").toString("base64");
  assert.equal(r.stdout, `Authorization: Basic ${expected}\n`);
  assert.match(r.stderr, /API_TOKEN_RETIRING/);
});

test("header: Bearer for ZENDESK_OAUTH_TOKEN, preferred over an API token; --scheme picks; --json", async () => {
  const oauth = acme.oauth.agentReadWrite.token;
  const env = cleanEnv(home, { ZENDESK_EMAIL: "agent@acme.test", ZENDESK_API_TOKEN: acme.apiTokens[0], ZENDESK_OAUTH_TOKEN: oauth });
  const r = await run(["header"], { env, allowedOnStdout: [oauth] });
  assert.equal(r.stdout, `Authorization: Bearer ${oauth}\n`);
  const basic = await run(["header", "--scheme", "api_token", "--json"], { env, allowedOnStdout: [acme.apiTokens[0]] });
  const body = JSON.parse(basic.stdout);
  assert.deepEqual(Object.keys(body).sort(), ["diagnostics", "name", "scheme", "source", "value"]);
  assert.deepEqual([body.name, body.scheme, body.source], ["Authorization", "api_token", "environment"]);
  assert.equal(body.value, `Basic ${Buffer.from(`agent@acme.test/token:${acme.apiTokens[0]}`).toString("base64")}`);
});

test("header: a token pasted with an invisible character is refused with its code and hint, exit 2, nothing on stdout", async () => {
  const env = cleanEnv(home, { ZENDESK_EMAIL: "agent@acme.test", ZENDESK_API_TOKEN: `${acme.apiTokens[0]}\u200b` });
  const r = await run(["header"], { env });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /API_TOKEN_INVISIBLE_CHAR[\s\S]*hint:/);
});

test("header without any credential: NO_CREDENTIALS, exit 2", async () => {
  const r = await run(["header"], { env: cleanEnv(home) });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /NO_CREDENTIALS/);
});

test("inspect: Zendesk's example token without /token is diagnosed, secret shown as its last 4 characters", async () => {
  // Independent: the header built here with Buffer, from Zendesk's documented example token.
  const exampleToken = "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv";
  const header = `Authorization: Basic ${Buffer.from(`agent@example.com:${exampleToken}`).toString("base64")}\n`;
  const r = await run(["inspect"], { env: cleanEnv(home), input: header });
  assert.equal(r.code, 2);
  assert.match(r.stdout, /email {3}agent@example\.com/);
  assert.match(r.stdout, /secret {2}\**2akv/);
  assert.match(r.stdout, /HEADER_MISSING_TOKEN_SUFFIX/);
  assert.ok(!r.stdout.includes(exampleToken.slice(0, 8)) && !r.stdout.includes(exampleToken.slice(20, 28)));
  const json = JSON.parse((await run(["inspect", "--json"], { env: cleanEnv(home), input: header })).stdout);
  assert.equal(json.scheme, "password");
  assert.equal(json.exitCode, 2);
  assert.ok(json.diagnostics.some((d) => d.code === "HEADER_MISSING_TOKEN_SUFFIX" && d.severity === "error"));
});

test("inspect: a clean Bearer header exits 0; an empty one is HEADER_EMPTY", async () => {
  const ok = await run(["inspect", "--json"], { env: cleanEnv(home), input: `Bearer ${acme.oauth.adminReadWrite.token}` });
  assert.equal(ok.code, 0, ok.stdout);
  assert.equal(JSON.parse(ok.stdout).scheme, "bearer");
  const empty = await run(["inspect", "--json"], { env: cleanEnv(home), input: "" });
  assert.ok(JSON.parse(empty.stdout).diagnostics.some((d) => d.code === "HEADER_EMPTY"));
  assert.equal(empty.code, 2);
});

test("--help for every command exits 0 and says how to use it; unknown commands and options are coded errors", async () => {
  for (const command of ["doctor", "login", "token", "logout", "header", "inspect"]) {
    const r = await run([command, "--help"], { env: cleanEnv(home) });
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`^Usage: zendesk-auth ${command}`));
    assert.match(r.stdout, /ZENDESK_SUBDOMAIN/);
  }
  const main = await run(["--help"], { env: cleanEnv(home) });
  assert.match(main.stdout, /Exit codes: 0 ok, 1 warning/);
  const unknown = await run(["frobnicate"], { env: cleanEnv(home) });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /UNKNOWN_COMMAND/);
  // A secret passed as a flag is refused without being echoed.
  const flag = await run(["header", `--api-token=${acme.apiTokens[2]}`], { env: cleanEnv(home) });
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /INVALID_OPTION: header: unknown option --api-token \(secrets come from the environment only\)/);
  const positional = await run(["token", acme.apiTokens[2]], { env: cleanEnv(home) });
  assert.equal(positional.code, 2);
});

test("npx zendesk-auth runs the installed bin", async () => {
  const out = execFileSync("npx", ["--no-install", "zendesk-auth", "--version"], { encoding: "utf8", cwd: process.cwd() });
  assert.match(out, /^\d+\.\d+\.\d+\n$/);
  assert.ok(BIN.endsWith("node_modules/.bin/zendesk-auth"));
});

test("colour only on a terminal, and never with NO_COLOR", { skip: process.platform !== "linux" && "needs util-linux script(1) for a pseudo-terminal" }, async () => {
  const env = { ...cleanEnv(home), ZENDESK_SUBDOMAIN: "acme", ZENDESK_EMAIL: "agent@acme.test", ZENDESK_API_TOKEN: acme.apiTokens[0], TERM: "xterm" };
  // script(1) gives the command a pseudo-terminal for stdout and stderr.
  const onTty = (extra) => execFileSync("script", ["-qec", `${BIN} doctor --offline`, "/dev/null"], { encoding: "utf8", env: { ...env, ...extra } });
  let coloured;
  try {
    coloured = onTty({});
  } catch (err) {
    coloured = err.stdout; // doctor exits 1 (warning) here
  }
  assert.match(coloured, /\x1b\[33mwarning\x1b\[0m/);
  let plain;
  try {
    plain = onTty({ NO_COLOR: "1" });
  } catch (err) {
    plain = err.stdout;
  }
  assert.match(plain, /Verdict: warning/);
  assert.ok(!/\x1b\[3\dm/.test(plain), "no colour with NO_COLOR");
});
