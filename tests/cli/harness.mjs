// Shared by the command-line tests: runs the installed `zendesk-auth` bin as a child
// process with a clean environment and a temporary config folder, plays the browser
// for `login`, and checks every output for secrets.
//
// Runs in a scratch project where the packed tarball is installed by name
// (scripts/test-cli.sh); the fake Zendesk comes from the repository (ZA_REPO).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, beforeEach } from "node:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const { startFakeZendesk, SEED, mintAccessToken } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);

/** The bin npm linked when it installed the tarball: what `npx zendesk-auth` runs. */
export const BIN = join(process.cwd(), "node_modules", ".bin", "zendesk-auth");
/** The same command under Deno 2 (pinned in tests/package.json), from the installed package. */
export const DENO_COMMAND = [join(process.env.ZA_REPO, "tests", "node_modules", ".bin", "deno"), "run", "-A", join(process.cwd(), "node_modules", "zendesk-auth", "cli", "zendesk-auth.mjs")];

// Every credential the fake seeds, for all accounts; tests add the tokens they obtain.
const secrets = new Set();
for (const seed of Object.values(SEED)) {
  for (const t of [...seed.apiTokens, ...seed.inactiveApiTokens]) secrets.add(t);
  for (const t of Object.values(seed.oauth)) secrets.add(t.token);
  secrets.add(seed.oauthClients.confidential.secret);
}

/** Something a command must never print (an access or refresh token it obtained). */
export function addSecret(value) {
  if (typeof value === "string" && value.length >= 12) secrets.add(value);
}

/**
 * Independent 6-character slices of a secret (offsets 0, 6, 12, ...). For a JWT only
 * the signature counts: its header is the same in every JWT. All-digit slices are left
 * out, since dates and ids could contain them by chance.
 */
function slices(secret) {
  const part = secret.split(".").length === 3 ? secret.split(".")[2] : secret;
  const out = [];
  for (let i = 0; i + 6 <= part.length; i += 6) {
    const s = part.slice(i, i + 6);
    if (!/^\d+$/.test(s)) out.push(s);
  }
  return out;
}

/** Fails if any slice of any known secret appears in `text`; `allowed` are values the command is meant to print. */
export function assertNoSecret(text, { allowed = [], where = "output" } = {}) {
  for (const secret of secrets) {
    if (allowed.includes(secret)) continue;
    for (const s of slices(secret)) {
      if (text.includes(s)) assert.fail(`${where} contains a 6-character slice of a secret ("${s.slice(0, 2)}..."): ${secret.length}-character secret leaked`);
    }
  }
}

