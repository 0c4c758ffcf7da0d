// The edge-worker example (examples/edge-worker) under workerd, through Miniflare, with the
// packed zendesk-auth tarball installed by name and the Worker's outbound fetches reaching
// the fake Zendesk on 127.0.0.1. Run by scripts/test-edge.sh from a scratch project that
// holds node_modules/zendesk-auth, ./edge-worker/ (the example) and this file.
//
// The Worker is bundled the way `wrangler deploy` bundles it: esbuild with the conditions
// workerd, worker, browser, and the .wasm kept as a separate CompiledWasm module.
// Expected statuses and headers are Zendesk's documented ones; what
// reached Zendesk is read from the fake's request log.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ZendeskClient } from "zendesk-auth/client"; // Node entry: plays the browser app's client

const repo = process.env.ZA_REPO;
assert.ok(repo, "set ZA_REPO to the repository root");
const here = dirname(fileURLToPath(import.meta.url));
const example = join(here, "edge-worker");
const esbuild = await import(`${repo}/tests/node_modules/esbuild/lib/main.js`);
const { Miniflare } = await import(`${repo}/tests/node_modules/miniflare/dist/src/index.js`);
const { startFakeZendesk, SEED, mintAccessToken } = await import(`${repo}/tests/fake-zendesk/server.mjs`);

const acme = SEED.acme;
const EMAIL = acme.users.admin.email;
const TOKEN = acme.apiTokens[0];
const OAUTH = acme.oauth.adminReadWrite.token;
const APP = "https://app.example";
const EXPIRED_JWT = mintAccessToken({ account: "acme", userId: 1001, expiresInSec: -60 });
const b64 = (s) => Buffer.from(s, "utf8").toString("base64");
const PASTED_HEADER = "Basic " + b64(`${EMAIL}/token:${TOKEN}`);

/** Every string that must never appear in a response body, a response header or the Worker's log. */
const SECRETS = [
  ...acme.apiTokens, ...acme.inactiveApiTokens,
  ...Object.values(acme.oauth).map((o) => o.token),
  EXPIRED_JWT,
  b64(`${EMAIL}/token:${TOKEN}`),
  `${EMAIL}/token:${TOKEN}`,
];

// wrangler.toml is what a deploy uses: take main and compatibility_date from it.
const toml = readFileSync(join(example, "wrangler.toml"), "utf8");
const tomlValue = (key) => toml.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, "m"))?.[1];
const MAIN = tomlValue("main");
const COMPAT_DATE = tomlValue("compatibility_date");

// Workers with wrong secrets, and the code each must report.
const BAD = {
  "smart-quote": { code: "API_TOKEN_INVISIBLE_CHAR", vars: { ZENDESK_EMAIL: EMAIL, ZENDESK_API_TOKEN: TOKEN + "\u201d" } },
  "pasted-header": { code: "API_TOKEN_WAS_HEADER", vars: { ZENDESK_EMAIL: EMAIL, ZENDESK_API_TOKEN: PASTED_HEADER } },
  "swapped": { code: "EMAIL_LOOKS_LIKE_TOKEN", vars: { ZENDESK_EMAIL: TOKEN, ZENDESK_API_TOKEN: EMAIL } },
  "no-email": { code: "EMAIL_MISSING", vars: { ZENDESK_API_TOKEN: TOKEN } },
  "expired-jwt": { code: "OAUTH_TOKEN_EXPIRED", vars: { ZENDESK_OAUTH_TOKEN: EXPIRED_JWT } },
  "nothing": { code: "NO_CREDENTIALS", vars: {} },
  "evil-subdomain": { code: "SUBDOMAIN_NOT_ZENDESK_HOST", vars: { ZENDESK_SUBDOMAIN: "evil.example/x#", ZENDESK_OAUTH_TOKEN: OAUTH } },
  "no-subdomain": { code: "SUBDOMAIN_MISSING", vars: { ZENDESK_SUBDOMAIN: "", ZENDESK_OAUTH_TOKEN: OAUTH } },
  "base-url": { code: "BASE_URL_INVALID", vars: { ZENDESK_OAUTH_TOKEN: OAUTH, ZENDESK_BASE_URL: "http://evil.example/acme" } },
  "app-origin": { code: "APP_ORIGIN_INVALID", vars: { ZENDESK_OAUTH_TOKEN: OAUTH, APP_ORIGIN: "https://app.example/path" } },
};

