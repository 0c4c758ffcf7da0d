// Credentials go only to the base URL's origin, under its path and /api/v2/, judged on
// the URL the runtime will actually fetch. A property test over paths and absolute URLs
// built from dot segments in every spelling (., .., %2e, %2E, with tabs, newlines and
// backslashes), encoded slashes, other hosts, user info and ports: a mocked fetch records
// every URL a request would have gone to, and Node's URL parser (what fetch uses) checks
// each one. The counts are printed for the closing note.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ZendeskClient, ZendeskAuthError } from "zendesk-auth/client";

/** A small seeded generator, so a failure can be replayed. */
function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32);
}

const PIECES = [".", "..", "%2e", "%2E", "%2e%2e", ".%2e", "%2e.", "%2E%2E", ".\t.", ".\n.", "\t", "\\", "/", "//", "%2f", "%5c", "a", "users", "1001", "admin", "..;", "%252e", "?", "#", "@", ":", " "];
const HOSTS = ["acme.zendesk.com", "acme.zendesk.com:443", "acme.zendesk.com:8443", "ACME.zendesk.com", "acme.zendesk.com.", "acme.zendesk.com.evil.example", "evil.example", "acme.zendesk.com@evil.example", "user:pw@acme.zendesk.com", "127.0.0.1"];

function junk(next, n) {
  let s = "";
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

async function run(baseUrl, make, count, seed) {
  const next = random(seed);
  const sent = [];
  const real = globalThis.fetch;
  globalThis.fetch = async (url) => {
    sent.push(String(url));
    return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
  };
  const client = new ZendeskClient({ baseUrl, oauthToken: "a".repeat(54), retry: { maxRetries: 0 } });
  let accepted = 0, refused = 0;
  try {
    for (let i = 0; i < count; i++) {
      const target = make(next);
      const before = sent.length;
      const call = i % 3 === 0 ? client.delete(target) : i % 3 === 1 ? client.get(target) : client.post(target, { x: 1 });
      try {
        await call;
        accepted++;
      } catch (e) {
        assert.ok(e instanceof ZendeskAuthError, String(e));
        assert.equal(e.code, "INVALID_PATH", `${JSON.stringify(target)}: ${e.code} ${e.message}`);
        assert.equal(sent.length, before, "a refused path sent nothing");
        refused++;
      }
    }
  } finally {
    globalThis.fetch = real;
  }
  const base = new URL(baseUrl);
  const root = `${base.pathname.replace(/\/$/, "")}/api/v2/`;
  const escaped = sent.filter((u) => {
    const p = new URL(u);
    return p.origin !== base.origin || !p.pathname.startsWith(root) || p.username !== "" || p.password !== "";
  });
  return { tried: count, accepted, refused, escaped };
}

const cases = {
  "paths on https://acme.zendesk.com": ["https://acme.zendesk.com", (next) => `/api/v2/tickets/${junk(next, 1 + Math.floor(next() * 6))}.json`],
  "paths behind a gateway base path": ["https://gateway.example/zendesk", (next) => `/api/v2/${junk(next, 1 + Math.floor(next() * 8))}/internal/admin`],
  "absolute URLs (pagination links, redirects)": ["https://acme.zendesk.com", (next) => `https://${HOSTS[Math.floor(next() * HOSTS.length)]}/api/v2/${junk(next, Math.floor(next() * 5))}`],
  "paths on a loopback proxy with a port": ["http://127.0.0.1:8787/acme", (next) => `api/v2/${junk(next, 1 + Math.floor(next() * 6))}`],
};

test("no generated path or URL sends credentials outside the base's /api/v2/", async () => {
  let total = 0, accepted = 0;
  for (const [name, [baseUrl, make]] of Object.entries(cases)) {
    const r = await run(baseUrl, make, 2500, total + 7);
    console.log(`confinement ${name}: ${r.tried} tried, ${r.accepted} sent, ${r.refused} refused, ${r.escaped.length} escaped`);
    assert.deepEqual(r.escaped, []);
    total += r.tried;
    accepted += r.accepted;
  }
  // Not vacuous: plenty of the generated targets were legitimate and were sent.
  assert.ok(accepted > total / 10, `${accepted} of ${total} sent`);
});

test("the attacks from the review, one by one", async () => {
  const sent = [];
  const real = globalThis.fetch;
  globalThis.fetch = async (url) => {
    sent.push(String(url));
    return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
  };
  try {
    const zd = new ZendeskClient({ subdomain: "acme", oauthToken: "a".repeat(54) });
    for (const id of [".%2e/users/1001", "%2e./users/1001", ".\t./users/1001", "%2E%2E/users/1001", "..\\users\\1001"]) {
      await assert.rejects(zd.delete(`/api/v2/tickets/${id}.json`), (e) => e.code === "INVALID_PATH", id);
    }
    const gw = new ZendeskClient({ baseUrl: "https://gateway.example/zendesk", oauthToken: "a".repeat(54) });
    await assert.rejects(gw.get("/api/v2/.%2e/.%2e/.%2e/internal/admin"), (e) => e.code === "INVALID_PATH");
    // Zendesk's own links with an explicit default port are the same origin.
    const page = await zd.get("https://acme.zendesk.com:443/api/v2/webhooks/1/invocations.json?page[after]=x");
    assert.equal(page.status, 200);
    assert.equal(sent.at(-1), "https://acme.zendesk.com/api/v2/webhooks/1/invocations.json?page[after]=x");
  } finally {
    globalThis.fetch = real;
  }
  for (const baseUrl of ["http://127.evil.com", "http://127.0.0.1.nip.io", "http://localhost.evil.example"]) {
    assert.throws(() => new ZendeskClient({ baseUrl, oauthToken: "a".repeat(54) }), (e) => e.code === "INVALID_OPTION", baseUrl);
  }
  for (const baseUrl of ["http://127.0.0.1:8787", "http://localhost:8787/z", "http://[::1]:8787"]) {
    assert.equal(new ZendeskClient({ baseUrl, oauthToken: "a".repeat(54) }).authScheme, "oauth");
  }
});
