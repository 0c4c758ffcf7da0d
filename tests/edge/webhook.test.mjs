// Zendesk webhooks into zendesk-auth/edge under workerd (Miniflare): the fake Zendesk sends
// signed webhooks over a real socket to createEdgeHandler's /webhooks/zendesk, and
// webhookHandler() runs alone in a Worker with nothing else configured. Signatures are
// made by the fake with Node's crypto.createHmac; what reached the Worker's own code is
// read back from it (GET /__received), so a refused request is seen never to get there.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { join } from "node:path";
import { Miniflare, bundle, fake, here, worker, SESSION_SECRET, CLIENT_ID } from "./harness.mjs";

const { SEED, signWebhook, webhookTimestamp, sampleTicketEvent } = fake;
const APP = "http://localhost:8788";
const SECRET = randomBytes(32).toString("base64");
const PREVIOUS = randomBytes(32).toString("base64");
const OTHER = randomBytes(32).toString("base64");
const CODE = "x-zendesk-auth-code";

let zd, mf, url;
const log = [];

function proxyVars(extra = {}) {
  const vars = {
    AUTH_MODE: "user", APP_ORIGIN: APP, ZENDESK_SUBDOMAIN: "acme", ZENDESK_BASE_URL: zd.accountUrl("acme"),
    ZENDESK_CLIENT_ID: CLIENT_ID, ZENDESK_CLIENT_SECRET: SEED.acme.oauthClients.confidential.secret, SESSION_SECRET,
    ZENDESK_WEBHOOK_SECRET: SECRET, ZENDESK_WEBHOOK_SECRET_PREVIOUS: PREVIOUS, ...extra,
  };
  for (const k of Object.keys(vars)) if (vars[k] === undefined) delete vars[k];
  return vars;
}

before(async () => {
  zd = await fake.startFakeZendesk({});
  await bundle(join(here, "webhook-worker.mjs"), join(here, "dist-webhook"));
  const script = join(here, "dist-webhook", "webhook-worker.js");
  mf = new Miniflare({
    handleRuntimeStdio(stdout, stderr) {
      stdout.on("data", (d) => log.push(String(d)));
      stderr.on("data", (d) => log.push(String(d)));
    },
    workers: [
      worker("proxy", script, proxyVars()),
      // No Durable Object, no proxy variable: only the signing secret.
      { name: "alone", modules: true, scriptPath: script, modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
        compatibilityDate: "2025-06-01", bindings: { WORKER: "alone", ZENDESK_WEBHOOK_SECRET: SECRET } },
      worker("proxy-broken", script, proxyVars({ AUTH_MODE: "oauth" })),
      worker("proxy-no-secret", script, proxyVars({ ZENDESK_WEBHOOK_SECRET: undefined, ZENDESK_WEBHOOK_SECRET_PREVIOUS: undefined })),
    ],
  });
  url = new URL("/webhooks/zendesk", await mf.ready).href;
});

after(async () => {
  await mf?.dispose();
  await zd?.close();
});

/** A body without Content-Length: the chunks given, handed out one read at a time. */
function streamOf(chunks) {
  const left = chunks.map((c) => new TextEncoder().encode(c));
  return new ReadableStream({ pull(c) { const next = left.shift(); if (next) c.enqueue(next); else c.close(); } });
}

/**
 * A request the Worker answers before reading all of its body. The Worker then closes the
 * connection, and when that beats the client's last writes, fetch() fails with EPIPE
 * instead of giving the answer (curl shows it; undici does not): such a try is repeated.
 */
async function refusedEarly(send, tries = 5) {
  for (let i = 1; ; i++) {
    try {
      return await send();
    } catch (e) {
      if (i === tries || !/EPIPE|ECONNRESET|fetch failed/.test(`${e?.message} ${e?.cause?.message}`)) throw e;
    }
  }
}

async function received(name = "proxy") {
  const w = await mf.getWorker(name);
  return (await w.fetch(`${APP}/__received`)).json();
}

