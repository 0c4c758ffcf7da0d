// Load on loopback, bounded in count (8 clients x 25 requests) and time: the fake
// Zendesk limits the account to 40 requests a second, so most requests meet 429s and
// wait. Every request must end exactly once, and no write may reach Zendesk twice
// unless the earlier arrival was a 429 (which Zendesk did not apply).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ZendeskClient } from "zendesk-auth/client";

const { startFakeZendesk, SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);

test("200 requests from 8 clients under a 40/s limit: no lost, duplicated or re-sent outcomes", async () => {
  const zd = await startFakeZendesk({ accounts: { acme: { rateLimit: { limit: 40, windowMs: 1000 } } } });
  try {
    const clients = Array.from({ length: 8 }, () => new ZendeskClient({
      baseUrl: zd.accountUrl("acme"),
      email: SEED.acme.users.admin.email,
      apiToken: SEED.acme.apiTokens[0],
      retry: { maxRetries: 20, maxWaitMs: 45_000 },
    }));
    const requests = [];
    clients.forEach((c, ci) => {
      for (let r = 0; r < 25; r++) {
        const id = 1 + ci * 25 + r; // every request its own ticket, so its attempts can be told apart
        const write = r % 3 === 0;
        const p = write ? c.put(`/api/v2/tickets/${id}.json`, { ticket: { status: "pending" } }) : c.get(`/api/v2/tickets/${id}.json`);
        requests.push({ id, write, p });
      }
    });
    const t0 = Date.now();
    const settled = await Promise.allSettled(requests.map((r) => r.p));
    const seconds = (Date.now() - t0) / 1000;

    const ok = settled.filter((s) => s.status === "fulfilled").length;
    const limited = settled.filter((s) => s.status === "rejected" && s.reason.code === "RATE_LIMITED").length;
    const other = settled.filter((s) => s.status === "rejected" && s.reason.code !== "RATE_LIMITED");
    assert.deepEqual(other.map((s) => s.reason.code), []);
    assert.equal(ok + limited, 200, "every request has exactly one outcome");

    const log = zd.getLog({ account: "acme" });
    let answered429 = 0;
    for (const r of requests) {
      const entries = log.filter((l) => l.apiPath === `/api/v2/tickets/${r.id}.json`);
      const applied = entries.filter((e) => e.status !== 429);
      assert.ok(applied.length <= 1, `ticket ${r.id}: Zendesk applied it ${applied.length} times`);
      if (r.write) entries.slice(0, -1).forEach((e) => assert.equal(e.status, 429));
      answered429 += entries.length - applied.length;
    }
    console.log(`# load: 200 requests, ${ok} ok, ${limited} RATE_LIMITED, ${answered429} 429s waited out, ${log.length} arrivals at the fake, ${seconds.toFixed(1)} s`);
    assert.ok(seconds < 45);
  } finally {
    await zd.close();
  }
});
