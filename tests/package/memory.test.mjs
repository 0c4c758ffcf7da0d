// What the WebAssembly linear memory still holds after each entry point returns: no copy
// of any secret it was given or produced, in whole or in part (any 12 characters of it),
// as text, inside base64 (a Basic header carries the API token that way) or as the
// 32-bit words a SHA-256 reads (the PKCE verifier is hashed). The scan
// reads the memory the glue's `init()` returns, the memory the library really used;
// secrets are fresh random values, so a hit can only come from the call under test.
//
// While a ZendeskClient is alive it must hold its credentials: exactly one Authorization
// value, and with OAuth one refresh token and one client secret. Those copies are counted
// here too, which also proves the scan finds what is there; after free() they are gone.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as coreEntry from "zendesk-auth";
import * as clientEntry from "zendesk-auth/client";

const { startFakeZendesk, SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);

const acme = SEED.acme;
const email = acme.users.admin.email;
const confidential = acme.oauthClients.confidential;
const redirectUri = "http://127.0.0.1:9/oauth/callback";

/** A secret shorter than this is not scanned for (and a copy shorter than it is not one). */
const WINDOW = 12;

const alnum = (n) => {
  let s = "";
  while (s.length < n) s += randomBytes(n).toString("base64").replace(/[^A-Za-z0-9]/g, "");
  return s.slice(0, n);
};
/** Zendesk's shapes: API tokens are 40 alphanumerics, OAuth access tokens 64 hex digits. */
const apiToken = () => alnum(40);
const oauthToken = () => randomBytes(32).toString("hex");

/**
 * Every `len`-character slice of `text`, and of the text's base64 and base64url at each of
 * the three byte alignments it can have inside a longer encoded value: only the characters
 * that encode the secret's own bytes, so any encoded value holding it contains them.
 */
function needles(secret) {
  const out = [];
  const slices = (text, len, as) => {
    for (let i = 0; i + len <= text.length; i++) out.push({ text: text.slice(i, i + len), as });
  };
  slices(secret, WINDOW, "text");
  const bytes = Buffer.from(secret, "utf8");
  // As big-endian 32-bit words in little-endian memory (how SHA-256 reads its input), at
  // each of the four alignments; three whole words of the secret's own bytes.
  for (let k = 0; k < 4; k++) {
    const padded = Buffer.concat([Buffer.alloc(k), bytes]);
    const words = Buffer.from(padded.subarray(0, padded.length - (padded.length % 4)));
    for (let i = 0; i < words.length; i += 4) words.subarray(i, i + 4).reverse();
    for (let i = k ? 4 : 0; i + 12 <= words.length; i += 4) out.push({ text: words.subarray(i, i + 12).toString("latin1"), as: "words" });
  }
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString("base64");
    const own = encoded.slice(k ? 4 : 0, Math.floor((k + bytes.length) / 3) * 4);
    slices(own, 16, "base64");
    const url = own.replaceAll("+", "-").replaceAll("/", "_");
    if (url !== own) slices(url, 16, "base64url");
  }
  return out;
}

/**
 * Where `secret` (or any WINDOW characters of it) lies in `memory`: one entry per copy.
 * Slices that also occur in a value in `alive` are not looked for: two JWTs from one
 * issuer share their header, so the spent token's header is also the live token's.
 */
function copiesOf(memory, secret, alive = []) {
  assert.ok(secret.length >= WINDOW, `a test secret must be ${WINDOW}+ characters`);
  const view = Buffer.from(memory.buffer);
  const hits = [];
  const shared = (n) => alive.some((a) => a.includes(n.text) || needles(a).some((m) => m.text === n.text));
  for (const n of needles(secret).filter((n) => !shared(n))) {
    for (let at = view.indexOf(n.text, 0, "latin1"); at !== -1; at = view.indexOf(n.text, at + 1, "latin1")) hits.push({ at, as: n.as });
  }
  // Overlapping slices of one copy are one copy.
  hits.sort((a, b) => a.at - b.at);
  const copies = [];
  for (const h of hits) {
    const last = copies.at(-1);
    if (last && h.at < last.end) last.end = Math.max(last.end, h.at + secret.length * 2);
    else copies.push({ at: h.at, as: h.as, end: h.at + secret.length * 2 });
  }
  return copies.map(({ at, as }) => `${as} at ${at}`);
}

/** Exact occurrences of `text` in `memory` (for the copies a live client must hold). */
function occurrences(memory, text) {
  const view = Buffer.from(memory.buffer);
  let n = 0;
  for (let at = view.indexOf(text, 0, "latin1"); at !== -1; at = view.indexOf(text, at + 1, "latin1")) n++;
  return n;
}

