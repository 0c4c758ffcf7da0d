// Every export of the installed package meets hostile values in every argument: each
// call must end in a value or a ZendeskAuthError with a code, every promise must settle,
// the process must live, and after 10,000 hostile calls per export the instance still
// answers correctly with flat wasm memory. The counts per export and outcome are printed
// (the closing note quotes them).
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as core from "zendesk-auth";
import * as client from "zendesk-auth/client";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { hostileValues, outcome, describe } from "./kit.mjs";

// Clients and page iterators the calls leave behind are freed by the garbage collector
// (wasm-bindgen's finalizers); collecting now and then measures what is kept, not when
// the collector happened to run.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");
const collect = async () => {
  gc();
  await new Promise((r) => setTimeout(r, 10));
  gc();
  await new Promise((r) => setTimeout(r, 10));
};

const { startFakeZendesk, SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);
const acme = SEED.acme;
const { ZendeskAuthError } = client;
let zd;
const unhandled = [];
const onUnhandled = (e) => unhandled.push(e);
before(async () => {
  // A limit the hostile loops cannot reach: they measure the boundary, not throttling.
  zd = await startFakeZendesk({ accounts: { acme: { rateLimit: { limit: 1_000_000, windowMs: 60_000 } } } });
  process.on("unhandledRejection", onUnhandled);
});
beforeEach(() => zd.reset());
after(async () => {
  process.off("unhandledRejection", onUnhandled);
  await zd.close();
  assert.deepEqual(unhandled, [], "no promise rejection went unhandled");
});

const goodCredentials = () => ({ subdomain: "acme", email: "agent@example.com", apiToken: acme.apiTokens[0] });
const goodClient = () => new client.ZendeskClient({ baseUrl: zd.accountUrl("acme"), email: acme.users.admin.email, apiToken: acme.apiTokens[0], timeoutMs: 2000, retry: { maxRetries: 0 } });

/** The calls under test: name -> (value) => call with `value` in one argument position. */
function calls() {
  const c = goodClient();
  const bearer = new client.ZendeskClient({ baseUrl: zd.accountUrl("acme"), oauthToken: acme.oauth.agentReadWrite.token, timeoutMs: 2000, retry: { maxRetries: 0 } });
  const callback = "https://app.example/callback?code=c0de&state=s1";
  const oauth = { baseUrl: zd.accountUrl("acme"), clientId: "x", timeoutMs: 2000 };
  return {
    "validate(x)": (v) => core.validate(v),
    "validate(ok, x)": (v) => core.validate(goodCredentials(), v),
    "buildAuthorizationHeader(x)": (v) => core.buildAuthorizationHeader(v),
    "buildAuthorizationHeader(ok, x)": (v) => core.buildAuthorizationHeader(goodCredentials(), v),
    "inspectAuthorizationHeader(x)": (v) => core.inspectAuthorizationHeader(v),
    "inspectAuthorizationHeader(ok, x)": (v) => core.inspectAuthorizationHeader("Bearer abc", v),
    "redact(x)": (v) => core.redact(v),
    "apiBaseUrl(x)": (v) => core.apiBaseUrl(v),
    "client: validate(x)": (v) => client.validate(v),
    "new ZendeskClient(x)": (v) => new client.ZendeskClient(v),
    "client.get(x)": (v) => c.get(v),
    "client.get(path, x)": (v) => c.get("/api/v2/users/me.json", v),
    "client.post(path, x)": (v) => c.post("/api/v2/tickets.json", v),
    "client.request(x, path)": (v) => c.request(v, "/api/v2/users/me.json"),
    "client.request(GET, path, x)": (v) => c.request("GET", "/api/v2/users/me.json", v),
    "client.paginate(path, x)": (v) => c.paginate("/api/v2/tickets.json", v),
    "client.paginate(path).items(x)": (v) => c.paginate("/api/v2/tickets.json", { pageSize: 1 }).items(v).next(),
    "client.get(path, { headers: x })": (v) => c.get("/api/v2/users/me.json", { headers: v }),
    "client.get(path, { asUser: x })": (v) => c.get("/api/v2/users/me.json", { asUser: v }),
    "new ZendeskClient({ ..., headers: x })": (v) => new client.ZendeskClient({ ...goodCredentials(), headers: v }),
    "client.post(uploads, x)": (v) => c.post("/api/v2/uploads.json", v, { query: { filename: "a.bin" } }),
    "client.verify(x)": (v) => c.verify(v),
    "client.paginate(path, { maxPages: x, maxItems: x })": (v) => c.paginate("/api/v2/tickets.json", { maxPages: v, maxItems: v }),
    "client.paginate(path, { onPage: x })": (v) => c.paginate("/api/v2/tickets.json", { pageSize: 1, onPage: v, maxPages: 1 }).next(),
    "new ZendeskClient({ ..., onRequest/onResponse/onRetry: x })": (v) => new client.ZendeskClient({ ...goodCredentials(), onRequest: v, onResponse: v, onRetry: v }),
    "client with hooks x: get(path)": (v) => {
      let hooked;
      try {
        hooked = new client.ZendeskClient({ baseUrl: zd.accountUrl("acme"), email: acme.users.admin.email, apiToken: acme.apiTokens[0], onRequest: v, onResponse: v, timeoutMs: 2000 });
      } catch (e) {
        return Promise.reject(e);
      }
      return hooked.get("/api/v2/users/me.json");
    },
    "new ZendeskClient({ ..., userAgent: x, marketplace: x })": (v) => new client.ZendeskClient({ ...goodCredentials(), userAgent: v, marketplace: v }),
    "client.upload(x, { filename })": (v) => c.upload(v, { filename: "a.bin" }),
    "client.upload(bytes, x)": (v) => c.upload(new Uint8Array([1, 2, 3]), v),
    "client.tokenInfo(x)": (v) => bearer.tokenInfo(v),
    "client.revokeToken({ id: x })": (v) => bearer.revokeToken({ id: v }),
    "parseCallback(x, { state })": (v) => client.parseCallback(v, { state: "s1" }),
    "parseCallback(url, x)": (v) => client.parseCallback(callback, v),
    "parseCallback(url, { state: x })": (v) => client.parseCallback(callback, { state: v }),
    "createAuthorizationUrl(x)": (v) => client.createAuthorizationUrl(v),
    "exchangeCode(x)": (v) => client.exchangeCode(v),
    "refreshToken(x)": (v) => client.refreshToken(v),
    "refreshToken({..., signal: x})": (v) => client.refreshToken({ ...oauth, refreshToken: "r", signal: v }),
    "clientCredentialsToken(x)": (v) => client.clientCredentialsToken(v),
  };
}