let zd;
let mf;
let proxyUrl; // the first worker ("proxy") over real HTTP
let built; // esbuild result for the example
const workerLog = [];
let responsesChecked = 0;

async function bundle(conditions, outdir) {
  return esbuild.build({
    entryPoints: [join(example, MAIN)],
    absWorkingDir: here,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions,
    loader: { ".wasm": "copy" }, // kept as its own module, imported by name
    outdir: join(here, outdir),
    metafile: true,
    logLevel: "warning",
  });
}

const worker = (name, scriptPath, bindings) => ({
  name,
  routes: [`${name}.test/*`],
  modules: true,
  scriptPath,
  modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
  compatibilityDate: COMPAT_DATE,
  bindings,
});

// Records whether this workerd compiles WebAssembly from bytes (what the browser entry needs).
const PROBE = `export default { async fetch() {
  const out = { userAgent: navigator.userAgent };
  try { await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); out.compileFromBytes = "allowed"; }
  catch (e) { out.compileFromBytes = String(e.message); }
  return Response.json(out);
} }`;

before(async () => {
  zd = await startFakeZendesk({});
  const base = { ZENDESK_SUBDOMAIN: "acme", APP_ORIGIN: APP, ZENDESK_BASE_URL: zd.accountUrl("acme") };
  built = await bundle(["workerd", "worker", "browser"], "dist");
  await bundle(["browser"], "dist-browser-condition");
  const script = join(here, "dist", "index.js");
  mf = new Miniflare({
    handleRuntimeStdio(stdout, stderr) {
      stdout.on("data", (d) => workerLog.push(String(d)));
      stderr.on("data", (d) => workerLog.push(String(d)));
    },
    workers: [
      worker("proxy", script, { ...base, ZENDESK_EMAIL: EMAIL, ZENDESK_API_TOKEN: TOKEN }),
      worker("oauth", script, { ...base, ZENDESK_EMAIL: EMAIL, ZENDESK_API_TOKEN: TOKEN, ZENDESK_OAUTH_TOKEN: OAUTH }),
      worker("prefixed", script, { ...base, ZENDESK_OAUTH_TOKEN: OAUTH, ROUTE_PREFIX: "/zendesk" }),
      // Its "Zendesk" is the fake's /__capture/, which records the request headers it got.
      worker("capture", script, { ...base, ZENDESK_EMAIL: EMAIL, ZENDESK_API_TOKEN: TOKEN, ZENDESK_BASE_URL: `${zd.url}/__capture/acme` }),
      worker("inactive", script, { ...base, ZENDESK_EMAIL: EMAIL, ZENDESK_API_TOKEN: acme.inactiveApiTokens[0] }),
      worker("browser-condition", join(here, "dist-browser-condition", "index.js"), { ...base, ZENDESK_OAUTH_TOKEN: OAUTH }),
      ...Object.entries(BAD).map(([name, { vars }]) => worker(name, script, { ...base, ...vars })),
      { name: "probe", routes: ["probe.test/*"], modules: true, script: PROBE, compatibilityDate: COMPAT_DATE },
    ],
  });
  proxyUrl = String(await mf.ready).replace(/\/$/, "");
});

after(async () => {
  await mf?.dispose();
  await zd?.close();
});

beforeEach(() => zd.reset());