const memoryOf = async (entry) => (await entry.default()).memory;
const entries = { "zendesk-auth": coreEntry, "zendesk-auth/client": clientEntry };
const figures = [];

/** Asserts no copy of any of `secrets` is left, and records the count for the summary. */
function assertNoCopies(memory, what, secrets, alive = []) {
  const left = Object.entries(secrets).flatMap(([name, s]) => copiesOf(memory, s, alive).map((c) => `${name} (${c})`));
  figures.push(`${what}: ${left.length} copies left`);
  assert.deepEqual(left, [], `${what}: secrets left in wasm memory`);
}

function throwsCoded(fn) {
  try {
    fn();
  } catch (e) {
    assert.equal(e.name, "ZendeskAuthError", e.message);
    return e;
  }
  assert.fail("expected a coded error");
}

after(() => console.log(figures.map((f) => `# memory: ${f}`).join("\n")));

test("the needles find a secret inside base64 and as 32-bit words at every alignment", () => {
  // An independent check of the needles, on Node's own base64 encoder and byte swap.
  const secret = apiToken();
  const all = needles(secret);
  for (const prefix of ["", "a", "ab", "abc", "agent@example.com/token:"]) {
    const encoded = Buffer.from(prefix + secret).toString("base64");
    assert.ok(all.some((n) => n.as === "base64" && encoded.includes(n.text)), `base64, prefix of ${prefix.length}`);
    const plain = Buffer.from(prefix + secret);
    const words = Buffer.concat([plain, Buffer.alloc((4 - (plain.length % 4)) % 4)]).swap32().toString("latin1");
    assert.ok(all.some((n) => n.as === "words" && words.includes(n.text)), `words, prefix of ${prefix.length}`);
  }
});

for (const [name, entry] of Object.entries(entries)) {
  const { validate, buildAuthorizationHeader, inspectAuthorizationHeader, redact } = entry;

  test(`${name}: validate leaves no copy (trimmed token, Bearer-prefixed token, whole credential in email, refused token)`, async () => {
    const memory = await memoryOf(entry);
    const trimmed = apiToken();
    const r1 = validate({ subdomain: "acme", email, apiToken: `  ${trimmed}\n` });
    assert.equal(r1.credentials.apiToken, trimmed);
    assertNoCopies(memory, `${name} validate, API token with spaces and a newline`, { trimmed });

    const bearer = oauthToken();
    const r2 = validate({ subdomain: "acme", oauthToken: `Bearer ${bearer}` });
    assert.equal(r2.credentials.oauthToken, bearer);
    assertNoCopies(memory, `${name} validate, Bearer-prefixed OAuth token`, { bearer });

    const pasted = apiToken();
    validate({ subdomain: "acme", email: `${email}/token:${pasted}` });
    assertNoCopies(memory, `${name} validate, whole credential pasted as the email`, { pasted });

    const refused = `${apiToken()} ${apiToken()}`;
    const r4 = validate({ subdomain: "acme", email, apiToken: refused });
    assert.equal(r4.ok, false);
    assertNoCopies(memory, `${name} validate, refused token`, { refused });
  });

  test(`${name}: buildAuthorizationHeader leaves no copy (Basic, Bearer, refused)`, async () => {
    const memory = await memoryOf(entry);
    const token = apiToken();
    const basic = buildAuthorizationHeader({ subdomain: "acme", email, apiToken: token });
    assert.equal(basic, `Basic ${Buffer.from(`${email}/token:${token}`).toString("base64")}`);
    assertNoCopies(memory, `${name} buildAuthorizationHeader, Basic`, { token, header: basic });

    const oauth = oauthToken();
    assert.equal(buildAuthorizationHeader({ oauthToken: `Bearer ${oauth}` }), `Bearer ${oauth}`);
    assertNoCopies(memory, `${name} buildAuthorizationHeader, Bearer`, { oauth });

    const bad = `${apiToken()}\u00a0`;
    throwsCoded(() => buildAuthorizationHeader({ email: "not an email", apiToken: bad }));
    assertNoCopies(memory, `${name} buildAuthorizationHeader, refused`, { bad: bad.trim() });
  });

  test(`${name}: inspectAuthorizationHeader leaves no copy (Basic, Bearer, curl -u, swapped)`, async () => {
    const memory = await memoryOf(entry);
    const token = apiToken();
    const basic = `Authorization: Basic ${Buffer.from(`${email}/token:${token}`).toString("base64")}`;
    assert.equal(inspectAuthorizationHeader(basic).scheme, "api_token");
    assertNoCopies(memory, `${name} inspectAuthorizationHeader, Basic`, { token });

    const oauth = oauthToken();
    inspectAuthorizationHeader(`Authorization: Bearer ${oauth}`);
    assertNoCopies(memory, `${name} inspectAuthorizationHeader, Bearer`, { oauth });

    const curl = apiToken();
    inspectAuthorizationHeader(`curl -u ${email}/token:${curl} https://acme.zendesk.com/api/v2/users/me.json`);
    inspectAuthorizationHeader(`curl -u ${curl}/token:${email}`);
    assertNoCopies(memory, `${name} inspectAuthorizationHeader, curl -u and swapped`, { curl });
  });

  test(`${name}: redact leaves no copy of what it masked`, async () => {
    const memory = await memoryOf(entry);
    const [token, oauth, refresh, password] = [apiToken(), oauthToken(), oauthToken(), alnum(20)];
    const log = [
      `curl -u ${email}/token:${token} https://acme.zendesk.com/api/v2/tickets.json`,
      `Authorization: Bearer ${oauth}`,
      JSON.stringify({ access_token: oauth, refresh_token: refresh, token_type: "bearer" }),
      `password=${password}&grant_type=password`,
    ].join("\n");
    assert.notEqual(redact(log), log);
    assertNoCopies(memory, `${name} redact`, { token, oauth, refresh, password });
  });
}

