// The boundary's JavaScript (src/js/*.js) on its own, without wasm: how caller values
// are read, the error class, and the runtime helpers the client calls. These modules
// are plain ES modules; the wasm side is tested through the package elsewhere.
import { test } from "node:test";
import assert from "node:assert/strict";
import { snapshot, faultOf, kindOf, nowOf, keysOf, credentialKinds, textAt } from "../../src/js/read.js";
import { ZendeskAuthError, makeClientError } from "../../src/js/error.js";
import { queryPairs, prepareBody, pageNav, errorFields, exchange, sleep, scopeList, parseUrl, tokenFields, lifetimeOf, headerList, makeHooks } from "../../src/js/client.js";

test("snapshot: own enumerable properties, each read once, no prototype", () => {
  let reads = 0;
  const proto = { inherited: "no" };
  const o = Object.create(proto);
  o.plain = 1;
  Object.defineProperty(o, "counted", { enumerable: true, get: () => ++reads });
  Object.defineProperty(o, "hidden", { enumerable: false, value: "no" });
  o[Symbol("s")] = "no";
  const s = snapshot(o);
  assert.equal(Object.getPrototypeOf(s), null);
  assert.deepEqual(Object.keys(s), ["plain", "counted"]);
  assert.equal(s.counted, 1);
  assert.equal(s.counted, 1);
  assert.equal(reads, 1);
  assert.equal(faultOf(s), undefined);
  assert.equal(keysOf(s), "plain\0counted");
  // A key named __proto__ is data, not a prototype.
  const p = snapshot(JSON.parse('{"__proto__": {"apiToken": "x"}, "subdomain": "acme"}'));
  assert.equal(Object.getPrototypeOf(p), null);
  assert.equal(p.apiToken, undefined);
  assert.equal(textAt(p, "subdomain"), "acme");
});

test("snapshot: what cannot be read is said, not thrown", () => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  assert.equal(faultOf(snapshot(revoked.proxy)), "");
  const getter = Object.defineProperty({ a: 1 }, "apiToken", { enumerable: true, get() { throw new Error("x"); } });
  assert.equal(faultOf(snapshot(getter)), "apiToken");
  assert.equal(faultOf(snapshot(new Proxy({ k: 1 }, { get() { throw new Error("x"); } }))), "k");
  // Not objects: no fault here (the wasm side checks the kind first), and no keys.
  assert.deepEqual(Object.keys(snapshot("acme")), []);
  assert.deepEqual(Object.keys(snapshot(undefined)), []);
});

test("kindOf and credentialKinds follow typeof, 3 bits a field", () => {
  assert.deepEqual([undefined, null, "", 0, false, () => 1, {}, [], Symbol("s"), 1n].map(kindOf), [0, 0, 1, 2, 3, 4, 5, 5, 6, 6]);
  const k = credentialKinds(snapshot({ subdomain: "acme", email: 1, apiToken: true, oauthToken: {}, password: Symbol("p") }));
  assert.equal(k, 1 | (2 << 3) | (3 << 6) | (5 << 9) | (6 << 12));
});

test("nowOf: numbers and Dates, anything else or an invalid Date is the clock", () => {
  assert.equal(nowOf({ now: 5 }), 5);
  assert.equal(nowOf({ now: new Date(86_400_000) }), 86_400_000);
  const before = Date.now();
  const odd = [new Date(NaN), "2026-01-01", Infinity, { getTime: () => 1 }, new Proxy(new Date(0), {})];
  odd.forEach((now, i) => {
    const t = nowOf({ now });
    assert.ok(t >= before && t <= Date.now(), `case ${i}`);
  });
});

test("ZendeskAuthError: one class per realm, whichever copy of the module made it", async () => {
  const copy = await import(`../../src/js/error.js?second-copy`);
  assert.equal(copy.ZendeskAuthError, ZendeskAuthError);
  const cause = new TypeError("offline");
  const e = makeClientError("NETWORK", "No answer.", "Check the network.", { status: undefined, requestId: "r1", cause });
  assert.ok(e instanceof ZendeskAuthError && e instanceof Error);
  assert.equal(e.name, "ZendeskAuthError");
  assert.equal(ZendeskAuthError.name, "ZendeskAuthError");
  assert.equal(e.cause, cause);
  assert.equal(e.requestId, "r1");
  assert.equal("status" in e, false);
});