function assertNoSecret(where, text) {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${where} contains a credential`);
}

/** A request to one worker; checks that neither body nor headers carry a credential. */
async function call(workerName, path, { method = "GET", origin, headers = {}, body } = {}) {
  const h = { ...headers };
  if (origin) h.origin = origin;
  const res = await mf.dispatchFetch(`http://${workerName}.test${path}`, { method, headers: h, body, redirect: "manual" });
  const text = await res.text();
  const head = Object.fromEntries([...res.headers].filter(([k]) => !k.startsWith("mf-")));
  assertNoSecret(`${workerName} ${method} ${path} body`, text);
  assertNoSecret(`${workerName} ${method} ${path} headers`, JSON.stringify(head));
  responsesChecked++;
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: head, text, json };
}

const apiLog = () => zd.getLog().filter((e) => e.account !== null);

// --- the package's workerd entry is what runs ---------------------------------------------

test("the bundle uses the package's workerd entry and keeps the .wasm as a module", () => {
  assert.match(MAIN, /^src\/index\.js$/);
  assert.ok(COMPAT_DATE <= "2026-07-30", `compatibility_date ${COMPAT_DATE} is newer than this workerd`);
  const inputs = Object.keys(built.metafile.inputs);
  assert.ok(inputs.includes("node_modules/zendesk-auth/workerd.mjs"), inputs.join("\n"));
  assert.ok(!inputs.some((p) => /zendesk-auth\/(browser|node)\.(mjs|cjs)$/.test(p)), "another entry was bundled");
  const outputs = Object.keys(built.metafile.outputs);
  const wasm = outputs.find((p) => p.endsWith(".wasm"));
  assert.ok(wasm, "no .wasm module emitted");
  const js = readFileSync(join(here, "dist", "index.js"), "utf8");
  const name = wasm.split("/").pop();
  const imported = js.match(new RegExp(`^import (\\w+) from "\\./${name.replace(".", "\\.")}";`, "m"));
  assert.ok(imported, "the .wasm is not imported as a module");
  // The workerd entry instantiates from that module synchronously (initSync; minified, its name varies).
  assert.match(js, new RegExp(`\\w+\\(\\{ module: ${imported[1]} \\}\\)`));
});

test("workerd runs it: no code generation from bytes there, so the .wasm came in as a compiled module", async () => {
  const probe = await call("probe", "/");
  assert.equal(probe.json.userAgent, "Cloudflare-Workers");
  assert.match(probe.json.compileFromBytes, /disallowed/i);
  const r = await call("proxy", "/api/v2/users/me.json");
  assert.equal(r.status, 200);
  // The Worker fetched nothing but Zendesk API paths: no .wasm download.
  assert.deepEqual(apiLog().map((e) => e.apiPath), ["/api/v2/users/me.json"]);
  assert.ok(!zd.getLog().some((e) => /\.wasm/.test(e.path)));
});

test("negative control: bundled without the workerd condition, the package cannot start in workerd", async () => {
  const r = await call("browser-condition", "/api/v2/users/me.json");
  assert.equal(r.status, 500);
  assert.equal(r.json.error.code, "NOT_INITIALIZED");
  assert.equal(apiLog().length, 0);
});

// --- proxying ------------------------------------------------------------------------------

test("good request proxied: Authorization added, Zendesk's answer and rate-limit headers passed back", async () => {
  const r = await call("proxy", "/api/v2/users/me.json", { origin: APP });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.id, acme.users.admin.id ?? 1001);
  assert.equal(r.json.user.email, EMAIL);
  assert.match(r.headers["content-type"], /^application\/json/);
  for (const h of ["x-rate-limit", "x-rate-limit-remaining", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "x-zendesk-request-id"]) {
    assert.ok(r.headers[h], `${h} not passed back`);
  }
  assert.equal(r.headers["access-control-allow-origin"], APP);
  assert.match(r.headers.vary, /Origin/);
  const exposed = r.headers["access-control-expose-headers"].split(", ");
  for (const h of ["x-rate-limit", "ratelimit-remaining", "x-zendesk-request-id"]) assert.ok(exposed.includes(h), `${h} not exposed`);
  const [entry] = apiLog();
  assert.equal(entry.authScheme, "basic");
  assert.equal(entry.status, 200);
  assert.equal(r.headers["x-zendesk-request-id"], entry.requestId);
});