const memory = async () => (await client.default()).memory.buffer.byteLength;

test("every export, every hostile value: a value or a coded ZendeskAuthError, never a crash or a hang", async () => {
  const table = {};
  const bad = [];
  for (const [name, call] of Object.entries(calls())) {
    for (const [label, value] of Object.entries(hostileValues())) {
      const o = await outcome(() => call(value), ZendeskAuthError);
      table[name] ??= {};
      table[name][o] = (table[name][o] ?? 0) + 1;
      if (o.startsWith("bad:")) bad.push(`${name} with ${label} (${describe(value)}): ${o}`);
    }
  }
  for (const [name, counts] of Object.entries(table)) console.log(`hostile ${name}: ${JSON.stringify(counts)}`);
  assert.deepEqual(bad, []);
});

test("10,000 hostile calls per export leave the instance answering correctly, memory flat", async () => {
  const values = Object.entries(hostileValues()).filter(([label]) => !label.includes("MB"));
  const run = async (n) => {
    for (const [name, call] of Object.entries(calls())) {
      for (let i = 0; i < n; i++) {
        if (i % 1000 === 0) await collect();
        const [, value] = values[i % values.length];
        const o = await outcome(() => call(value), ZendeskAuthError);
        assert.ok(!o.startsWith("bad:"), `${name}: ${o}`);
      }
    }
  };
  await run(2_000); // the heap grows to its working size
  await collect();
  const before = await memory();
  await run(10_000);
  await collect();
  const after = await memory();
  console.log(`hostile: wasm memory ${before} bytes after warm-up, ${after} after 10,000 calls per export`);
  assert.equal(after, before, "wasm memory grew");
  // Still correct: a validation with a known answer, a client that works.
  const v = core.validate({ subdomain: "ACME", email: "agent@example.com", apiToken: ` ${acme.apiTokens[0]}\n` });
  assert.equal(v.ok, true);
  assert.deepEqual(v.credentials, { subdomain: "acme", email: "agent@example.com", apiToken: acme.apiTokens[0] });
  assert.deepEqual(v.diagnostics.map((d) => d.code), ["SUBDOMAIN_UPPERCASE", "WHITESPACE_TRIMMED", "API_TOKEN_RETIRING"]);
  const me = await goodClient().verify();
  assert.equal(me.user.id, acme.users.admin.id);
});

test("a getter is read once: a value that changes between reads cannot slip past validation", () => {
  let reads = 0;
  const token = acme.apiTokens[0];
  const tricky = { subdomain: "acme", email: "agent@example.com" };
  Object.defineProperty(tricky, "apiToken", { enumerable: true, get: () => (++reads <= 2 ? token : "evil\r\nX-Injected: 1") });
  const v = core.validate(tricky);
  assert.equal(reads, 1);
  assert.equal(v.ok, true);
  assert.equal(v.credentials.apiToken, token);
  reads = 0;
  const h = core.buildAuthorizationHeader(tricky);
  assert.equal(reads, 1);
  // Independently: base64 of "agent@example.com/token:TOKEN".
  assert.equal(h, `Basic ${Buffer.from(`agent@example.com/token:${token}`).toString("base64")}`);
});

