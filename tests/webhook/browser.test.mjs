// "zendesk-auth/webhook" in headless Chromium (Debian's, through playwright-core): the page
// imports the installed package's webhook/index.mjs from a loopback server and runs the
// same case table as Node, the property cases, a webhook the fake Zendesk sent, and hostile
// input built in the page itself. Expected values come from cases.mjs (createHmac, python3).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { launch, servePages } from "./harness.mjs";
import { cases, propertyCases, mismatch, SECRET, OLD_SECRET } from "./cases.mjs";

const { startFakeZendesk } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);
const js = (body) => ({ type: "text/javascript", body });

let browser, site, page;
const requested = [];
before(async () => {
  browser = await launch();
  site = await servePages({
    "/": "<!doctype html><title>webhook</title><p>webhook tests</p>",
    "/revive.mjs": js(readFileSync(new URL("./revive.mjs", import.meta.url))),
  });
  page = await browser.newPage();
  page.on("request", (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(site.url);
});
after(async () => {
  await browser?.close();
  await site?.close();
});

/** Runs cases in the page through the package's verifyWebhookSignature. */
const runInPage = (list) =>
  page.evaluate(async (list) => {
    const { verifyWebhookSignature } = await import("/pkg/webhook/index.mjs");
    const { runCases } = await import("/revive.mjs");
    return runCases(verifyWebhookSignature, list);
  }, list);

test("Chromium: the page is a secure context with WebCrypto, and the entry loads no .wasm", async () => {
  assert.equal(await page.evaluate(() => isSecureContext && typeof crypto.subtle.verify), "function");
  assert.equal(await page.evaluate(async () => (await import("/pkg/webhook/index.mjs")).WEBHOOK_CODES.length), 18);
  assert.ok(requested.includes("/pkg/webhook/index.mjs"));
  assert.ok(!requested.some((p) => p.endsWith(".wasm") || p.includes("zendesk_auth")), requested.join(" "));
});

test("Chromium: every case of the table gives the verdict expected", async () => {
  const list = cases();
  const verdicts = await runInPage(list);
  const problems = list.map((c, i) => mismatch(c, verdicts[i])).filter(Boolean);
  assert.deepEqual(problems, []);
  const codes = new Set(verdicts.filter((v) => !v.ok).map((v) => v.code));
  assert.ok(codes.size >= 14, [...codes].join(" "));
});

test("Chromium: property, 1,000 random cases pass as signed and fail with one byte flipped", async () => {
  const list = propertyCases(1000, 7);
  const verdicts = await runInPage(list);
  assert.deepEqual(list.map((c, i) => mismatch(c, verdicts[i])).filter(Boolean), []);
  assert.equal(verdicts.filter((v) => v.ok).length, 1000);
});

test("Chromium: hostile input made in the page resolves to coded refusals", async () => {
  const codes = await page.evaluate(async (secret) => {
    const { verifyWebhookSignature } = await import("/pkg/webhook/index.mjs");
    const base = { body: "{}", timestamp: "2026-11-30T11:59:00Z", secret, now: Date.parse("2026-11-30T12:00:00Z"), signature: "A".repeat(43) + "=" };
    const inputs = [
      undefined, 1, "x", [base],
      new Proxy({}, new Proxy({}, { get: () => () => { throw new Error("trap"); } })),
      Object.defineProperty({ ...base }, "body", { get() { throw new Error("getter ran"); }, enumerable: true }),
      { ...base, body: document.body },
      { ...base, body: new Blob(["{}"]) },
      { ...base, signature: "A".repeat(5_000_000) },
      { ...base, secrets: [secret], secret: undefined, timestamp: "x".repeat(5_000_000) },
      { ...base, body: new DataView(new ArrayBuffer(8)) },
    ];
    const out = [];
    for (const i of inputs) {
      try {
        const v = await verifyWebhookSignature(i);
        out.push(v.ok === false ? v.code : "accepted");
      } catch (e) {
        out.push(`threw ${e}`);
      }
    }
    return out;
  }, SECRET);
  assert.deepEqual(codes, [
    "WEBHOOK_OPTIONS_INVALID", "WEBHOOK_OPTIONS_INVALID", "WEBHOOK_OPTIONS_INVALID", "WEBHOOK_OPTIONS_INVALID",
    "WEBHOOK_OPTIONS_INVALID", "WEBHOOK_OPTIONS_INVALID", "WEBHOOK_BODY_PARSED", "WEBHOOK_BODY_PARSED",
    "WEBHOOK_SIGNATURE_MALFORMED", "WEBHOOK_TIMESTAMP_INVALID", "WEBHOOK_SIGNATURE_MISMATCH",
  ]);
});

test("Chromium: a webhook the fake Zendesk sent, checked as a Request in the page", async () => {
  // The fake sends to a loopback catcher; the page gets exactly what arrived on the wire.
  const caught = [];
  const catcher = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    caught.push({ headers: req.headers, body: Buffer.concat(chunks).toString("base64") });
    res.writeHead(204).end();
  });
  await new Promise((r) => catcher.listen(0, "127.0.0.1", r));
  const zd = await startFakeZendesk({});
  try {
    const url = `http://127.0.0.1:${catcher.address().port}/hook`;
    await zd.sendWebhook({ url, secret: SECRET, body: JSON.stringify({ type: "zen:event-type:ticket.created", detail: { subject: "Grüße 🔥" } }) });
    await zd.sendWebhook({ url, secret: OLD_SECRET });
    await zd.sendWebhook({ url, testSecret: true });
    await zd.sendWebhook({ url, secret: SECRET, order: "body+timestamp" });
  } finally {
    await zd.close();
    await new Promise((r) => catcher.close(r));
  }
  const verdicts = await page.evaluate(async ({ caught, secret }) => {
    const { verifyWebhookRequest } = await import("/pkg/webhook/index.mjs");
    const out = [];
    for (const c of caught) {
      const body = Uint8Array.from(atob(c.body), (ch) => ch.charCodeAt(0));
      const headers = Object.entries(c.headers).filter(([k]) => k.startsWith("x-zendesk") || k === "content-type");
      const v = await verifyWebhookRequest(new Request(location.origin + "/hook", { method: "POST", headers, body }), { secret });
      out.push(v.ok ? { ok: true, subject: v.event.detail.subject } : { ok: false, code: v.code });
    }
    return out;
  }, { caught, secret: SECRET });
  assert.deepEqual(verdicts, [
    { ok: true, subject: "Grüße 🔥" },
    { ok: false, code: "WEBHOOK_SIGNATURE_MISMATCH" },
    { ok: false, code: "WEBHOOK_TEST_SECRET" },
    { ok: false, code: "WEBHOOK_ORDER_REVERSED" },
  ]);
});