test("Authorization and cookies sent by the browser are stripped; the Worker's own credentials are used", async () => {
  const r = await call("proxy", "/api/v2/users/me.json", {
    origin: APP,
    headers: { authorization: `Bearer ${acme.oauth.endUserReadWrite.token}`, cookie: "session=abc" },
  });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.email, EMAIL, "the browser's token was forwarded");
  assert.equal(apiLog()[0].authScheme, "basic");
});

test("only Accept and Content-Type are forwarded from the browser; cookies, Origin and the rest are not", async () => {
  const r = await call("capture", "/api/v2/tickets.json", {
    method: "POST", origin: APP,
    headers: {
      authorization: `Bearer ${acme.oauth.endUserReadWrite.token}`, cookie: "session=abc", "x-custom": "1",
      "x-fake-fault": "500", accept: "application/json", "content-type": "application/json", "sec-fetch-site": "cross-site",
    },
    body: JSON.stringify({ ticket: { comment: { body: "hi" } } }),
  });
  assert.equal(r.status, 200);
  const [c] = zd.captures();
  assert.equal(c.path, "/__capture/acme/api/v2/tickets.json");
  assert.equal(c.authScheme, "basic");
  const names = Object.keys(c.headers);
  assert.deepEqual(names.filter((n) => !n.startsWith("cf-")).sort(), ["accept", "authorization", "content-length", "content-type", "host", "user-agent"]);
  for (const h of ["cookie", "x-custom", "x-fake-fault", "origin", "sec-fetch-site", "sec-fetch-mode"]) assert.ok(!names.includes(h), `${h} forwarded`);
  assert.equal(c.headers.accept, "application/json");
  assert.equal(c.headers["content-type"], "application/json");
  assert.equal(c.headers["user-agent"], "zendesk-auth-edge-worker");
});

test("OAuth is preferred when both an OAuth token and an API token are set", async () => {
  const r = await call("oauth", "/api/v2/users/me.json");
  assert.equal(r.status, 200);
  assert.equal(r.json.user.email, EMAIL);
  assert.equal(apiLog()[0].authScheme, "bearer");
});

test("tickets: list with the endpoint bucket header, show, create (Location rewritten to the proxy), update", async () => {
  const list = await call("proxy", "/api/v2/tickets.json?page[size]=2", { origin: APP });
  assert.equal(list.status, 200);
  assert.equal(list.json.tickets.length, 2);
  assert.match(list.headers["zendesk-ratelimit-tickets-index"], /total=\d+; remaining=\d+; resets=\d+/);
  assert.ok(list.json.links.next.startsWith("http://proxy.test/api/v2/tickets.json?"), list.json.links.next);
  assert.ok(!list.text.includes(zd.url), "an absolute Zendesk URL was passed back unchanged");

  const show = await call("proxy", "/api/v2/tickets/7", { origin: APP });
  assert.equal(show.status, 200);
  assert.equal(show.json.ticket.id, 7);

  const created = await call("proxy", "/api/v2/tickets.json", {
    method: "POST", origin: APP,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ticket: { subject: "Printer", comment: { body: "It is on fire" } } }),
  });
  assert.equal(created.status, 201);
  const id = created.json.ticket.id;
  assert.equal(created.headers.location, `http://proxy.test/api/v2/tickets/${id}.json`);
  assert.ok(created.headers["access-control-expose-headers"].split(", ").includes("location"));

  const updated = await call("proxy", `/api/v2/tickets/${id}.json`, {
    method: "PUT", origin: APP,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ ticket: { status: "solved" } }),
  });
  assert.equal(updated.status, 200);
  assert.deepEqual(zd.writes().map((w) => [w.method, w.apiPath, w.authScheme]),
    [["POST", "/api/v2/tickets.json", "basic"], ["PUT", `/api/v2/tickets/${id}.json`, "basic"]]);
});