test("queryPairs: scalars and lists as text, anything else a fault naming the key", () => {
  assert.equal(queryPairs({ a: "x y", b: 2, c: true, d: [1, "two"], e: null, f: undefined, g: 3n }), ["a", "x y", "b", "2", "c", "true", "d", "1,two", "g", "3"].join("\0"));
  assert.deepEqual(queryPairs({ bad: { toString: 1 } }), { fault: "query parameter 'bad' must be a string, number, boolean or an array of those." });
  assert.match(queryPairs({ "k\r\nInjected": {} }).fault, /'k\?\?Injected'/);
  assert.match(queryPairs({ n: NaN }).fault, /'n'/);
  assert.match(queryPairs({ l: [{ toString() { throw new Error("x"); } }] }).fault, /'l'/);
  assert.equal(queryPairs(undefined), "");
});

test("prepareBody: JSON, or a fault that says why", () => {
  assert.deepEqual(prepareBody({ a: 1 }), { body: '{"a":1}', contentType: "application/json" });
  assert.match(prepareBody(1n).fault, /BigInt/);
  assert.match(prepareBody(() => 1).fault, /a function/);
  assert.match(prepareBody(Symbol("s")).fault, /a symbol/);
  const cycle = {};
  cycle.self = cycle;
  assert.match(prepareBody(cycle).fault, /body cannot be sent as JSON/);
  assert.match(prepareBody({ toJSON() { throw "nope"; } }).fault, /cannot be serialized/);
  // Bytes, files and forms go as they are; fetch types forms and typed Blobs itself.
  const bytes = new Uint8Array([1, 2, 3]);
  assert.deepEqual(prepareBody(bytes), { body: bytes, contentType: "application/octet-stream" });
  assert.equal(prepareBody(bytes.buffer).contentType, "application/octet-stream");
  const typed = new Blob(["x"], { type: "image/png" });
  assert.deepEqual(prepareBody(typed), { body: typed, contentType: undefined });
  const form = new FormData();
  assert.deepEqual(prepareBody(form), { body: form });
  assert.deepEqual(prepareBody('{"a":1}'), { body: '{"a":1}', contentType: "application/json" });
  assert.deepEqual(prepareBody("plain words"), { body: "plain words", contentType: "text/plain; charset=utf-8" });
  assert.match(prepareBody(new ReadableStream()).fault, /stream/);
});

test("pageNav, errorFields, tokenFields, scopeList, parseUrl read shapes without throwing", () => {
  // Cursor lists stop on has_more, whatever links.next says (null, absent or still set).
  assert.equal(pageNav({ meta: { has_more: true }, links: { next: "https://a/n" } }), "https://a/n");
  assert.equal(pageNav({ meta: { has_more: false }, links: { next: "https://a/n" } }), "");
  assert.equal(pageNav({ meta: { has_more: false } }), "");
  assert.equal(pageNav({ meta: { has_more: true }, links: {} }), "");
  // Offset lists follow next_page until null.
  assert.equal(pageNav({ next_page: "https://a/p2" }), "https://a/p2");
  assert.equal(pageNav({ next_page: null }), "");
  // Exports stop at end_of_stream although a link is still there.
  assert.equal(pageNav({ after_url: "https://a/c", end_of_stream: false }), "https://a/c");
  assert.equal(pageNav({ after_url: "https://a/c", end_of_stream: true }), "");
  assert.equal(pageNav({ next_page: "https://a/t", end_of_stream: true }), "");
  assert.equal(pageNav(null), "");
  assert.equal(errorFields({ error: { title: "T", message: "M" } }), "\0T\0M\0\0\0");
  assert.equal(errorFields("Rate limit exceeded"), "\0\0\0\0Rate limit exceeded\0");
  // The 422 quoted in the issue report: the field-level reason is kept.
  const invalid = { error: "RecordInvalid", description: "Record validation errors", details: { email: [{ description: "Email: badmail is not properly formatted", error: "InvalidFormat" }], name: [{ error: "TooShort" }] } };
  assert.equal(errorFields(invalid).split("\0")[5], "Email: badmail is not properly formatted; TooShort");
  assert.equal(tokenFields({ access_token: "a\0b", scope: "read" }), "ab\0\0read\0");
  assert.equal(lifetimeOf({ expires_in: "1800" }, "expires_in"), 1800);
  assert.equal(lifetimeOf({ expires_in: "soon" }, "expires_in"), undefined);
  assert.equal(scopeList(["read", 5]), "read\0?");
  assert.deepEqual(scopeList(new Proxy(["read"], { get() { throw new Error("x"); } })), { fault: "scopes must be a string or an array of strings." });
  assert.equal(parseUrl("http://[", undefined), undefined);
  assert.equal(parseUrl("/api/v2/x?y=1", "https://acme.zendesk.com:443/"), "https:\0acme.zendesk.com\0/api/v2/x\0?y=1\0https://acme.zendesk.com/api/v2/x?y=1");
});