// ---------- the client entry against the fake Zendesk ----------

const { ZendeskClient, createAuthorizationUrl, exchangeCode, refreshToken, clientCredentialsToken } = clientEntry;
let zd, baseUrl;
before(async () => {
  zd = await startFakeZendesk({});
  baseUrl = zd.accountUrl("acme");
});
after(() => zd.close());
beforeEach(() => zd.reset());

/** The browser's part of the flow: follows the authorization URL, returns the code. */
async function authorize(url) {
  const res = await fetch(url, { redirect: "manual" });
  assert.equal(res.status, 302);
  return new URL(res.headers.get("location")).searchParams.get("code");
}

/** Signs in with the confidential client: the code, the verifier and the tokens. */
async function signIn() {
  const { url, codeVerifier } = createAuthorizationUrl({ baseUrl, clientId: confidential.identifier, redirectUri, scopes: ["read", "write"] });
  const code = await authorize(url);
  const tokens = await exchangeCode({ baseUrl, clientId: confidential.identifier, clientSecret: confidential.secret, code, codeVerifier, redirectUri });
  return { code, codeVerifier, tokens };
}

test("createAuthorizationUrl and exchangeCode leave no verifier, code, client secret or token", async () => {
  const memory = await memoryOf(clientEntry);
  const { codeVerifier } = createAuthorizationUrl({ baseUrl, clientId: confidential.identifier, redirectUri, scopes: ["read"] });
  assertNoCopies(memory, "createAuthorizationUrl", { codeVerifier });

  const { code, codeVerifier: verifier, tokens } = await signIn();
  assert.ok(code.length >= WINDOW && tokens.refreshToken);
  assertNoCopies(memory, "exchangeCode", {
    code,
    verifier,
    clientSecret: confidential.secret,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
  });

  // A code used twice: Zendesk refuses it, and the refusal carries no copy either.
  const again = await exchangeCode({ baseUrl, clientId: confidential.identifier, clientSecret: confidential.secret, code, codeVerifier: verifier, redirectUri }).catch((e) => e);
  assert.equal(again.code, "INVALID_GRANT");
  assertNoCopies(memory, "exchangeCode, refused", { code, verifier, clientSecret: confidential.secret });
});

test("refreshToken and clientCredentialsToken leave no old or new token, and no client secret", async () => {
  const memory = await memoryOf(clientEntry);
  const { tokens } = await signIn();
  const next = await refreshToken({ baseUrl, clientId: confidential.identifier, clientSecret: confidential.secret, refreshToken: tokens.refreshToken });
  assert.notEqual(next.refreshToken, tokens.refreshToken);
  assertNoCopies(memory, "refreshToken", {
    oldRefresh: tokens.refreshToken,
    oldAccess: tokens.accessToken,
    newRefresh: next.refreshToken,
    newAccess: next.accessToken,
    clientSecret: confidential.secret,
  });

  const spent = await refreshToken({ baseUrl, clientId: confidential.identifier, clientSecret: confidential.secret, refreshToken: tokens.refreshToken }).catch((e) => e);
  assert.equal(spent.code, "INVALID_GRANT");
  assertNoCopies(memory, "refreshToken, refused", { spent: tokens.refreshToken, clientSecret: confidential.secret });

  const cc = await clientCredentialsToken({ baseUrl, clientId: confidential.identifier, clientSecret: confidential.secret, scopes: ["read"] });
  assertNoCopies(memory, "clientCredentialsToken", { accessToken: cc.accessToken, clientSecret: confidential.secret });
});