test("Zendesk's errors pass through, without WWW-Authenticate: a deactivated token gets Zendesk's 401", async () => {
  const r = await call("inactive", "/api/v2/tickets.json", { origin: APP });
  assert.equal(r.status, 401);
  assert.deepEqual(r.json, { error: "Couldn't authenticate you" });
  assert.equal(r.headers["www-authenticate"], undefined, "a browser would pop up a password dialog");
  const unknown = await call("proxy", "/api/v2/tickets/2999999.json");
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error, "RecordNotFound");
});

test("a route prefix (ROUTE_PREFIX=/zendesk) is stripped before Zendesk and added back to links", async () => {
  const r = await call("prefixed", "/zendesk/api/v2/tickets.json?page[size]=1");
  assert.equal(r.status, 200);
  assert.ok(r.json.links.next.startsWith("http://prefixed.test/zendesk/api/v2/tickets.json?"));
  assert.equal(apiLog()[0].apiPath, "/api/v2/tickets.json");
  const bare = await call("prefixed", "/api/v2/tickets.json");
  assert.equal(bare.status, 404);
  assert.equal(bare.json.error.code, "PATH_NOT_ALLOWED");
});

test("the browser app's client: ZendeskClient with the proxy as baseUrl and no credentials", async () => {
  const client = new ZendeskClient({ baseUrl: proxyUrl });
  assert.equal(client.authScheme, "none");
  const v = await client.verify();
  assert.equal(v.user.id, 1001);
  assert.equal(v.rateLimit.limit, 700);
  const pages = [];
  for await (const page of client.paginate("/api/v2/tickets.json", { pageSize: 3 })) {
    assertNoSecret("client page", JSON.stringify(page));
    pages.push(page.data.tickets.map((t) => t.id));
    if (pages.length === 2) break;
  }
  assert.deepEqual(pages, [[1, 2, 3], [4, 5, 6]]);
  client.free();
  // Both pages went through the proxy to Zendesk, the second by the rewritten links.next.
  const tickets = apiLog().filter((e) => e.apiPath === "/api/v2/tickets.json");
  assert.equal(tickets.length, 2);
  assert.ok(tickets[1].query["page[after]"], "the second page did not follow the cursor");
});

// --- refused -------------------------------------------------------------------------------

test("non-allow-listed paths and methods are refused before anything reaches Zendesk", async () => {
  const refused = [
    ["GET", "/api/v2/users.json", 404, "PATH_NOT_ALLOWED"],
    ["GET", "/api/v2/users/1002.json", 404, "PATH_NOT_ALLOWED"],
    ["GET", "/api/v2/tickets/1/../../users.json", 404, "PATH_NOT_ALLOWED"],
    ["GET", "/api/v2/tickets/%2e%2e/%2e%2e/users.json", 404, "PATH_NOT_ALLOWED"],
    ["GET", "/api/v2/tickets/1%2F..%2F..%2Fusers.json", 404, "PATH_NOT_ALLOWED"],
    ["GET", "/api/v2//tickets.json", 404, "PATH_NOT_ALLOWED"],
    ["GET", "/__control/log", 404, "PATH_NOT_ALLOWED"],
    ["GET", "/acme/api/v2/tickets.json", 404, "PATH_NOT_ALLOWED"],
    ["DELETE", "/api/v2/tickets/1.json", 405, "METHOD_NOT_ALLOWED"],
    ["PATCH", "/api/v2/tickets/1.json", 405, "METHOD_NOT_ALLOWED"],
    ["POST", "/api/v2/users/me.json", 405, "METHOD_NOT_ALLOWED"],
  ];
  for (const [method, path, status, code] of refused) {
    const r = await call("proxy", path, { method, origin: APP, headers: { "content-type": "application/json" }, body: method === "GET" ? undefined : "{}" });
    assert.equal(r.status, status, `${method} ${path}`);
    assert.equal(r.json.error.code, code, `${method} ${path}`);
    assert.ok(r.json.error.message && r.json.error.hint, `${method} ${path}: no message or hint`);
    assert.equal(r.headers["access-control-allow-origin"], APP, "the app cannot read the refusal");
  }
  const r = await call("proxy", "/api/v2/tickets/1.json", { method: "DELETE" });
  assert.equal(r.headers.allow, "GET, PUT");
  assert.deepEqual(zd.getLog(), [], "a refused request reached Zendesk");
});