test("exchange never rejects; sleep says whether it was cut short", async () => {
  const real = globalThis.fetch;
  try {
    globalThis.fetch = () => Promise.reject("down");
    assert.deepEqual(await exchange("GET", "https://x.example/", undefined, undefined, undefined, undefined, 1000), { status: -1, cause: "down" });
    globalThis.fetch = () => new Promise(() => {});
    assert.equal((await exchange("GET", "https://x.example/", undefined, undefined, undefined, undefined, 50)).status, -2);
    const c = new AbortController();
    c.abort();
    assert.equal((await exchange("GET", "https://x.example/", undefined, undefined, undefined, c.signal, 1000)).status, -3);
    assert.equal((await exchange("GET", "https://x.example/", undefined, undefined, undefined, AbortSignal.abort(new DOMException("t", "TimeoutError")), 1000)).status, -2);
  } finally {
    globalThis.fetch = real;
  }
  assert.equal(await sleep(1, undefined), true);
  const c = new AbortController();
  const s = sleep(10_000, c.signal);
  c.abort();
  assert.equal(await s, false);
});

test("hooks get redacted copies, cannot change what is sent, and cannot break or hold up an exchange", async () => {
  const real = globalThis.fetch;
  const events = [];
  let sent;
  try {
    globalThis.fetch = async (url, init) => {
      sent = [url, new Headers(init.headers).get("authorization"), new Headers(init.headers).get("cookie")];
      return new Response('{"ok":true}', { status: 200, headers: { "Content-Type": "application/json", "Set-Cookie": "_zendesk_session=s3cr3t", "X-Request-Id": "r1" } });
    };
    const hooks = makeHooks({
      onRequest: (e) => {
        events.push(structuredClone(e));
        e.headers.authorization = "Bearer stolen";
        e.url = "https://attacker.example/";
        throw new Error("logger down");
      },
      onResponse: (e) => {
        events.push(structuredClone(e));
        return new Promise(() => {});
      },
    });
    const auth = "Basic " + Buffer.from("agent@example.com/token:abcd1234").toString("base64");
    const r = await exchange("GET", "https://x.example/api/v2/users.json?code=abc&page=2", auth, undefined, undefined, undefined, 1000, "Cookie2\0c\0X-Trace\0t1", hooks, 3);
    assert.equal(r.status, 200);
    assert.deepEqual(sent, ["https://x.example/api/v2/users.json?code=abc&page=2", auth, null]);
    assert.deepEqual(events[0], {
      method: "GET", url: "https://x.example/api/v2/users.json?code=[redacted]&page=2", attempt: 3,
      headers: { accept: "application/json", authorization: "Basic [redacted]", cookie2: "[redacted]", "x-trace": "t1" },
    });
    assert.equal(events[1].status, 200);
    assert.equal(events[1].headers["set-cookie"], "[redacted]");
    assert.equal(events[1].headers["x-request-id"], "r1");
    assert.ok(!JSON.stringify(events).includes("abcd1234") && !JSON.stringify(events).includes("s3cr3t"));
  } finally {
    globalThis.fetch = real;
  }
  const retries = [];
  assert.equal(await sleep(1, undefined, makeHooks({ onRetry: (e) => retries.push(e) }), "GET", "https://x.example/a", 2, 429), true);
  assert.deepEqual(retries, [{ method: "GET", url: "https://x.example/a", attempt: 2, status: 429, waitMs: 1 }]);
  assert.equal(makeHooks({}), undefined);
  assert.match(makeHooks({ onRequest: "log" }).fault, /onRequest/);
});

test("headerList: names and one-line Latin-1 values pass, credentials and framing headers are refused by code", () => {
  assert.equal(headerList({ headers: { "Idempotency-Key": "k1" }, asUser: 1002 }, "oauth", "User-Agent\0A/1"), "User-Agent\0A/1\0X-On-Behalf-Of\u00001002\0Idempotency-Key\0k1");
  assert.equal(headerList({ headers: [["X-A", "b"]] }, "oauth", ""), "X-A\0b");
  assert.equal(headerList({}, "oauth", ""), "");
  for (const name of ["Authorization", "cookie", "HOST", "Content-Length"]) assert.equal(headerList({ headers: { [name]: "x" } }, "oauth", "").code, "HEADER_NOT_ALLOWED");
  // RFC 9110 field names are tokens; values one line, no NUL, nothing fetch would refuse.
  for (const bad of [{ "X Y": "v" }, { "X-A": "a\r\nX-Injected: 1" }, { "X-A": "\u2028" }, { "X-A": {} }]) {
    const r = headerList({ headers: bad }, "oauth", "");
    assert.match(r.fault, /^headers: /);
    assert.ok(!r.fault.includes("Injected"));
  }
  assert.match(headerList({ asUser: "a@b.test" }, "api_token", "").fault, /impersonate/);
  assert.match(headerList({ headers: "X-A: b" }, "oauth", "").fault, /^headers: /);
});
