// "zendesk-auth/webhook" in Node, imported by name from the packed tarball (scripts/test-webhook.sh).
// Expected signatures come from Node's crypto.createHmac or python3 (cases.mjs), and the
// webhooks end to end are sent by the fake Zendesk, which signs with createHmac too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import {
  verifyWebhookSignature, verifyWebhookRequest, WEBHOOK_CODES, TEST_SECRET as EXPORTED_TEST_SECRET,
  SIGNATURE_HEADER, TIMESTAMP_HEADER, DEFAULT_TOLERANCE_SECONDS,
} from "zendesk-auth/webhook";
import { cases, propertyCases, mismatch, sign, SECRET, OLD_SECRET, TEST_SECRET, TS, NOW, JSON_BODY, UTF8_BODY, PYTHON_VECTORS } from "./cases.mjs";
import { revive } from "./revive.mjs";

const repo = process.env.ZA_REPO;
assert.ok(repo, "set ZA_REPO to the repository root");
const { startFakeZendesk, signWebhook, WEBHOOK_TEST_SECRET } = await import(`${repo}/tests/fake-zendesk/server.mjs`);
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve("zendesk-auth/package.json"));
const seen = new Set(); // every code some test here produced

async function verify(options) {
  const v = await verifyWebhookSignature(options);
  if (!v.ok) seen.add(v.code);
  return v;
}

/** No message or hint may carry a secret or a signature the verifier computed. */
function assertNothingLeaked(where, verdict, options = {}) {
  const text = `${verdict.message ?? ""} ${verdict.hint ?? ""}`;
  const secrets = [SECRET, OLD_SECRET, TEST_SECRET.slice(0, 40)];
  for (const s of secrets) assert.ok(!text.includes(s) && !text.includes(s.slice(0, 12)), `${where}: a secret appears in ${text}`);
  if (typeof options.timestamp === "string" && (options.body === null || typeof options.body === "string" || options.body instanceof Uint8Array)) {
    const body = Buffer.from(options.body ?? "");
    for (const s of secrets) {
      for (const msg of [Buffer.concat([Buffer.from(options.timestamp), Buffer.from(body)]), Buffer.concat([Buffer.from(body), Buffer.from(options.timestamp)])]) {
        const expected = sign(s, msg);
        assert.ok(!text.includes(expected.slice(0, 12)), `${where}: an expected signature appears in ${text}`);
      }
    }
  }
}

test("what Zendesk's documentation fixes: header names, test secret, 5 minutes", () => {
  assert.equal(SIGNATURE_HEADER, "X-Zendesk-Webhook-Signature");
  assert.equal(TIMESTAMP_HEADER, "X-Zendesk-Webhook-Signature-Timestamp");
  assert.equal(EXPORTED_TEST_SECRET, TEST_SECRET);
  assert.equal(DEFAULT_TOLERANCE_SECONDS, 300);
});

test("the fake Zendesk signs like python3's hmac (so end-to-end tests rest on an independent signer)", () => {
  for (const v of PYTHON_VECTORS) assert.equal(signWebhook({ secret: SECRET, timestamp: TS, body: v.body }), v.signature);
  assert.equal(WEBHOOK_TEST_SECRET, TEST_SECRET);
});

for (const c of cases()) {
  test(`case: ${c.name}`, async () => {
    const options = revive(c.options);
    const v = await verify(options);
    const problem = mismatch(c, v);
    assert.equal(problem, null, problem ?? "");
    assert.deepEqual(Object.keys(v).sort(), v.ok ? ["ok", "secretIndex", "testSecret"] : ["code", "hint", "message", "ok"]);
    assertNothingLeaked(c.name, v, options);
  });
}

test("property: 1,500 random (secret, body, timestamp) pass as signed and fail with any one byte flipped", async () => {
  const list = propertyCases(1500);
  let passed = 0, refused = 0;
  for (const c of list) {
    const v = await verify(revive(c.options));
    const problem = mismatch(c, v);
    assert.equal(problem, null, problem ?? "");
    if (v.ok) passed++;
    else refused++;
  }
  assert.equal(passed, 1500);
  assert.equal(refused, 1500);
});