/** A fresh config folder (XDG_CONFIG_HOME) and home for one test; removed by `cleanup`. */
export async function tempHome() {
  const dir = await mkdtemp(join(tmpdir(), "za-cli-"));
  return { dir, config: join(dir, "config"), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The environment a command sees: PATH and the given variables, nothing of ours. */
export function cleanEnv(home, extra = {}) {
  return { PATH: process.env.PATH, HOME: home.dir, XDG_CONFIG_HOME: home.config, ...extra };
}

/**
 * The setup of a file whose tests sign in to the fake's "acme" account: one fake Zendesk
 * for the file, reset before each test, and a fresh home for each. What it returns reads
 * them at call time: `zd`, `home`, `env(extra)` for a command, the `tokenFile()` a login
 * writes, `readTokens(path)` (registering both tokens as secrets no output may show) and
 * `meStatus(accessToken)`, the status Zendesk gives that token.
 */
export function signInFixture() {
  const f = {
    env: (extra = {}) => cleanEnv(f.home, { ZENDESK_BASE_URL: f.zd.accountUrl("acme"), ...extra }),
    tokenFile: () => join(f.home.config, "zendesk-auth", "tokens-acme.json"),
    async readTokens(path = f.tokenFile()) {
      const data = JSON.parse(await readFile(path, "utf8"));
      addSecret(data.accessToken);
      addSecret(data.refreshToken);
      return data;
    },
    meStatus: async (accessToken) =>
      (await fetch(`${f.zd.accountUrl("acme")}/api/v2/users/me.json`, { headers: { authorization: `Bearer ${accessToken}` } })).status,
  };
  before(async () => {
    f.zd = await startFakeZendesk({});
  });
  after(() => f.zd.close());
  beforeEach(async () => {
    f.zd.reset();
    await f.home?.cleanup();
    f.home = await tempHome();
  });
  return f;
}

/**
 * Run `zendesk-auth ARGS` to completion: { code, stdout, stderr }. Checks that neither
 * stream holds a secret (stdout may hold `allowedOnStdout`) or a terminal escape code
 * (the streams are pipes, not a terminal).
 */
export function run(args, { env, input, allowedOnStdout = [], timeoutMs = 30_000, command } = {}) {
  const child = start(args, { env, command });
  if (input !== undefined) child.stdin.end(input);
  else child.stdin.end();
  return finish(child, { allowedOnStdout, timeoutMs });
}

/**
 * Start `zendesk-auth ARGS` without waiting; pair with `finish`. `command` replaces the
 * bin with another runtime's invocation of the installed entry, e.g. [deno, "run", "-A", path].
 */
export function start(args, { env, command = [BIN] }) {
  const child = spawn(command[0], [...command.slice(1), ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  child.out = "";
  child.err = "";
  child.stdout.setEncoding("utf8").on("data", (d) => (child.out += d));
  child.stderr.setEncoding("utf8").on("data", (d) => (child.err += d));
  return child;
}

export function finish(child, { allowedOnStdout = [], timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`zendesk-auth did not finish in ${timeoutMs} ms; stderr: ${child.err}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      try {
        assertNoSecret(child.out, { allowed: allowedOnStdout, where: "stdout" });
        assertNoSecret(child.err, { where: "stderr" });
        assert.ok(!child.out.includes("\x1b[") && !child.err.includes("\x1b["), "escape codes on a pipe");
      } catch (err) {
        return reject(err);
      }
      resolve({ code, signal, stdout: child.out, stderr: child.err });
    });
  });
}

/** Resolves with the stderr text once `pattern` matches it. */
export function waitForStderr(child, pattern, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = child.err.match(pattern);
      if (m) {
        cleanup();
        resolve(m);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${pattern} on stderr within ${timeoutMs} ms: ${child.err}`));
    }, timeoutMs);
    const onExit = () => {
      check();
      cleanup();
      reject(new Error(`exited before ${pattern} appeared: ${child.err}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stderr.off("data", check);
      child.off("exit", onExit);
    };
    child.stderr.on("data", check);
    child.on("exit", onExit);
    check();
  });
}

const AUTHORIZE_URL = /(http:\/\/127\.0\.0\.1:\d+\/[a-z0-9-]+\/oauth\/authorizations\/new\?\S+)/;

/**
 * The browser's part of `login`: take the printed address, follow Zendesk's redirect to
 * the loopback callback, and return what the callback page answered.
 */
export async function playBrowser(child) {
  const [, url] = await waitForStderr(child, AUTHORIZE_URL);
  const authorize = await fetch(url, { redirect: "manual" });
  assert.equal(authorize.status, 302, "the fake approves at once and redirects");
  const callback = new URL(authorize.headers.get("location"));
  assert.equal(`${callback.protocol}//${callback.hostname}${callback.pathname}`, "http://127.0.0.1/callback");
  const page = await fetch(callback);
  return { url: new URL(url), callback, status: page.status, body: await page.text() };
}

/** A whole login through the browser step; returns the finished process's result. */
export async function loginWithBrowser(args, env) {
  const child = start(["login", "--no-browser", ...args], { env });
  child.stdin.end();
  const browser = await playBrowser(child);
  const result = await finish(child);
  return { ...result, browser };
}