/** A webhook signed here, with Node's HMAC, sent to a Worker directly (for the Workers without a socket). */
async function sendTo(name, { body, secret = SECRET, timestamp = webhookTimestamp(Date.now()), method = "POST", headers = {} }) {
  const w = await mf.getWorker(name);
  const signature = createHmac("sha256", secret).update(timestamp + body).digest("base64");
  const res = await w.fetch(`${APP}/webhooks/zendesk`, {
    method,
    headers: { "content-type": "application/json", "x-zendesk-webhook-signature": signature, "x-zendesk-webhook-signature-timestamp": timestamp, ...headers },
    body: method === "GET" || method === "DELETE" ? undefined : body,
  });
  return { status: res.status, code: res.headers.get(CODE), text: await res.text() };
}

test("a webhook the fake signs reaches onEvent as the parsed event, through the whole edge entry", async () => {
  const before = (await received()).length;
  const r = await zd.sendWebhook({ url, secret: SECRET });
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(JSON.parse(r.body), { received: true });
  const got = (await received()).slice(before);
  assert.equal(got.length, 1);
  assert.deepEqual(got[0].event, JSON.parse(r.sent.body));
  assert.equal(got[0].event.type, "zen:event-type:ticket.created");
  assert.equal(got[0].text, r.sent.body);
  assert.deepEqual([got[0].secretIndex, got[0].testSecret], [0, false]);
});

test("multi-byte UTF-8, non-JSON and rotated secrets are verified on the raw bytes", async () => {
  const before = (await received()).length;
  const utf8 = JSON.stringify(sampleTicketEvent({ subject: "Drucker brennt 🔥 – größer, 中文, ١٢٣" }));
  const a = await zd.sendWebhook({ url, secret: SECRET, body: utf8 });
  assert.equal(a.status, 200, a.body);
  assert.ok(a.sent.bodyBytes > utf8.length, "the body really is multi-byte");
  const xml = "<ticket><id>1</id><subject>Ölfleck</subject></ticket>";
  const b = await zd.sendWebhook({ url, secret: SECRET, body: xml, headers: { "Content-Type": "application/xml" } });
  assert.equal(b.status, 200, b.body);
  const c = await zd.sendWebhook({ url, secret: PREVIOUS });
  assert.equal(c.status, 200, c.body);
  const got = (await received()).slice(before);
  assert.equal(got.length, 3);
  assert.equal(got[0].event.detail.subject, "Drucker brennt 🔥 – größer, 中文, ١٢٣");
  assert.equal(got[0].text, utf8);
  assert.deepEqual([got[1].event, got[1].text], [null, xml]);
  assert.equal(got[2].secretIndex, 1, "the previous secret (ZENDESK_WEBHOOK_SECRET_PREVIOUS) matched");
});