test("messages say what was seen: hex, Unix seconds, how far off", async () => {
  const hex = await verify({ body: JSON_BODY, timestamp: TS, secret: SECRET, now: NOW, signature: sign(SECRET, TS + JSON_BODY, "hex") });
  assert.match(hex.message, /hexadecimal/);
  // python3: calendar.timegm((2026, 11, 30, 11, 59, 0)) == 1796039940
  const unix = await verify({ body: JSON_BODY, timestamp: "1796039940", secret: SECRET, now: NOW, signature: sign(SECRET, "1796039940" + JSON_BODY) });
  assert.match(unix.message, /Unix time in seconds \(2026-11-30T11:59:00Z\)/);
  const ts = "2026-11-30T09:00:00Z";
  const old = await verify({ body: JSON_BODY, timestamp: ts, secret: SECRET, now: NOW, signature: sign(SECRET, ts + JSON_BODY) });
  assert.equal(old.code, "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW");
  assert.match(old.message, /is 3 h in the past; at most 300 s/);
  const swapped = await verify({ body: JSON_BODY, timestamp: TS, secret: SECRET, now: NOW, signature: SECRET });
  assert.ok(!swapped.message.includes(SECRET.slice(0, 6)), swapped.message);
});

test("the clock is used when now is left out", async () => {
  const ts = new Date().toISOString();
  assert.deepEqual(await verify({ body: "", timestamp: ts, secret: SECRET, signature: sign(SECRET, ts) }), { ok: true, secretIndex: 0, testSecret: false });
  const stale = new Date(Date.now() - 400_000).toISOString();
  assert.equal((await verify({ body: "", timestamp: stale, secret: SECRET, signature: sign(SECRET, stale) })).code, "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW");
});

test("the body is copied when the call starts: changing the caller's bytes afterwards changes nothing", async () => {
  const body = new Uint8Array(Buffer.from(JSON_BODY));
  const pending = verify({ body, timestamp: TS, secret: SECRET, now: NOW, signature: sign(SECRET, TS + JSON_BODY) });
  body.fill(0);
  assert.equal((await pending).ok, true);
});

// ---- hostile input: every one resolves to a coded verdict, none throws or hangs ------

const good = () => ({ body: JSON_BODY, timestamp: TS, secret: SECRET, now: NOW, signature: sign(SECRET, TS + JSON_BODY) });
const hostile = {
  "undefined": undefined,
  "null": null,
  "a number": 1,
  "a string": "body",
  "a symbol": Symbol("x"),
  "a function": () => {},
  "an array": [good()],
  "a Proxy that throws on every trap": new Proxy({}, new Proxy({}, { get: () => () => { throw new Error("trap"); } })),
  "a revoked Proxy": (() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })(),
  "a getter for body": Object.defineProperty({ ...good() }, "body", { get() { throw new Error("getter ran"); }, enumerable: true }),
  "a throwing getter for secret": Object.defineProperty({ ...good() }, "secret", { get() { throw new Error("getter ran"); }, enumerable: true }),
  "secrets as a Proxy that throws": { ...good(), secret: undefined, secrets: new Proxy([SECRET], { getOwnPropertyDescriptor() { throw new Error("trap"); } }) },
  "secrets with a getter element": { ...good(), secret: undefined, secrets: Object.defineProperty([], 0, { get() { return SECRET; }, enumerable: true }) },
  "1,000 secrets": { ...good(), secret: undefined, secrets: Array(1000).fill(SECRET) },
  "a typed array whose buffer getter throws": { ...good(), body: new (class extends Uint8Array { get buffer() { throw new Error("no"); } })(4) },
  "an object with toString that throws as body": { ...good(), body: { toString() { throw new Error("no"); } } },
  "a 20 MB signature": { ...good(), signature: "A".repeat(20_000_000) },
  "a 20 MB timestamp": { ...good(), timestamp: "2".repeat(20_000_000) },
  "a 20 MB secret": { ...good(), secret: "s".repeat(20_000_000) },
  "an object with a null prototype": Object.assign(Object.create(null), good(), { signature: "x" }),
  "timestamp as an object with toString": { ...good(), timestamp: { toString() { return TS; } } },
  "now as an invalid Date": { ...good(), now: new Date(NaN) },
  "toleranceSeconds Infinity": { ...good(), toleranceSeconds: Infinity },
};

