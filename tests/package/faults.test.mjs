// Fault injection through the installed package against the fake Zendesk: every
// request ends in exactly one outcome (data or a coded error), no promise rejection goes
// unhandled, no retry comes earlier than Retry-After, the deadline is kept, and no
// credential reaches another host. Each request uses its own ticket id so its attempts
// can be picked out of the fake's log.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { ZendeskClient } from "zendesk-auth/client";

const { startFakeZendesk, SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);
const acme = SEED.acme;
const CODES = new Set(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "RATE_LIMITED", "SERVER_ERROR", "TIMEOUT", "ABORTED", "NETWORK", "BAD_RESPONSE", "REDIRECT_REFUSED"]);

let zd;
const unhandled = [];
const onUnhandled = (e) => unhandled.push(e);
before(async () => {
  zd = await startFakeZendesk({});
  process.on("unhandledRejection", onUnhandled);
});
after(async () => {
  process.off("unhandledRejection", onUnhandled);
  await zd.close();
});
beforeEach(() => zd.reset());

const client = (extra = {}) => new ZendeskClient({ baseUrl: zd.accountUrl("acme"), oauthToken: acme.oauth.adminReadWrite.token, ...extra });

/** Settles every promise, failing if any takes longer than `ms`; returns outcomes. */
async function outcomes(promises, ms) {
  let timer;
  const deadline = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`requests still pending after ${ms} ms`)), ms); });
  const settled = await Promise.race([Promise.allSettled(promises), deadline]);
  clearTimeout(timer);
  return settled.map((s) => {
    if (s.status === "fulfilled") return { ok: true, status: s.value.status };
    assert.equal(s.reason.name, "ZendeskAuthError", s.reason.stack);
    assert.ok(CODES.has(s.reason.code), `unexpected code ${s.reason.code}`);
    return { ok: false, code: s.reason.code };
  });
}

/** The fake's log entries for one ticket path, in order. */
const attempts = (id) => zd.getLog({ account: "acme" }).filter((l) => l.apiPath === `/api/v2/tickets/${id}.json`);

// Measured from arrival to arrival. The fake answers a 429 at once; subtracting its
// durationMs (taken at the response's 'finish' event) made gaps of 998 ms out of waits of
// 1000: with the fake and the client in one event loop under a 40-request load, 'finish'
// can run a few milliseconds after the client has read the answer and started waiting.
function gapsHonour(entries, retryAfterMs) {
  for (let i = 1; i < entries.length; i++) {
    const prev = entries[i - 1];
    if (prev.status !== 429 && prev.status !== 503) continue;
    const gap = Date.parse(entries[i].time) - Date.parse(prev.time);
    assert.ok(gap >= retryAfterMs, `retry after ${gap} ms, Retry-After asked ${retryAfterMs} ms`);
  }
}

test("a 429 storm: 40 concurrent GETs each limited twice, all succeed, none early", async () => {
  const ids = Array.from({ length: 40 }, (_, i) => i + 1);
  for (const id of ids) zd.enqueueFault("acme", { fault: "429-retry-after=1", count: 2, path: `/api/v2/tickets/${id}.json` });
  const c = client();
  const results = await outcomes(ids.map((id) => c.get(`/api/v2/tickets/${id}.json`)), 20_000);
  assert.deepEqual(results, ids.map(() => ({ ok: true, status: 200 })));
  for (const id of ids) {
    const a = attempts(id);
    assert.deepEqual(a.map((e) => e.status), [429, 429, 200]);
    gapsHonour(a, 1000);
  }
});

test("mixed faults: one outcome per request, the right code, nothing unhandled", async () => {
  const plan = [
    // [fault, times, method, expected outcome]
    ["503-retry-after=1", 1, "GET", { ok: true, status: 200 }],
    ["503", 1, "GET", { ok: false, code: "SERVER_ERROR" }],
    ["503-retry-after=1", 1, "PUT", { ok: false, code: "SERVER_ERROR" }],
    ["502", 2, "GET", { ok: true, status: 200 }],
    ["504", 1, "GET", { ok: true, status: 200 }],
    ["reset", 2, "GET", { ok: true, status: 200 }],
    ["reset", 1, "PUT", { ok: false, code: "NETWORK" }],
    ["malformed", 1, "GET", { ok: false, code: "BAD_RESPONSE" }],
    ["large=5000000", 1, "GET", { ok: true, status: 200 }],
    ["redirect", 1, "GET", { ok: false, code: "REDIRECT_REFUSED" }],
    ["redirect", 1, "PUT", { ok: false, code: "REDIRECT_REFUSED" }],
    ["429-retry-after=1", 1, "PUT", { ok: true, status: 200 }],
    ["500", 1, "GET", { ok: false, code: "SERVER_ERROR" }],
  ];
  const c = client();
  const body = { ticket: { status: "open" } };
  const requests = plan.map(([fault, count, method], i) => {
    const id = 100 + i;
    zd.enqueueFault("acme", { fault, count, method, path: `/api/v2/tickets/${id}.json` });
    return method === "GET" ? c.get(`/api/v2/tickets/${id}.json`) : c.put(`/api/v2/tickets/${id}.json`, body);
  });
  const results = await outcomes(requests, 30_000);
  results.forEach((r, i) => assert.deepEqual(r, plan[i][3], `${plan[i][0]} ${plan[i][2]}`));
  plan.forEach(([fault, , method], i) => {
    const a = attempts(100 + i);
    gapsHonour(a, 1000);
    // Writes are sent again only after a 429.
    if (method === "PUT") a.slice(0, -1).forEach((e) => assert.equal(e.status, 429, `${fault}: a write was retried after ${e.status}`));
  });
  assert.equal(zd.captures().length, 0, "a redirect carried a request to the other host");
  assert.deepEqual(unhandled, []);
});

test("stalled answers: timeouts per attempt, and one deadline over all attempts", async () => {
  for (let id = 200; id < 205; id++) zd.enqueueFault("acme", { fault: "stall", count: 5, path: `/api/v2/tickets/${id}.json` });
  const c = client({ timeoutMs: 300, retry: { maxRetries: 5, maxWaitMs: 1500 } });
  const t0 = Date.now();
  const results = await outcomes([200, 201, 202, 203, 204].map((id) => c.get(`/api/v2/tickets/${id}.json`)), 10_000);
  const elapsed = Date.now() - t0;
  assert.deepEqual(results.map((r) => r.code), Array(5).fill("TIMEOUT"));
  // Waits start only if they end before the deadline; the last attempt adds at most its timeout.
  assert.ok(elapsed < 1500 + 300 + 500, `took ${elapsed} ms`);
});

test("a deadline shorter than Retry-After gives RATE_LIMITED at once", async () => {
  zd.enqueueFault("acme", { fault: "429-retry-after=5", count: 10, path: "/api/v2/tickets/300.json" });
  const t0 = Date.now();
  const [r] = await outcomes([client({ retry: { maxWaitMs: 2000 } }).get("/api/v2/tickets/300.json")], 5_000);
  assert.deepEqual(r, { ok: false, code: "RATE_LIMITED" });
  assert.ok(Date.now() - t0 < 1000);
  assert.equal(attempts(300).length, 1);
});