test("a body that is not JSON is refused (a text/plain POST would skip the CORS preflight)", async () => {
  const r = await call("proxy", "/api/v2/tickets.json", { method: "POST", origin: APP, headers: { "content-type": "text/plain" }, body: "{}" });
  assert.equal(r.status, 415);
  assert.equal(r.json.error.code, "UNSUPPORTED_MEDIA_TYPE");
  assert.deepEqual(zd.getLog(), []);
});

// --- rate limits ---------------------------------------------------------------------------

test("429 passed through with Retry-After and the rate-limit headers, readable by the app", async () => {
  zd.enqueueFault("acme", { fault: "429-retry-after=7", count: 1 });
  const r = await call("proxy", "/api/v2/tickets.json", { origin: APP });
  assert.equal(r.status, 429);
  assert.equal(r.headers["retry-after"], "7");
  assert.equal(r.json.error, "APIRateLimitExceeded");
  assert.equal(r.headers["access-control-allow-origin"], APP);
  assert.ok(r.headers["access-control-expose-headers"].split(", ").includes("retry-after"));

  // A real limit: the second request in the window is refused by Zendesk, not by the proxy.
  zd.configureAccount("acme", { rateLimit: { limit: 1, windowMs: 60_000 } });
  const first = await call("proxy", "/api/v2/users/me.json", { origin: APP });
  assert.equal(first.status, 200);
  assert.equal(first.headers["x-rate-limit"], "1");
  assert.equal(first.headers["x-rate-limit-remaining"], "0");
  const second = await call("proxy", "/api/v2/users/me.json", { origin: APP });
  assert.equal(second.status, 429);
  assert.ok(Number(second.headers["retry-after"]) >= 1, "no Retry-After");
  assert.deepEqual(apiLog().map((e) => e.status), [429, 200, 429]);
});

test("503 with Retry-After passes through", async () => {
  zd.enqueueFault("acme", { fault: "503-retry-after=3", count: 1 });
  const r = await call("proxy", "/api/v2/users/me.json");
  assert.equal(r.status, 503);
  assert.equal(r.headers["retry-after"], "3");
});

// --- redirects -----------------------------------------------------------------------------

test("a redirect from Zendesk is not followed: credentials never go to the redirect target", async () => {
  for (const fault of ["redirect", "redirect-same-host=307"]) {
    zd.enqueueFault("acme", { fault, count: 1 });
    const r = await call("proxy", "/api/v2/users/me.json", { origin: APP });
    assert.equal(r.status, 502, fault);
    assert.equal(r.json.error.code, "UPSTREAM_REDIRECT");
    assert.equal(r.headers.location, undefined);
  }
  assert.deepEqual(zd.captures(), [], "the redirect was followed");
});

// --- CORS ----------------------------------------------------------------------------------