for (const [name, options] of Object.entries(hostile)) {
  test(`hostile: ${name}`, { timeout: 20_000 }, async () => {
    const v = await verifyWebhookSignature(options);
    assert.equal(v.ok, false, JSON.stringify(v));
    assert.ok(WEBHOOK_CODES.includes(v.code), v.code);
    seen.add(v.code);
    assert.ok(v.message.length < 400, `message of ${v.message.length} characters`);
    assertNothingLeaked(name, v);
  });
}

test("hostile: a Proxy is read once per option, through getOwnPropertyDescriptor only", async () => {
  const reads = {};
  const target = good();
  const proxy = new Proxy(target, {
    getOwnPropertyDescriptor(t, k) { reads[k] = (reads[k] ?? 0) + 1; return Reflect.getOwnPropertyDescriptor(t, k); },
    get() { throw new Error("read through get"); },
  });
  assert.deepEqual(await verify(proxy), { ok: true, secretIndex: 0, testSecret: false });
  for (const [k, n] of Object.entries(reads)) assert.equal(n, 1, `${k} read ${n} times`);
});

test("WEBHOOK_CRYPTO_UNAVAILABLE: a runtime without crypto.subtle gets a code, not a TypeError", async (t) => {
  const original = Object.getOwnPropertyDescriptor(globalThis, "crypto");
  Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true, writable: true });
  t.after(() => Object.defineProperty(globalThis, "crypto", original));
  const v = await verify(good());
  assert.equal(v.code, "WEBHOOK_CRYPTO_UNAVAILABLE");
});

// ---- verifyWebhookRequest --------------------------------------------------------------

const URL_ = "https://hooks.example/webhooks/zendesk";
function webhookRequest({ body = JSON_BODY, secret = SECRET, timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), method = "POST", headers = {} } = {}) {
  const h = { [SIGNATURE_HEADER]: sign(secret, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)])), [TIMESTAMP_HEADER]: timestamp, ...headers };
  for (const [k, v] of Object.entries(h)) if (v === null) delete h[k];
  return new Request(URL_, { method, headers: h, body: method === "GET" ? undefined : body });
}
async function verifyRequest(request, options) {
  const v = await verifyWebhookRequest(request, options);
  if (!v.ok) seen.add(v.code);
  return v;
}

test("request: verified, with the parsed event and the text", async () => {
  const v = await verifyRequest(webhookRequest(), { secret: SECRET });
  assert.equal(v.ok, true);
  assert.deepEqual(v.event, JSON.parse(JSON_BODY));
  assert.equal(v.text, JSON_BODY);
});

test("request: multi-byte UTF-8, XML (not JSON: event null) and a GET without a body", async () => {
  const utf8 = await verifyRequest(webhookRequest({ body: JSON.stringify({ subject: UTF8_BODY }) }), { secret: SECRET });
  assert.equal(utf8.event.subject, UTF8_BODY);
  const xml = await verifyRequest(webhookRequest({ body: "<ticket><id>1</id></ticket>" }), { secret: SECRET });
  assert.deepEqual([xml.ok, xml.event, xml.text], [true, null, "<ticket><id>1</id></ticket>"]);
  const get = await verifyRequest(webhookRequest({ body: "", method: "GET" }), { secret: SECRET });
  assert.deepEqual([get.ok, get.event, get.text], [true, null, ""]);
});

