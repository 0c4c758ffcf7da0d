// Recorded Zendesk shapes in real headless Chromium, page and fake Zendesk on different
// origins (CORS enforced by the browser): cursor and time-based exports followed to
// end_of_stream and not past it, request headers through the preflight, bytes sent
// byte-exact, and the NETWORK message naming a refused preflight.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { clientPage, clientPageFixture } from "./harness.mjs";

const repo = process.env.ZA_REPO;
const { SEED } = await import(`${repo}/tests/fake-zendesk/server.mjs`);
const { uploadedFiles } = await import(`${repo}/tests/fake-zendesk/uploads.mjs`);

const fx = clientPageFixture({ "/": clientPage() });
const { inPage } = fx;

const acme = SEED.acme;
const args = () => ({ base: fx.zd.accountUrl("acme"), oauth: acme.oauth.adminReadWrite.token, start: Date.UTC(2024, 0, 1) / 1000 });

test("a cursor export is followed to end_of_stream in the browser, records one by one", async () => {
  fx.zd.configureAccount("acme", { recordCount: { tickets: 250 } });
  const r = await inPage(async (za, a) => {
    const c = new za.ZendeskClient({ baseUrl: a.base, oauthToken: a.oauth });
    const ids = [];
    for await (const t of c.paginate("/api/v2/incremental/tickets/cursor.json", { query: { start_time: a.start, per_page: 100 } }).items()) ids.push(t.id);
    c.free();
    return ids;
  }, args());
  assert.deepEqual(r.ok, Array.from({ length: 250 }, (_, i) => i + 1));
  assert.equal(fx.zd.getLog({ account: "acme", method: "GET", apiPath: "/api/v2/incremental/tickets/cursor.json" }).length, 3);
});

test("a time-based export stops at end_of_stream in the browser although next_page is still set", async () => {
  fx.zd.configureAccount("acme", { recordCount: { tickets: 250 } });
  const r = await inPage(async (za, a) => {
    const c = new za.ZendeskClient({ baseUrl: a.base, oauthToken: a.oauth });
    const pages = [];
    for await (const p of c.paginate("/api/v2/incremental/tickets.json", { query: { start_time: a.start, per_page: 100 } })) {
      pages.push([p.data.tickets.length, p.data.end_of_stream, typeof p.data.next_page]);
    }
    c.free();
    return pages;
  }, args());
  // start_time is inclusive: 1..100, 100..199, 199..250 (the fake's documented model).
  assert.deepEqual(r.ok, [[100, false, "string"], [100, false, "string"], [52, true, "string"]]);
  assert.equal(fx.zd.getLog({ account: "acme", method: "GET", apiPath: "/api/v2/incremental/tickets.json" }).length, 3);
});

test("custom headers pass the preflight, and a Blob's bytes arrive byte-exact", async () => {
  const bytes = Array.from({ length: 4096 }, (_, i) => (i * 7) & 255);
  const r = await inPage(async (za, a) => {
    const c = new za.ZendeskClient({ baseUrl: a.base, oauthToken: a.oauth, headers: { "Idempotency-Key": "k-1" } });
    const blob = new Blob([new Uint8Array(a.bytes)], { type: "application/octet-stream" });
    const up = await c.post("/api/v2/uploads.json", blob, { query: { filename: "bytes.bin" } });
    return up.data.upload.token;
  }, { ...args(), bytes });
  const [file] = uploadedFiles(r.ok);
  assert.equal(createHash("sha256").update(file.bytes).digest("hex"), createHash("sha256").update(Buffer.from(bytes)).digest("hex"));
});

test("a refused preflight is a NETWORK error whose message names the preflight", async () => {
  // No CORS on a mistyped subdomain (the fake's assumption 5): the browser refuses it.
  const r = await inPage(async (za, a) => {
    const c = new za.ZendeskClient({ baseUrl: a.base.replace("/acme", "/nosuchaccount"), oauthToken: a.oauth, headers: { "X-Trace": "t" } });
    return c.get("/api/v2/users/me.json");
  }, args());
  assert.equal(r.code, "NETWORK");
  assert.match(r.message, /preflight/);
});