test("every forged, stale or mangled webhook gets 401 with its code, and onEvent never sees it", async () => {
  const before = (await received()).length;
  const body = JSON.stringify(sampleTicketEvent({ time: webhookTimestamp(Date.now()) }));
  const pretty = JSON.stringify(JSON.parse(body), null, 2);
  const ts = webhookTimestamp(Date.now());
  const hex = createHmac("sha256", SECRET).update(ts + body).digest("hex");
  const cases = [
    [{ secret: OTHER }, "WEBHOOK_SIGNATURE_MISMATCH"],
    [{ testSecret: true }, "WEBHOOK_TEST_SECRET"],
    [{ secret: SECRET, ageSeconds: 301 + 30 }, "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW"],
    [{ secret: SECRET, ageSeconds: -(301 + 30) }, "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW"],
    [{ secret: SECRET, timestamp: String(Math.floor(Date.now() / 1000)) }, "WEBHOOK_TIMESTAMP_INVALID"],
    [{ secret: SECRET, order: "body+timestamp" }, "WEBHOOK_ORDER_REVERSED"],
    [{ secret: SECRET, headers: { "X-Zendesk-Webhook-Signature": null } }, "WEBHOOK_SIGNATURE_MISSING"],
    [{ secret: SECRET, headers: { "X-Zendesk-Webhook-Signature-Timestamp": null } }, "WEBHOOK_TIMESTAMP_MISSING"],
    [{ secret: SECRET, body, timestamp: ts, headers: { "X-Zendesk-Webhook-Signature": hex } }, "WEBHOOK_SIGNATURE_MALFORMED"],
    // Signed over the pretty form, sent compact: what a verifier hashing re-serialised JSON gets.
    [{ secret: SECRET, body, timestamp: ts, headers: { "X-Zendesk-Webhook-Signature": signWebhook({ secret: SECRET, timestamp: ts, body: pretty }) } }, "WEBHOOK_BODY_REENCODED"],
  ];
  const seen = new Set();
  for (const [options, code] of cases) {
    const r = await zd.sendWebhook({ url, ...options });
    assert.equal(r.status, 401, `${code}: ${r.body}`);
    const answer = JSON.parse(r.body);
    assert.equal(answer.code, code, JSON.stringify(options));
    assert.ok(answer.message.length > 10 && answer.hint.length > 10);
    // Never the secret, nor the signature the Worker expected (computed here, independently).
    const expected = createHmac("sha256", SECRET).update(r.sent.headers["X-Zendesk-Webhook-Signature-Timestamp"] ?? "").update(r.sent.body).digest("base64");
    for (const s of [SECRET, PREVIOUS, expected]) assert.ok(!r.body.includes(s) && !r.body.includes(s.slice(0, 12)), `${code} quotes a secret`);
    seen.add(code);
  }
  assert.equal(seen.size, cases.length - 1, "each case its own code (two are OUT_OF_WINDOW)");
  assert.equal((await received()).length, before, "onEvent saw a refused request");
  const text = log.join("");
  assert.match(text, /webhook refused \(WEBHOOK_SIGNATURE_MISMATCH\)/);
  assert.ok(!text.includes(SECRET) && !text.includes(PREVIOUS));
});

test("a flipped byte anywhere in body, timestamp or secret is always refused (60 random flips)", async () => {
  const before = (await received()).length;
  const body = Buffer.from(JSON.stringify(sampleTicketEvent({ subject: "Zähler 🔢" })));
  const ts = webhookTimestamp(Date.now());
  const flip = (buf) => {
    const out = Buffer.from(buf);
    const i = Math.floor(Math.random() * out.length);
    out[i] ^= 1 << Math.floor(Math.random() * 8);
    return out;
  };
  const send = (b, t, signedBody, signedTs, secret) => {
    const signature = createHmac("sha256", secret).update(Buffer.concat([Buffer.from(signedTs), signedBody])).digest("base64");
    return fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-zendesk-webhook-signature": signature, "x-zendesk-webhook-signature-timestamp": t }, body: b });
  };
  let refused = 0;
  for (let i = 0; i < 60; i++) {
    const what = i % 3;
    let res;
    if (what === 0) res = await send(flip(body), ts, body, ts, SECRET); // body changed on the way
    else if (what === 1) {
      // One character changed to another a header can carry (a flipped bit can make a control character).
      const at = Math.floor(Math.random() * ts.length);
      const others = [..."0123456789-:TZ"].filter((ch) => ch !== ts[at]);
      const t = ts.slice(0, at) + others[Math.floor(Math.random() * others.length)] + ts.slice(at + 1);
      res = await send(body, t, body, ts, SECRET); // timestamp header changed
    } else res = await send(body, ts, body, ts, flip(Buffer.from(SECRET))); // signed with a near-miss secret
    await res.text();
    if (res.status === 401) refused++;
    else assert.fail(`flip ${i} (${["body", "timestamp", "secret"][what]}) answered ${res.status}`);
  }
  assert.equal(refused, 60);
  assert.equal((await received()).length, before);
  // The unflipped original passes, so the refusals above are the flips' doing.
  const ok = await send(body, ts, body, ts, SECRET);
  assert.equal(ok.status, 200, await ok.text());
});