test("preflight is answered for APP_ORIGIN only", async () => {
  const ok = await call("proxy", "/api/v2/tickets.json", {
    method: "OPTIONS", origin: APP,
    headers: { "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });
  assert.equal(ok.status, 204);
  assert.equal(ok.headers["access-control-allow-origin"], APP);
  assert.equal(ok.headers["access-control-allow-methods"], "GET, POST");
  assert.match(ok.headers["access-control-allow-headers"], /Content-Type/);
  assert.match(ok.headers.vary, /Origin/);

  for (const origin of ["https://evil.example", "https://app.example.evil.example", "http://app.example", "null"]) {
    const r = await call("proxy", "/api/v2/tickets.json", { method: "OPTIONS", origin, headers: { "access-control-request-method": "GET" } });
    assert.equal(r.status, 403, origin);
    assert.ok(!Object.keys(r.headers).some((h) => h.startsWith("access-control-")), `${origin} got CORS headers`);
  }
  const unlisted = await call("proxy", "/api/v2/users.json", { method: "OPTIONS", origin: APP, headers: { "access-control-request-method": "GET" } });
  assert.equal(unlisted.status, 404);
  assert.deepEqual(zd.getLog(), [], "a preflight reached Zendesk");
});

test("requests from other origins are not served and get no CORS headers", async () => {
  for (const [origin, headers] of [["https://evil.example", {}], [undefined, { "sec-fetch-site": "cross-site" }]]) {
    const r = await call("proxy", "/api/v2/users/me.json", { origin, headers });
    assert.equal(r.status, 403);
    assert.equal(r.json.error.code, "ORIGIN_NOT_ALLOWED");
    assert.ok(!Object.keys(r.headers).some((h) => h.startsWith("access-control-")));
  }
  const sameOrigin = await call("proxy", "/api/v2/users/me.json", { origin: "http://proxy.test" });
  assert.equal(sameOrigin.status, 200, "a same-origin request was refused");
  assert.equal(sameOrigin.headers["access-control-allow-origin"], undefined);
  assert.equal(apiLog().length, 1);
});

// --- wrong secrets -------------------------------------------------------------------------

test("wrong secrets: 500 with the coded diagnostics, never the secret, nothing sent to Zendesk", async () => {
  for (const [name, { code, vars }] of Object.entries(BAD)) {
    for (const origin of [undefined, APP]) {
      const r = await call(name, "/api/v2/users/me.json", { origin });
      assert.equal(r.status, 500, name);
      assert.equal(r.json.error.code, code, `${name}: ${r.text}`);
      assert.ok(r.json.error.message.length > 10 && r.json.error.hint.length > 10, name);
      if (r.json.error.diagnostics) {
        assert.ok(r.json.error.diagnostics.some((d) => d.code === code && d.severity === "error"), name);
        for (const d of r.json.error.diagnostics) assert.deepEqual(Object.keys(d).sort(), ["code", "field", "hint", "message", "severity"]);
      }
      for (const v of Object.values(vars)) {
        if (v.length >= 8 && !v.startsWith("http") && v !== EMAIL) assert.ok(!r.text.includes(v), `${name} echoes a secret`);
      }
      // The app can read the diagnostics, unless APP_ORIGIN itself is what is wrong.
      const expected = origin && name !== "app-origin" ? APP : undefined;
      assert.equal(r.headers["access-control-allow-origin"], expected, name);
    }
  }
  // Preflights are still answered, so the browser app gets to read the 500.
  const pre = await call("smart-quote", "/api/v2/users/me.json", { method: "OPTIONS", origin: APP, headers: { "access-control-request-method": "GET" } });
  assert.equal(pre.status, 204);
  assert.deepEqual(zd.getLog(), [], "a misconfigured worker called Zendesk");
});

test("credentials are validated once per isolate; the Worker's log holds codes, never a secret", async () => {
  await call("base-url", "/api/v2/users/me.json");
  await call("proxy", "/api/v2/users/me.json");
  const expected = Object.values(BAD).map((b) => b.code);
  const deadline = Date.now() + 3000;
  const logText = () => workerLog.join("");
  while (!expected.every((c) => logText().includes(`configuration error ${c}`)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const lines = logText().split("\n");
  for (const code of expected) {
    assert.equal(lines.filter((l) => l.includes(`configuration error ${code}`)).length, 1, `${code} validated more than once (or never)`);
  }
  // proxy, oauth, capture and inactive hold API tokens: one retirement warning each, however many requests.
  assert.equal(lines.filter((l) => l.includes("credential warnings:") && l.includes("API_TOKEN_RETIRING")).length, 4);
  assertNoSecret("workerd log", logText());
  assert.ok(!logText().includes(EMAIL), "the log names the account's email");
  assert.ok(responsesChecked > 50, `only ${responsesChecked} responses checked`);
});