test("request: forged, missing headers, wrong secret", async () => {
  assert.equal((await verifyRequest(webhookRequest({ secret: OLD_SECRET }), { secret: SECRET })).code, "WEBHOOK_SIGNATURE_MISMATCH");
  assert.equal((await verifyRequest(webhookRequest({ headers: { [SIGNATURE_HEADER]: null } }), { secret: SECRET })).code, "WEBHOOK_SIGNATURE_MISSING");
  assert.equal((await verifyRequest(webhookRequest({ headers: { [TIMESTAMP_HEADER]: null } }), { secret: SECRET })).code, "WEBHOOK_TIMESTAMP_MISSING");
  const v = await verifyRequest(webhookRequest({ secret: OLD_SECRET }), { secret: SECRET });
  assert.equal(v.event, undefined, "an unverified body is never handed back");
  assert.equal(v.text, undefined);
});

test("request: body already read -> WEBHOOK_BODY_UNREADABLE", async () => {
  const r = webhookRequest();
  await r.text();
  assert.equal((await verifyRequest(r, { secret: SECRET })).code, "WEBHOOK_BODY_UNREADABLE");
});

test("request: a body stream that fails part way -> WEBHOOK_BODY_UNREADABLE", async () => {
  const ts = new Date().toISOString();
  const body = new ReadableStream({ pull(c) { c.enqueue(new Uint8Array([123])); c.error(new Error("connection reset")); } });
  const r = new Request(URL_, { method: "POST", body, duplex: "half", headers: { [SIGNATURE_HEADER]: sign(SECRET, ts), [TIMESTAMP_HEADER]: ts } });
  assert.equal((await verifyRequest(r, { secret: SECRET })).code, "WEBHOOK_BODY_UNREADABLE");
});

test("request: too large, by Content-Length and by streaming without one", async () => {
  const big = webhookRequest({ body: "x".repeat(2000) });
  assert.equal((await verifyRequest(big, { secret: SECRET, maxBodyBytes: 1000 })).code, "WEBHOOK_BODY_TOO_LARGE");
  let pulled = 0;
  const endless = new ReadableStream({ pull(c) { pulled++; c.enqueue(new Uint8Array(64 * 1024)); } });
  const ts = new Date().toISOString();
  const r = new Request(URL_, { method: "POST", body: endless, duplex: "half", headers: { [SIGNATURE_HEADER]: sign(SECRET, ts), [TIMESTAMP_HEADER]: ts } });
  assert.equal((await verifyRequest(r, { secret: SECRET })).code, "WEBHOOK_BODY_TOO_LARGE");
  assert.ok(pulled <= 20, `read ${pulled} chunks of an endless body`); // 1 MiB default = 16 chunks of 64 KiB
});

test("request: not a Request, and options it does not take", async () => {
  for (const bad of [undefined, null, {}, "https://x", { headers: {} }]) assert.equal((await verifyRequest(bad, { secret: SECRET })).code, "WEBHOOK_REQUEST_INVALID");
  assert.equal((await verifyRequest(webhookRequest(), { secret: SECRET, body: "x" })).code, "WEBHOOK_OPTIONS_INVALID");
  assert.equal((await verifyRequest(webhookRequest(), { secret: SECRET, maxBodyBytes: -1 })).code, "WEBHOOK_OPTIONS_INVALID");
  assert.equal((await verifyRequest(webhookRequest(), undefined)).code, "WEBHOOK_OPTIONS_INVALID");
  // A missing secret is reported first, even for an unsigned request: it is this endpoint's mistake.
  assert.equal((await verifyRequest(webhookRequest({ headers: { [SIGNATURE_HEADER]: null } }), {})).code, "WEBHOOK_SECRET_MISSING");
});

// ---- end to end: the fake Zendesk sends, a Node server receives ------------------------