test("other methods get 405, and a 2 MiB body 413 without onEvent, before or after the limit", async () => {
  const before = (await received()).length;
  for (const method of ["GET", "PUT", "DELETE"]) {
    const r = await zd.sendWebhook({ url, secret: SECRET, method });
    assert.equal(r.status, 405, method);
    assert.equal(JSON.parse(r.body).code, "METHOD_NOT_ALLOWED");
  }
  const big = JSON.stringify({ ...sampleTicketEvent({}), pad: "x".repeat(2 * 1024 * 1024) });
  const r = await zd.sendWebhook({ url, secret: SECRET, body: big });
  assert.equal(r.status, 413, r.body.slice(0, 200));
  assert.equal(JSON.parse(r.body).code, "WEBHOOK_BODY_TOO_LARGE");
  assert.equal((await received()).length, before);
});

test("webhookHandler alone: no Durable Object, no proxy variables; its own methods and limit", async () => {
  const before = (await received("alone")).length;
  const body = JSON.stringify(sampleTicketEvent({ subject: "alone" }));
  const ok = await sendTo("alone", { body });
  assert.equal(ok.status, 200, ok.text);
  const put = await sendTo("alone", { body, method: "PUT" });
  assert.equal(put.status, 200, put.text);
  const wrong = await sendTo("alone", { body, secret: OTHER });
  assert.deepEqual([wrong.status, wrong.code], [401, "WEBHOOK_SIGNATURE_MISMATCH"]);
  const get = await sendTo("alone", { body: "", method: "GET" });
  assert.deepEqual([get.status, get.code], [405, "METHOD_NOT_ALLOWED"]);
  // maxBodyBytes 4096, and a body streamed without Content-Length: refused once past it.
  const w = await mf.getWorker("alone");
  const ts = webhookTimestamp(Date.now());
  const big = await refusedEarly(() => w.fetch(`${APP}/webhooks/zendesk`, {
    method: "POST", duplex: "half", body: streamOf(Array.from({ length: 10 }, () => "y".repeat(1000))),
    headers: { "x-zendesk-webhook-signature": createHmac("sha256", SECRET).update(ts + "y".repeat(10_000)).digest("base64"), "x-zendesk-webhook-signature-timestamp": ts },
  }));
  assert.deepEqual([big.status, big.headers.get(CODE)], [413, "WEBHOOK_BODY_TOO_LARGE"]);
  await big.text();
  const got = (await received("alone")).slice(before);
  assert.deepEqual(got.map((g) => g.event.detail.subject), ["alone", "alone"]);
});

test("onEvent's own answer is passed on; its failure is a coded 500 whose text stays in the Worker", async () => {
  const a = await sendTo("alone", { body: JSON.stringify(sampleTicketEvent({ subject: "answer 202" })) });
  assert.deepEqual([a.status, a.text], [202, "queued"]);
  const t = await sendTo("alone", { body: JSON.stringify(sampleTicketEvent({ subject: "throw" })) });
  assert.deepEqual([t.status, t.code], [500, "WEBHOOK_HANDLER_FAILED"]);
  assert.ok(!t.text.includes("secret-looking"));
  await new Promise((r) => setTimeout(r, 100));
  assert.match(log.join(""), /webhook handler failed \(Error\)/);
  assert.ok(!log.join("").includes("secret-looking"));
});

test("webhooks are served while the proxy's configuration is broken; without a secret they are refused with 500", async () => {
  const body = JSON.stringify(sampleTicketEvent({ subject: "broken proxy" }));
  const ok = await sendTo("proxy-broken", { body });
  assert.equal(ok.status, 200, ok.text);
  const api = await (await mf.getWorker("proxy-broken")).fetch(`${APP}/api/v2/users/me.json`, { headers: { origin: APP } });
  assert.deepEqual([api.status, api.headers.get(CODE)], [500, "AUTH_MODE_INVALID"]);
  await api.text();
  const none = await sendTo("proxy-no-secret", { body });
  assert.deepEqual([none.status, none.code], [500, "WEBHOOK_SECRET_MISSING"]);
  assert.deepEqual(await received("proxy-no-secret"), [], "a request was passed on with no secret to check it against");
});

test("a raw request handler as createEdgeHandler's webhook is refused when the Worker starts, with a code", async () => {
  const w = await mf.getWorker("alone");
  const r = await (await w.fetch(`${APP}/__raw-webhook-option`)).json();
  assert.equal(r.code, "WEBHOOK_HANDLER_INVALID");
  assert.match(r.message, /onEvent/);
});
