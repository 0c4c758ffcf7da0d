// "zendesk-auth/webhook" in workerd through Miniflare: a Worker bundled with esbuild the way
// wrangler bundles (conditions workerd, worker, browser) runs the shared case table, and
// receives webhooks the fake Zendesk sends to it over real HTTP on loopback.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cases, propertyCases, mismatch, SECRET, OLD_SECRET, UTF8_BODY } from "./cases.mjs";

const repo = process.env.ZA_REPO;
const here = dirname(fileURLToPath(import.meta.url));
const { bundleWorker } = await import(`${repo}/tests/workerd-bundle.mjs`);
const { Miniflare } = await import(`${repo}/tests/node_modules/miniflare/dist/src/index.js`);
const { startFakeZendesk } = await import(`${repo}/tests/fake-zendesk/server.mjs`);

let mf, url, zd, built;
before(async () => {
  built = await bundleWorker(join(here, "worker.mjs"), join(here, "dist-webhook"), here);
  mf = new Miniflare({
    modules: true,
    scriptPath: join(here, "dist-webhook", "worker.js"),
    compatibilityDate: "2026-07-30",
    bindings: { ZENDESK_WEBHOOK_SECRET: SECRET },
  });
  url = String(await mf.ready).replace(/\/$/, "");
  zd = await startFakeZendesk({});
});
after(async () => {
  await mf?.dispose();
  await zd?.close();
});

const runInWorker = async (list) => (await mf.dispatchFetch("http://worker/__cases", { method: "POST", body: JSON.stringify(list) })).json();

test("workerd: the bundle holds the webhook entry and nothing of the wasm entries", async () => {
  const inputs = Object.keys(built.metafile.inputs);
  assert.ok(inputs.includes("node_modules/zendesk-auth/webhook/index.mjs"), inputs.join("\n"));
  assert.ok(!inputs.some((p) => /zendesk_auth|\.wasm$/.test(p)), inputs.join("\n"));
  const rt = await (await mf.dispatchFetch("http://worker/__runtime")).json();
  assert.deepEqual(rt, { userAgent: "Cloudflare-Workers", subtle: "function" });
});

test("workerd: every case of the table gives the verdict expected", async () => {
  const list = cases();
  const verdicts = await runInWorker(list);
  assert.deepEqual(list.map((c, i) => mismatch(c, verdicts[i])).filter(Boolean), []);
});

test("workerd: property, 1,000 random cases pass as signed and fail with one byte flipped", async () => {
  const list = propertyCases(1000, 11);
  const verdicts = await runInWorker(list);
  assert.deepEqual(list.map((c, i) => mismatch(c, verdicts[i])).filter(Boolean), []);
  assert.equal(verdicts.filter((v) => v.ok).length, 1000);
});

test("workerd: the fake Zendesk's webhooks over HTTP, verified by the Worker", async () => {
  const hook = `${url}/webhooks/zendesk`;
  const ok = await zd.sendWebhook({ url: hook, secret: SECRET });
  assert.equal(ok.status, 200);
  const got = JSON.parse(ok.body);
  assert.equal(got.type, "zen:event-type:ticket.created");
  assert.equal(got.text, ok.sent.body, "the Worker saw the exact bytes sent");
  const utf8 = await zd.sendWebhook({ url: hook, secret: SECRET, body: JSON.stringify({ type: "t", detail: { subject: UTF8_BODY } }) });
  assert.equal(JSON.parse(utf8.body).subject, UTF8_BODY);
  const empty = await zd.sendWebhook({ url: hook, secret: SECRET, method: "DELETE" });
  assert.deepEqual([empty.status, JSON.parse(empty.body)], [200, { type: null, subject: null, text: "" }]);
  const refused = {
    WEBHOOK_SIGNATURE_MISMATCH: { secret: OLD_SECRET },
    WEBHOOK_TEST_SECRET: { testSecret: true },
    WEBHOOK_ORDER_REVERSED: { secret: SECRET, order: "body+timestamp" },
    WEBHOOK_TIMESTAMP_OUT_OF_WINDOW: { secret: SECRET, ageSeconds: 3600 },
    WEBHOOK_TIMESTAMP_INVALID: { secret: SECRET, timestamp: String(Math.floor(Date.now() / 1000)) },
    WEBHOOK_SIGNATURE_MISSING: { secret: SECRET, headers: { "X-Zendesk-Webhook-Signature": null } },
    WEBHOOK_TIMESTAMP_MISSING: { secret: SECRET, headers: { "X-Zendesk-Webhook-Signature-Timestamp": null } },
    WEBHOOK_BODY_TOO_LARGE: { secret: SECRET, body: "x".repeat(1024 * 1024 + 1) },
  };
  for (const [code, options] of Object.entries(refused)) {
    const r = await zd.sendWebhook({ url: hook, ...options });
    assert.deepEqual([r.status, JSON.parse(r.body).code], [401, code], code);
  }
});