// A live client keeps its Authorization value in one JavaScript string, outside wasm
// memory; what it needs in wasm (an OAuth refresh token, a client secret) is there once.
test("an API-token client keeps no Authorization value in wasm memory, alive or freed", async () => {
  const memory = await memoryOf(clientEntry);
  const token = acme.apiTokens[0];
  const authorization = `Basic ${Buffer.from(`${email}/token:${token}`).toString("base64")}`;
  const client = new ZendeskClient({ baseUrl, email, apiToken: token });
  assert.equal((await client.get("/api/v2/users/me.json")).status, 200);
  assert.equal((await client.post("/api/v2/tickets.json", { ticket: { subject: "memory", comment: { body: "scan" } } })).status, 201);
  await client.get("/api/v2/tickets/987654321.json").catch((e) => assert.equal(e.code, "NOT_FOUND"));
  assert.equal((await client.verify()).authScheme, "api_token");
  assertNoCopies(memory, "API-token client alive: get, post, a 404, verify", { token, authorization });
  client.free();
  assertNoCopies(memory, "API-token client: get, post, a 404, verify, free()", { token, authorization });
});

test("an OAuth client that refreshes keeps only the new pair and the client secret, and nothing after free()", async () => {
  const memory = await memoryOf(clientEntry);
  const { tokens } = await signIn();
  let fresh;
  const client = new ZendeskClient({
    baseUrl,
    tokens,
    clientId: confidential.identifier,
    clientSecret: confidential.secret,
    onTokens: (t) => {
      fresh = t;
    },
  });
  assert.equal((await client.get("/api/v2/users/me.json")).status, 200);
  zd.advanceClock(31 * 60 * 1000); // the access token has now expired at Zendesk: a 401, then one refresh
  assert.equal((await client.post("/api/v2/tickets.json", { ticket: { subject: "after refresh", comment: { body: "x" } } })).status, 201);
  assert.ok(fresh && fresh.refreshToken !== tokens.refreshToken, "the client refreshed");

  const live = [fresh.accessToken, fresh.refreshToken, confidential.secret];
  assertNoCopies(memory, "OAuth client after a refresh: the spent pair", { oldRefresh: tokens.refreshToken, oldAccess: tokens.accessToken }, live);
  // What the live client needs in wasm for its next refresh, once each; the access
  // token lives only in the JavaScript string of its Authorization value.
  assert.equal(copiesOf(memory, fresh.accessToken).length, 0, "the access token");
  assert.equal(copiesOf(memory, fresh.refreshToken).length, 1, "the refresh token");
  assert.equal(copiesOf(memory, confidential.secret).length, 1, "the client secret");

  client.free();
  assertNoCopies(memory, "OAuth client: get, refresh, post, free()", {
    access: fresh.accessToken,
    refresh: fresh.refreshToken,
    clientSecret: confidential.secret,
  });
});

// The iterator paginate() returns shares the client's state and lives until the garbage
// collector frees it, after the client's free(); free() wipes that shared state itself.
for (const [how, stop] of [["run to the end", Infinity], ["left by a break", 2]]) {
  test(`paginate, ${how}: free() leaves no Authorization value behind`, async () => {
    zd.configureAccount("acme", { recordCount: { tickets: 6 } });
    const memory = await memoryOf(clientEntry);
    const token = acme.apiTokens[1];
    const authorization = `Basic ${Buffer.from(`${email}/token:${token}`).toString("base64")}`;
    const client = new ZendeskClient({ baseUrl, email, apiToken: token });
    let pages = 0;
    for await (const page of client.paginate("/api/v2/tickets.json", { pageSize: 2 })) if (page.status === 200 && ++pages === stop) break;
    assert.equal(pages, Math.min(stop, 3));
    client.free();
    assertNoCopies(memory, `paginate ${how}, free()`, { token, authorization });
  });
}

test("paging through 100,000 records keeps the wasm memory flat", async () => {
  zd.configureAccount("acme", { recordCount: { tickets: 100_000 }, rateLimit: { limit: 1e9, windowMs: 60_000 }, ticketsIndexLimit: { limit: 1e9, windowMs: 60_000 } });
  const memory = await memoryOf(clientEntry);
  const client = new ZendeskClient({ baseUrl, email, apiToken: acme.apiTokens[0] });
  let records = 0;
  let pages = 0;
  let afterWarmUp;
  for await (const page of client.paginate("/api/v2/tickets.json", { pageSize: 100 })) {
    records += page.data.tickets.length;
    if (++pages === 50) afterWarmUp = memory.buffer.byteLength;
  }
  client.free();
  const end = memory.buffer.byteLength;
  figures.push(`paginate: ${records} records in ${pages} pages, wasm memory ${afterWarmUp / 1024} KiB at page 50, ${end / 1024} KiB at the end`);
  assert.equal(records, 100_000);
  assert.equal(end, afterWarmUp, "wasm memory grew while paging");
});