let zd, receiver, receiverUrl;
const received = [];
before(async () => {
  zd = await startFakeZendesk({});
  // What an app on Node's http module does: build a fetch Request from the incoming message.
  receiver = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers: req.headers, body: ["GET", "HEAD"].includes(req.method) ? undefined : body });
    const verdict = await verifyRequest(request, { secret: SECRET });
    if (!verdict.ok) return res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ code: verdict.code }));
    received.push(verdict.event);
    res.writeHead(204).end();
  });
  await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${receiver.address().port}/webhooks/zendesk`;
});
after(async () => {
  await zd?.close();
  await new Promise((r) => receiver?.close(r));
});

test("end to end: the fake's signed webhooks, through its JS API", async () => {
  received.length = 0;
  const ok = await zd.sendWebhook({ url: receiverUrl, secret: SECRET });
  assert.equal(ok.status, 204);
  assert.deepEqual(received, [JSON.parse(ok.sent.body)]);
  assert.equal(received[0].type, "zen:event-type:ticket.created");
  const utf8 = await zd.sendWebhook({ url: receiverUrl, secret: SECRET, body: JSON.stringify({ subject: UTF8_BODY }) });
  assert.equal(utf8.status, 204);
  assert.equal(received[1].subject, UTF8_BODY);
  assert.equal((await zd.sendWebhook({ url: receiverUrl, secret: SECRET, method: "DELETE" })).status, 204);
  const refused = {
    "WEBHOOK_TEST_SECRET": { testSecret: true },
    "WEBHOOK_SIGNATURE_MISMATCH": { secret: OLD_SECRET },
    "WEBHOOK_ORDER_REVERSED": { secret: SECRET, order: "body+timestamp" },
    "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW": { secret: SECRET, ageSeconds: 600 },
    "WEBHOOK_TIMESTAMP_INVALID": { secret: SECRET, timestamp: String(Math.floor(Date.now() / 1000)) },
    "WEBHOOK_SIGNATURE_MISSING": { secret: SECRET, headers: { "X-Zendesk-Webhook-Signature": null } },
  };
  for (const [code, options] of Object.entries(refused)) {
    const r = await zd.sendWebhook({ url: receiverUrl, ...options });
    assert.deepEqual([r.status, JSON.parse(r.body).code], [401, code], code);
  }
  assert.equal(received.length, 3, "no refused webhook reached the handler");
});

test("end to end: sending through the fake's control API (another process's way in)", async () => {
  const post = (body) => fetch(`${zd.url}/__control/webhooks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const r = await post({ url: receiverUrl, secret: SECRET });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).status, 204);
  const test = await (await post({ url: receiverUrl, testSecret: true })).json();
  assert.deepEqual([test.status, JSON.parse(test.body).code], [401, "WEBHOOK_TEST_SECRET"]);
  const bad = await post({ url: "https://example.com/hook", secret: SECRET });
  assert.equal(bad.status, 400, "webhooks leave loopback never");
});

test("end to end: the fake's clock dates its webhooks (advanceClock makes them stale)", async () => {
  zd.advanceClock(3_600_000);
  try {
    const r = await zd.sendWebhook({ url: receiverUrl, secret: SECRET });
    assert.deepEqual([r.status, JSON.parse(r.body).code], [401, "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW"]);
  } finally {
    zd.reset();
  }
});

// ---- the package -------------------------------------------------------------------------

test("CommonJS: require('zendesk-auth/webhook') works on Node 20 and verifies", async () => {
  const path = require.resolve("zendesk-auth/webhook");
  assert.match(path, /webhook[\\/]index\.cjs$/);
  const cjs = require("zendesk-auth/webhook");
  const v = await cjs.verifyWebhookSignature({ body: JSON_BODY, timestamp: TS, secret: SECRET, now: NOW, signature: PYTHON_VECTORS[0].signature });
  assert.deepEqual(v, { ok: true, secretIndex: 0, testSecret: false });
  assert.deepEqual([...cjs.WEBHOOK_CODES], [...WEBHOOK_CODES]);
});

