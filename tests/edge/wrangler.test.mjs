// The example as its README runs it: `wrangler dev` (offline, no metrics) against the fake
// Zendesk, the sign-in followed by hand as a browser would; then `wrangler deploy --dry-run`
// for the bundle size wrangler reports. wrangler is pinned in tests/package.json.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLIENT_ID, SESSION_SECRET, example, fake, repo } from "./harness.mjs";

const wranglerBin = join(repo, "tests", "node_modules", "wrangler", "bin", "wrangler.js");
const home = mkdtempSync(join(tmpdir(), "edge-wrangler-"));
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", XDG_CONFIG_HOME: home, CI: "1", NO_COLOR: "1" };
let zd, dev, port;
let output = "";

const freePort = () => new Promise((resolve) => {
  const s = createServer();
  s.listen(0, "127.0.0.1", () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});

function wrangler(args, options = {}) {
  return spawn(process.execPath, [wranglerBin, ...args], { cwd: example, env, detached: true, ...options });
}

before(async () => {
  zd = await fake.startFakeZendesk({});
  port = await freePort();
  writeFileSync(join(example, ".dev.vars"), `SESSION_SECRET=${SESSION_SECRET}\nZENDESK_CLIENT_SECRET=${fake.SEED.acme.oauthClients.confidential.secret}\n`);
  dev = wrangler(["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", join(home, "state"),
    "--var", `APP_ORIGIN:http://localhost:${port}`, "--var", `ZENDESK_BASE_URL:${zd.accountUrl("acme")}`, "--var", `ZENDESK_CLIENT_ID:${CLIENT_ID}`]);
  dev.stdout.on("data", (d) => { output += d; });
  dev.stderr.on("data", (d) => { output += d; });
  const deadline = Date.now() + 90_000;
  while (!/Ready on http/.test(output)) {
    if (dev.exitCode !== null || Date.now() > deadline) throw new Error(`wrangler dev did not start:\n${output.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

after(async () => {
  if (dev && dev.exitCode === null) {
    process.kill(-dev.pid, "SIGTERM"); // wrangler and the workerd it started
    await new Promise((r) => dev.once("exit", r));
  }
  await zd?.close();
});

test("wrangler dev runs the example offline against the fake Zendesk: sign in, session, API call, sign out", async () => {
  const app = `http://localhost:${port}`;
  const cookieOf = (res, name) => res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith(`${name}=`));
  const login = await fetch(`${app}/auth/login`, { redirect: "manual" });
  assert.equal(login.status, 302);
  const loginCookie = cookieOf(login, "__Host-zendesk-login");
  const approved = await fetch(login.headers.get("location"), { redirect: "manual" });
  const callback = await fetch(approved.headers.get("location"), { redirect: "manual", headers: { cookie: loginCookie } });
  assert.equal(callback.status, 302, await callback.text());
  const session = cookieOf(callback, "__Host-zendesk-session");
  assert.match(session, /^__Host-zendesk-session=[A-Za-z0-9_-]{43}$/);
  const who = await (await fetch(`${app}/auth/session`, { headers: { cookie: session } })).json();
  assert.equal(who.signedIn, true);
  assert.equal(who.user.id, 1001);
  const me = await fetch(`${app}/api/v2/users/me.json`, { headers: { cookie: session } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).user.email, fake.SEED.acme.users.admin.email);
  const out = await fetch(`${app}/auth/logout`, { method: "POST", headers: { cookie: session, origin: app } });
  assert.deepEqual(await out.json(), { signedIn: false, revoked: true });
  const after = await fetch(`${app}/api/v2/users/me.json`, { headers: { cookie: session } });
  assert.equal(after.status, 401);
  assert.equal(after.headers.get("x-zendesk-auth-code"), "NOT_SIGNED_IN");
  await after.text();
  assert.ok(!output.includes(SESSION_SECRET) && !output.includes(fake.SEED.acme.oauthClients.confidential.secret), "wrangler printed a secret");
});

test("wrangler deploy --dry-run: the bundle and its size as wrangler reports it", async () => {
  const outdir = join(home, "dist");
  const child = wrangler(["deploy", "--dry-run", "--outdir", outdir], { detached: false });
  let text = "";
  child.stdout.on("data", (d) => { text += d; });
  child.stderr.on("data", (d) => { text += d; });
  const code = await new Promise((r) => child.once("exit", r));
  assert.equal(code, 0, text.slice(-2000));
  const m = text.match(/Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/);
  assert.ok(m, text.slice(-2000));
  console.log(`figure: edge Worker bundle (wrangler deploy --dry-run): ${m[1]} KiB, gzip ${m[2]} KiB`);
  assert.match(text, /env\.ZENDESK_SESSIONS \(ZendeskSession\)\s+Durable Object/);
  assert.match(text, /env\.ZENDESK_RATE_BUDGET \(ZendeskRateBudget\)\s+Durable Object/);
  // Workers' free plan takes 3 MiB gzip; this entry should stay far below it.
  assert.ok(Number(m[2]) < 150, `gzip ${m[2]} KiB`);
});