test("a polluted Object.prototype changes nothing: base URL, scheme, onTokens, credentials", async () => {
  const calledBack = [];
  const polluted = {
    baseUrl: "https://attacker.example",
    auth: "api_token",
    apiToken: "A".repeat(40),
    email: "attacker@example.com",
    oauthToken: "b".repeat(54),
    onTokens: (t) => calledBack.push(t),
    timeoutMs: -1,
    query: { evil: "1" },
  };
  for (const [k, v] of Object.entries(polluted)) Object.prototype[k] = v;
  try {
    const c = new client.ZendeskClient({ subdomain: "acme", oauthToken: acme.oauth.adminReadWrite.token });
    assert.equal(c.baseUrl, "https://acme.zendesk.com");
    assert.equal(c.authScheme, "oauth");
    const v = core.validate({ subdomain: "acme" });
    assert.deepEqual(v.credentials, { subdomain: "acme" });
    assert.equal(v.ok, false);
    assert.deepEqual(v.diagnostics.map((d) => d.code), ["NO_CREDENTIALS"]);
  } finally {
    for (const k of Object.keys(polluted)) delete Object.prototype[k];
  }
  assert.deepEqual(calledBack, []);
});

test("non-objects and unreadable objects are named by code", () => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  assert.deepEqual(core.validate("acme").diagnostics.map((d) => [d.code, d.field]), [["NOT_AN_OBJECT", "credentials"]]);
  const getter = Object.defineProperty({}, "apiToken", { enumerable: true, get() { throw new Error("no"); } });
  const v = core.validate(getter);
  assert.equal(v.ok, false);
  assert.deepEqual(v.diagnostics.map((d) => [d.code, d.field]), [["UNREADABLE_FIELD", "apiToken"]]);
  assert.deepEqual(core.validate(revoked.proxy).diagnostics.map((d) => d.code), ["UNREADABLE_FIELD"]);
  assert.throws(() => new client.ZendeskClient(getter), (e) => e instanceof ZendeskAuthError && e.code === "UNREADABLE_FIELD" && e.field === "apiToken");
  assert.throws(() => new client.ZendeskClient({ subdomain: "acme", oauthToken: "a".repeat(54), retry: revoked.proxy }), (e) => e.code === "INVALID_OPTION" && /retry/.test(e.message));
  // A misnamed key keeps its hint through the constructor.
  assert.throws(() => new client.ZendeskClient({ subdomain: "acme", email: "agent@example.com", token: acme.apiTokens[0] }),
    (e) => e instanceof ZendeskAuthError && e.diagnostics.some((d) => d.code === "UNKNOWN_FIELD" && /'token'.*'apiToken'/.test(d.message)));
});

test("ZendeskAuthError is one class for every entry, with cause and TIMEOUT kept apart from ABORTED", async () => {
  assert.equal(core.ZendeskAuthError, client.ZendeskAuthError);
  let fromCore;
  try {
    core.apiBaseUrl("evil.example/x#");
  } catch (e) {
    fromCore = e;
  }
  assert.ok(fromCore instanceof client.ZendeskAuthError);
  assert.ok(fromCore instanceof Error);
  assert.equal(fromCore.name, "ZendeskAuthError");
  assert.equal(client.ZendeskAuthError.name, "ZendeskAuthError");
  const c = new client.ZendeskClient({ baseUrl: zd.accountUrl("acme"), oauthToken: acme.oauth.adminReadWrite.token, retry: { maxRetries: 0 } });
  zd.enqueueFault("acme", { fault: "delay=2000", count: 1 });
  const timedOut = await c.get("/api/v2/users/me.json", { signal: AbortSignal.timeout(100) }).catch((e) => e);
  assert.equal(timedOut.code, "TIMEOUT");
  const controller = new AbortController();
  zd.enqueueFault("acme", { fault: "delay=2000", count: 1 });
  const pending = c.get("/api/v2/users/me.json", { signal: controller.signal });
  controller.abort();
  const aborted = await pending.catch((e) => e);
  assert.equal(aborted.code, "ABORTED");
  assert.ok(aborted instanceof ZendeskAuthError);
});

test("a freed client answers CLIENT_FREED; free() twice and `using` are safe", async () => {
  const c = goodClient();
  c.free();
  c.free();
  for (const call of [() => c.get("/api/v2/users/me.json"), () => c.verify(), () => c.post("/api/v2/tickets.json", {}), () => c.request("GET", "/api/v2/users/me.json")]) {
    const e = await call().catch((e) => e);
    assert.ok(e instanceof ZendeskAuthError, String(e));
    assert.equal(e.code, "CLIENT_FREED");
  }
  assert.throws(() => c.paginate("/api/v2/tickets.json"), (e) => e.code === "CLIENT_FREED");
  assert.throws(() => c.baseUrl, (e) => e.code === "CLIENT_FREED");
  assert.equal(typeof client.ZendeskClient.prototype[Symbol.dispose], "function");
  const d = goodClient();
  d[Symbol.dispose]();
  assert.equal((await d.verify().catch((e) => e)).code, "CLIENT_FREED");
  // A paginate that threw on its options leaves the client whole, and free() works.
  const p = goodClient();
  assert.throws(() => p.paginate("/api/v2/tickets.json", { query: { a: { toString: 1 } } }), (e) => e.code === "INVALID_OPTION");
  assert.equal((await p.verify()).user.id, acme.users.admin.id);
  p.free();
});