test("the entry stands alone: it imports nothing, so no other entry grows", () => {
  for (const f of ["index.mjs", "index.cjs"]) {
    const src = readFileSync(join(pkgDir, "webhook", f), "utf8");
    assert.ok(!/\bimport\s*[\s{*"'(]|\brequire\(/.test(src.replace(/"[^"]*"/g, '""')), `${f} imports something`);
  }
  const core = readFileSync(join(pkgDir, "browser.mjs"), "utf8") + readFileSync(join(pkgDir, "client", "browser.mjs"), "utf8");
  assert.ok(!core.includes("webhook"), "a core entry refers to the webhook entry");
  const gz = gzipSync(readFileSync(join(pkgDir, "webhook", "index.mjs")), { level: 9 }).length;
  console.log(`zendesk-auth/webhook: browser download ${gz} bytes gzip (one file, no .wasm)`);
  assert.ok(gz <= 8 * 1024, `${gz} bytes gzip`);
});

// ---- the npm README's examples, run as they are ---------------------------------------

const readmeBlocks = () => {
  const readme = readFileSync(join(pkgDir, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Webhooks"));
  return [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
};

test("README: the fetch-handler example accepts a signed webhook and refuses a forged one", async () => {
  const [code] = readmeBlocks();
  writeFileSync("readme-webhook-fetch.mjs", code);
  const { default: worker } = await import(`${pathToFileURL(resolve("readme-webhook-fetch.mjs"))}`);
  const env = { ZENDESK_WEBHOOK_SECRET: SECRET };
  const good = await worker.fetch(webhookRequest(), env);
  assert.deepEqual([good.status, await good.json()], [200, { received: "zen:event-type:ticket.created" }]);
  const forged = await worker.fetch(webhookRequest({ secret: OLD_SECRET }), env);
  assert.deepEqual([forged.status, await forged.json()], [401, { code: "WEBHOOK_SIGNATURE_MISMATCH" }]);
});

test("README: the Express example, with express.raw's Buffer and stand-ins for app and res", async () => {
  const [, code] = readmeBlocks();
  // Only what the example touches: app.post registers the handler, express.raw is middleware.
  const stubs = "const express = { raw: () => (req, res, next) => next() }; const app = { post(path, raw, handler) { app.route = { path, handler }; } };\n";
  writeFileSync("readme-webhook-express.mjs", `${stubs}${code}\nexport { app };\n`);
  const { app } = await import(`${pathToFileURL(resolve("readme-webhook-express.mjs"))}`);
  assert.equal(app.route.path, "/webhooks/zendesk");
  const call = async (secret, env) => {
    Object.assign(process.env, env);
    const ts = new Date().toISOString();
    const headers = { "X-Zendesk-Webhook-Signature": sign(secret, ts + JSON_BODY), "X-Zendesk-Webhook-Signature-Timestamp": ts };
    const res = { statusCode: 200, body: undefined, status(c) { this.statusCode = c; return this; }, json(b) { this.body = b; return this; }, sendStatus(c) { this.statusCode = c; return this; } };
    await app.route.handler({ body: Buffer.from(JSON_BODY), get: (name) => headers[name] }, res);
    return res;
  };
  try {
    assert.equal((await call(SECRET, { ZENDESK_WEBHOOK_SECRET: SECRET })).statusCode, 204);
    assert.equal((await call(OLD_SECRET, { ZENDESK_WEBHOOK_SECRET: SECRET, ZENDESK_WEBHOOK_SECRET_PREVIOUS: OLD_SECRET })).statusCode, 204, "rotation");
    const forged = await call(TEST_SECRET, { ZENDESK_WEBHOOK_SECRET: SECRET });
    assert.deepEqual([forged.statusCode, forged.body], [401, { code: "WEBHOOK_TEST_SECRET" }]);
  } finally {
    delete process.env.ZENDESK_WEBHOOK_SECRET;
    delete process.env.ZENDESK_WEBHOOK_SECRET_PREVIOUS;
  }
});

// Last: the registry. Every code the module can answer was produced by a test above, and
// the npm README documents exactly these codes.
test("registry: every code in WEBHOOK_CODES was produced above, and the README lists exactly them", () => {
  assert.ok(Object.isFrozen(WEBHOOK_CODES));
  assert.deepEqual([...WEBHOOK_CODES].filter((c) => !seen.has(c)), []);
  assert.deepEqual([...seen].filter((c) => !WEBHOOK_CODES.includes(c)), []);
  const readme = readFileSync(join(pkgDir, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Webhooks"));
  assert.ok(section, "the README has no Webhooks section");
  const documented = [...section.matchAll(/^\| `(WEBHOOK_[A-Z_]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual([...documented].sort(), [...WEBHOOK_CODES].sort());
});
