// Self-tests: the fake behaves as Zendesk's documentation describes.
//
// Expected bodies, headers and statuses are written out literally here (from
// Zendesk's documentation, or from README.md's assumptions where it is silent), never taken
// from the server's own modules, so a wrong constant there fails a test here.
// Credentials come from seed.mjs so the tests and the fake cannot drift apart.
//
// Run: node --test tests/fake-zendesk/

import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { createHash, randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

import { startFakeZendesk } from "./server.mjs";
import { DEMO_PASSWORD, SEED, apiTokenAuthorization, bearerAuthorization, passwordAuthorization } from "./seed.mjs";
import { mintAccessToken } from "./tokens.mjs";

const acme = SEED.acme;
const ADMIN_TOKEN_AUTH = apiTokenAuthorization(acme.users.admin.email, acme.apiTokens[0]);
const ADMIN_BEARER = bearerAuthorization(acme.oauth.adminReadWrite.token);

// Zendesk's documentation, verbatim.
const COULDNT_AUTHENTICATE = { error: "Couldn't authenticate you" };
const WEB_PASSWORD_CHALLENGE = 'Basic realm="Web Password"';
const INVALID_TOKEN = {
  error: "invalid_token",
  error_description: "The access token provided is expired, revoked, malformed or invalid for other reasons.",
};
// Recorded on a Bearer 401 (Speedygeek/ZendeskApi_v2 #139).
const BEARER_CHALLENGE =
  'Bearer realm="Zendesk::OAuth Bearer Token Authentication", error="invalid_token", error_description="The access token provided is expired, revoked, malformed or invalid for other reasons."';
const ROLE_FORBIDDEN = {
  error: {
    title: "Forbidden",
    message: "You do not have access to this page. Please contact the account owner of this help desk for further help.",
  },
};

let zd;
let acmeBase;

before(async () => {
  zd = await startFakeZendesk();
  acmeBase = zd.accountUrl("acme");
});
after(() => zd.close());
beforeEach(() => zd.reset());

/** fetch on the acme account (or `base`) with an optional Authorization value. */
function api(path, { auth, base = acmeBase, headers = {}, ...init } = {}) {
  return fetch(base + path, { ...init, headers: { ...(auth ? { authorization: auth } : {}), ...headers } });
}

/** Raw HTTP, for what fetch hides or forbids: the Host header, resets, stalls. */
function raw({ path, method = "GET", headers = {}, body, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: zd.port, path, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("client timeout"), { code: "CLIENT_TIMEOUT" })));
    req.end(body);
  });
}

function jsonPost(path, body, auth, method = "POST") {
  return api(path, { auth, method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

// ---- OAuth helpers ------------------------------------------------------------

// RFC 7636 Appendix B, verbatim: this verifier's S256 challenge.
const RFC7636_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC7636_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const PUBLIC_CLIENT = "zendesk_auth_demo";
const CONFIDENTIAL_CLIENT = "zendesk_auth_confidential";
const CONFIDENTIAL_SECRET = acme.oauthClients.confidential.secret;
const REDIRECT = "http://127.0.0.1:8123/callback";

/** A fresh PKCE pair; the challenge is computed here with node:crypto, not by the fake. */
function pkcePair() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier, "ascii").digest("base64url") };
}

/** GET /oauth/authorizations/new without following the redirect. */
function authorizeRequest(params, base = acmeBase) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined));
  return fetch(`${base}/oauth/authorizations/new?${query}`, { redirect: "manual" });
}

/** The standard public-client request, overridable field by field. */
function publicAuthorizeParams(challenge, overrides = {}) {
  return { response_type: "code", client_id: PUBLIC_CLIENT, redirect_uri: REDIRECT, scope: "read write", state: "st-1", code_challenge: challenge, code_challenge_method: "S256", ...overrides };
}

/** Authorize and return the redirect's query parameters ({ code, state } or { error, ... }). */
async function authorizeParams(params, base = acmeBase) {
  const res = await authorizeRequest(params, base);
  assert.equal(res.status, 302, await res.clone().text());
  const location = new URL(res.headers.get("location"));
  return Object.fromEntries(location.searchParams);
}

/** A code for the public client with a fresh PKCE pair: { code, verifier }. */
async function publicCode(overrides = {}, base = acmeBase) {
  const { verifier, challenge } = pkcePair();
  const { code } = await authorizeParams(publicAuthorizeParams(challenge, overrides), base);
  assert.ok(code);
  return { code, verifier };
}

/** POST /oauth/tokens with a JSON body (or form-encoded with form: true). */
async function tokenRequest(body, { form = false, headers = {}, base = acmeBase, query = "" } = {}) {
  const res = await fetch(`${base}/oauth/tokens${query}`, {
    method: "POST",
    headers: { "content-type": form ? "application/x-www-form-urlencoded" : "application/json", ...headers },
    body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** Exchange a public-client code: the whole token response. */
function exchangePublic({ code, verifier }, extra = {}) {
  return tokenRequest({ grant_type: "authorization_code", code, client_id: PUBLIC_CLIENT, redirect_uri: REDIRECT, code_verifier: verifier, ...extra });
}

/** Authorize + exchange for the public client; asserts success and returns the token body. */
async function publicTokens(extra = {}, authorizeOverrides = {}) {
  const res = await exchangePublic(await publicCode(authorizeOverrides), extra);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

function refreshRequest(refreshToken, extra = {}) {
  return tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: PUBLIC_CLIENT, ...extra });
}

function jwtParts(token) {
  return token.split(".").slice(0, 2).map((p) => JSON.parse(Buffer.from(p, "base64url").toString("utf8")));
}

async function meStatus(accessToken, base = acmeBase) {
  const res = await api("/api/v2/users/me.json", { auth: bearerAuthorization(accessToken), base });
  const body = await res.json();
  return res.status === 200 ? [200, body.user.id] : [res.status, body];
}

describe("seed data", () => {
  it("has 40-character alphanumeric API tokens, different per account", () => {
    for (const seed of Object.values(SEED)) {
      for (const token of [...seed.apiTokens, ...seed.inactiveApiTokens]) assert.match(token, /^[A-Za-z0-9]{40}$/);
    }
    assert.notEqual(SEED.acme.apiTokens[0], SEED.team.apiTokens[0]);
  });

  it("mints JWT access tokens with the at+jwt header", () => {
    const token = mintAccessToken({ account: "acme", userId: 1001, scopes: ["read"], expiresInSec: 300 });
    const [header, payload] = token.split(".").slice(0, 2).map((p) => JSON.parse(Buffer.from(p, "base64url").toString()));
    assert.deepEqual(header, { alg: "HS256", typ: "at+jwt" });
    assert.equal(payload.scope, "read");
    assert.equal(payload.sub, "1001");
    assert.ok(payload.exp - payload.iat === 300);
  });
});

describe("account naming", () => {
  it("names the account by path prefix, case-insensitively like a host name", async () => {
    for (const prefix of ["/acme", "/ACME"]) {
      const res = await fetch(`${zd.url}${prefix}/api/v2/users/me.json`, { headers: { authorization: ADMIN_TOKEN_AUTH } });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).user.email, "admin@acme.test");
    }
  });

  it("names the account by Host {sub}.zendesk.com and {sub}.localhost:port", async () => {
    for (const host of ["acme.zendesk.com", `acme.localhost:${zd.port}`]) {
      const res = await raw({ path: "/api/v2/users/me.json", headers: { host, authorization: ADMIN_TOKEN_AUTH } });
      assert.equal(res.status, 200, host);
      const user = JSON.parse(res.body).user;
      assert.equal(user.id, 1001);
      assert.equal(user.url, `http://${host}/api/v2/users/1001.json`);
    }
  });

  it("answers 404 No help desk for an unknown subdomain, as JSON", async () => {
    const res = await fetch(`${zd.url}/nope/api/v2/users/me.json`, { headers: { authorization: ADMIN_TOKEN_AUTH } });
    assert.equal(res.status, 404);
    assert.match(res.headers.get("content-type"), /^application\/json/);
    const body = await res.json();
    assert.equal(body.error.title, "No help desk at nope.zendesk.com");
    assert.equal(typeof body.error.message, "string");
    assert.equal(res.headers.get("access-control-allow-origin"), null);
  });

  it("can answer No help desk as text/plain, per subdomain or globally", async () => {
    zd.configureAccount("nope", { notFoundTextPlain: true });
    let res = await fetch(`${zd.url}/nope/api/v2/users/me.json`);
    assert.equal(res.status, 404);
    assert.match(res.headers.get("content-type"), /^text\/plain/);
    assert.equal(await res.text(), "No help desk at nope.zendesk.com");
    res = await fetch(`${zd.url}/other/api/v2/users/me.json`);
    assert.match(res.headers.get("content-type"), /^application\/json/);

    zd.settings({ notFoundTextPlain: true });
    res = await fetch(`${zd.url}/other/api/v2/users/me.json`);
    assert.match(res.headers.get("content-type"), /^text\/plain/);
  });

  it("answers 404 InvalidEndpoint for an unknown path on a known account", async () => {
    const res = await api("/api/v2/nothing-here.json", { auth: ADMIN_TOKEN_AUTH });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: "InvalidEndpoint", description: "Not found" });
  });

  it("serves only GET /oauth/authorizations/new and POST /oauth/tokens under /oauth", async () => {
    for (const [method, path] of [["GET", "/oauth/tokens"], ["POST", "/oauth/authorizations/new"], ["POST", "/oauth/token"], ["GET", "/oauth/authorizations"]]) {
      const res = await api(path, { method });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.deepEqual(await res.json(), { error: "InvalidEndpoint", description: "Not found" });
    }
  });

  it("gives every response a unique X-Request-Id, sent twice, and a JSON content type", async () => {
    const ids = new Set();
    const check = (res) => {
      // Two header lines with one value: fetch's Headers joins them as "id, id".
      const [first, second, ...rest] = res.headers.get("x-request-id").split(", ");
      assert.equal(first, second);
      assert.equal(rest.length, 0);
      assert.equal(res.headers.get("x-zendesk-request-id"), null, "X-Zendesk-Request-Id is the older era only");
      ids.add(first);
    };
    for (const path of ["/api/v2/users/me.json", "/api/v2/users.json", "/api/v2/nothing.json"]) {
      const res = await api(path);
      assert.match(res.headers.get("content-type"), /^application\/json/);
      check(res);
    }
    check(await fetch(`${zd.url}/nope/api/v2/users/me.json`));
    assert.equal(ids.size, 4);
  });
});

describe("authentication", () => {
  it("answers /users/me.json for anonymous callers with the anonymous user (the trap)", async () => {
    const res = await api("/api/v2/users/me.json");
    assert.equal(res.status, 200);
    const { user } = await res.json();
    assert.equal(user.id, null);
    assert.equal(user.name, "Anonymous user");
    assert.equal(res.headers.get("x-rate-limit"), null, "anonymous answers carry no rate-limit headers");
  });

  it("authenticates email/token:API_TOKEN as that user, with rate-limit headers", async () => {
    const res = await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH });
    assert.equal(res.status, 200);
    const { user } = await res.json();
    assert.deepEqual([user.id, user.name, user.email, user.role], [1001, "Ada Admin", "admin@acme.test", "admin"]);
    assert.equal(res.headers.get("x-rate-limit"), "700");
    assert.equal(res.headers.get("x-rate-limit-remaining"), "699");
    assert.equal(res.headers.get("ratelimit-limit"), "700");
    assert.equal(res.headers.get("ratelimit-remaining"), "699");
    assert.match(res.headers.get("ratelimit-reset"), /^\d+$/);
  });

  it("treats an API token as account-wide: any verified user's email with any active token", async () => {
    const cases = [
      [acme.users.agent.email, acme.apiTokens[2], 1002, "agent"],
      [acme.users.endUser.email, acme.apiTokens[1], 1003, "end-user"],
      ["user1500@acme.test", acme.apiTokens[0], 1500, "end-user"],
      ["AGENT@ACME.TEST", acme.apiTokens[0], 1002, "agent"],
    ];
    for (const [email, token, id, role] of cases) {
      const res = await api("/api/v2/users/me.json", { auth: apiTokenAuthorization(email, token) });
      assert.equal(res.status, 200, email);
      const { user } = await res.json();
      assert.deepEqual([user.id, user.role], [id, role], email);
    }
  });

  it("refuses bad API token credentials with 401 Couldn't authenticate you", async () => {
    const token = acme.apiTokens[0];
    const flipped = token[0] === token[0].toUpperCase() ? token[0].toLowerCase() + token.slice(1) : token[0].toUpperCase() + token.slice(1);
    const bad = [
      apiTokenAuthorization(acme.users.admin.email, "X".repeat(40)),
      apiTokenAuthorization(acme.users.admin.email, flipped), // a token's case is part of it
      apiTokenAuthorization(acme.users.admin.email, `${token} `),
      apiTokenAuthorization(acme.users.unverified.email, token), // unverified user
      apiTokenAuthorization("nobody@acme.test", token),
      apiTokenAuthorization(acme.users.admin.email, acme.inactiveApiTokens[0]),
      apiTokenAuthorization(acme.users.admin.email, SEED.team.apiTokens[0]), // another account's token
      apiTokenAuthorization(acme.users.admin.email, acme.oauth.adminReadWrite.token), // OAuth token in Basic
      "Basic !!!not-base64!!!",
      `Basic ${Buffer.from("no-colon-here").toString("base64")}`,
    ];
    for (const auth of bad) {
      for (const path of ["/api/v2/users/me.json", "/api/v2/tickets.json"]) {
        const res = await api(path, { auth });
        assert.equal(res.status, 401, `${path} ${auth}`);
        assert.equal(res.headers.get("www-authenticate"), WEB_PASSWORD_CHALLENGE);
        assert.deepEqual(await res.json(), COULDNT_AUTHENTICATE);
      }
    }
  });

  it("stops accepting an API token once it is deactivated", async () => {
    const auth = apiTokenAuthorization(acme.users.admin.email, acme.apiTokens[1]);
    assert.equal((await api("/api/v2/users/me.json", { auth })).status, 200);
    zd.configureAccount("acme", { deactivateApiTokens: [acme.apiTokens[1]] });
    assert.equal((await api("/api/v2/users/me.json", { auth })).status, 401);
  });

  it("ignores password Basic credentials (password access removed): anonymous on /users/me, 401 elsewhere", async () => {
    const auth = passwordAuthorization(acme.users.admin.email, DEMO_PASSWORD);
    const me = await api("/api/v2/users/me.json", { auth });
    assert.equal(me.status, 200);
    assert.equal((await me.json()).user.id, null);
    const users = await api("/api/v2/users.json", { auth });
    assert.equal(users.status, 401);
    assert.deepEqual(await users.json(), COULDNT_AUTHENTICATE);
  });

  it("can instead reject password Basic credentials with 401 (passwordBasic: rejected)", async () => {
    zd.configureAccount("acme", { passwordBasic: "rejected" });
    const res = await api("/api/v2/users/me.json", { auth: passwordAuthorization(acme.users.admin.email, DEMO_PASSWORD) });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get("www-authenticate"), WEB_PASSWORD_CHALLENGE);
    assert.deepEqual(await res.json(), COULDNT_AUTHENTICATE);
  });

  it("ignores API token credentials when token access is off (tokenoff account)", async () => {
    const t = SEED.tokenoff;
    const auth = apiTokenAuthorization(t.users.admin.email, t.apiTokens[0]);
    const base = zd.accountUrl("tokenoff");
    const me = await api("/api/v2/users/me.json", { auth, base });
    assert.equal(me.status, 200);
    assert.deepEqual([(await me.json()).user.id, me.headers.get("x-rate-limit")], [null, null]);
    const users = await api("/api/v2/users.json", { auth, base });
    assert.equal(users.status, 401);
    assert.deepEqual(await users.json(), COULDNT_AUTHENTICATE);
    // OAuth still works there.
    const bearer = await api("/api/v2/users/me.json", { auth: bearerAuthorization(t.oauth.adminReadWrite.token), base });
    assert.equal((await bearer.json()).user.id, 1001);
  });

  it("switches token access off and on at run time", async () => {
    zd.configureAccount("acme", { apiTokenAccess: false });
    assert.equal((await (await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH })).json()).user.id, null);
    zd.configureAccount("acme", { apiTokenAccess: true });
    assert.equal((await (await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH })).json()).user.id, 1001);
  });

  it("ignores credentials in the URL or the body", async () => {
    const token = acme.oauth.adminReadWrite.token;
    const me = await api(`/api/v2/users/me.json?access_token=${token}`);
    assert.equal((await me.json()).user.id, null);
    const create = await jsonPost("/api/v2/tickets.json", { access_token: token, ticket: { comment: { body: "hi" } } });
    assert.equal(create.status, 401);
    assert.deepEqual(await create.json(), COULDNT_AUTHENTICATE);
  });

  it("accepts a valid opaque OAuth access token", async () => {
    const res = await api("/api/v2/users/me.json", { auth: ADMIN_BEARER });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).user.id, 1001);
    assert.equal(res.headers.get("x-rate-limit"), "700");
  });

  it("refuses expired, revoked and malformed Bearer tokens with 401 invalid_token", async () => {
    const bad = [
      acme.oauth.expired.token,
      acme.oauth.revoked.token,
      "not-a-token",
      acme.apiTokens[0], // API token used as a Bearer token
      SEED.team.oauth.adminReadWrite.token, // another account's token
      mintAccessToken({ account: "acme", userId: 1001, expiresInSec: -60 }),
      mintAccessToken({ account: "team", userId: 1001 }),
      mintAccessToken({ account: "acme", userId: 999_999 }),
      `${mintAccessToken({ account: "acme", userId: 1001 }).slice(0, -2)}xx`, // bad signature
    ];
    for (const token of bad) {
      const res = await api("/api/v2/users/me.json", { auth: bearerAuthorization(token) });
      assert.equal(res.status, 401, token);
      assert.deepEqual(await res.json(), INVALID_TOKEN);
      assert.equal(res.headers.get("www-authenticate"), BEARER_CHALLENGE);
    }
  });

  it("accepts minted JWT access tokens as their user, until revoked", async () => {
    const token = mintAccessToken({ account: "acme", userId: acme.users.agent.id, scopes: ["read"] });
    const res = await api("/api/v2/users/me.json", { auth: bearerAuthorization(token) });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).user.email, "agent@acme.test");
    zd.configureAccount("acme", { revokeTokens: [token] });
    const again = await api("/api/v2/users/me.json", { auth: bearerAuthorization(token) });
    assert.equal(again.status, 401);
    assert.deepEqual(await again.json(), INVALID_TOKEN);
  });
});

describe("authorization (403)", () => {
  it("forbids end-users the users and tickets lists (role)", async () => {
    const auths = [apiTokenAuthorization(acme.users.endUser.email, acme.apiTokens[0]), bearerAuthorization(acme.oauth.endUserReadWrite.token)];
    for (const auth of auths) {
      for (const path of ["/api/v2/users.json", "/api/v2/tickets.json"]) {
        const res = await api(path, { auth });
        assert.equal(res.status, 403, path);
        assert.deepEqual(await res.json(), ROLE_FORBIDDEN);
      }
    }
  });

  it("lets agents list users and tickets", async () => {
    const auth = apiTokenAuthorization(acme.users.agent.email, acme.apiTokens[0]);
    assert.equal((await api("/api/v2/users.json", { auth })).status, 200);
    assert.equal((await api("/api/v2/tickets.json", { auth })).status, 200);
  });

  it("forbids an OAuth token the scopes it lacks, naming the scope", async () => {
    const auth = bearerAuthorization(acme.oauth.adminTicketsRead.token);
    assert.equal((await api("/api/v2/tickets.json", { auth })).status, 200);
    const users = await api("/api/v2/users.json", { auth });
    assert.equal(users.status, 403);
    assert.deepEqual(await users.json(), { error: "Forbidden", description: "You are missing the following required scopes: read" });
    const create = await jsonPost("/api/v2/tickets.json", { ticket: { comment: { body: "x" } } }, auth);
    assert.equal(create.status, 403);
    assert.deepEqual(await create.json(), { error: "Forbidden", description: "You are missing the following required scopes: write" });
  });

  it("honours resource scopes such as users:read and tickets:write", async () => {
    const auth = bearerAuthorization(mintAccessToken({ account: "acme", userId: 1001, scopes: ["users:read", "tickets:write"] }));
    assert.equal((await api("/api/v2/users.json", { auth })).status, 200);
    assert.equal((await api("/api/v2/tickets.json", { auth })).status, 403);
    assert.equal((await jsonPost("/api/v2/tickets.json", { ticket: { comment: { body: "x" } } }, auth)).status, 201);
  });
});

describe("pagination", () => {
  it("walks all users with cursor pagination via links.next until has_more is false", async () => {
    let url = `${acmeBase}/api/v2/users.json?page[size]=100`;
    const ids = [];
    let pages = 0;
    let last;
    while (url) {
      const res = await fetch(url, { headers: { authorization: ADMIN_TOKEN_AUTH } });
      assert.equal(res.status, 200);
      last = await res.json();
      // Links exist whenever their cursor does; meta.has_more is the stop signal (README).
      if (pages === 0) assert.equal(typeof last.links.prev, "string");
      pages++;
      ids.push(...last.users.map((u) => u.id));
      if (last.meta.has_more) assert.ok(last.links.next.startsWith(`${zd.url}/acme/api/v2/users.json?`), last.links.next);
      url = last.meta.has_more ? last.links.next : null;
    }
    assert.equal(pages, 25);
    assert.equal(ids.length, 2500);
    assert.equal(new Set(ids).size, 2500);
    assert.deepEqual(ids.slice(0, 3), [1001, 1002, 1003]);
    assert.equal(last.meta.has_more, false);
    assert.equal(typeof last.meta.after_cursor, "string");
    assert.equal(typeof last.meta.before_cursor, "string");
  });

  it("caps page[size] at 100 and pages backwards with page[before]", async () => {
    const first = await (await api("/api/v2/tickets.json?page[size]=500", { auth: ADMIN_TOKEN_AUTH })).json();
    assert.equal(first.tickets.length, 100);
    assert.equal(first.meta.has_more, true);
    assert.match(first.links.next, /\/acme\/api\/v2\/tickets\.json\?page\[size\]=100&page\[after\]=[^&]+$/);
    const second = await (await fetch(first.links.next, { headers: { authorization: ADMIN_TOKEN_AUTH } })).json();
    assert.equal(second.tickets[0].id, 101);
    assert.match(second.links.prev, /\?page\[size\]=100&page\[before\]=[^&]+$/);
    const back = await (await fetch(second.links.prev, { headers: { authorization: ADMIN_TOKEN_AUTH } })).json();
    assert.deepEqual(
      back.tickets.map((t) => t.id),
      first.tickets.map((t) => t.id),
    );
    assert.equal(back.meta.has_more, false, "paging backwards: nothing before the first page");
    const beforeFirst = await (await fetch(back.links.prev, { headers: { authorization: ADMIN_TOKEN_AUTH } })).json();
    // Recordings of an empty cursor page have no after_cursor or before_cursor keys (estuary/connectors #2441).
    assert.deepEqual(beforeFirst, { tickets: [], meta: { has_more: false }, links: { prev: null, next: null } });
  });

  it("builds links from the request's own origin, keeps other params and drops __fault", async () => {
    const host = `acme.localhost:${zd.port}`;
    const res = await raw({ path: "/api/v2/users.json?page[size]=2&role=agent&__fault=delay%3D1", headers: { host, authorization: ADMIN_TOKEN_AUTH } });
    const body = JSON.parse(res.body);
    assert.ok(body.links.next.startsWith(`http://${host}/api/v2/users.json?role=agent&page[size]=2&page[after]=`), body.links.next);
    assert.ok(!body.links.next.includes("__fault"));
  });

  it("uses offset pagination with next_page, previous_page and count", async () => {
    const page2 = await (await api("/api/v2/tickets.json?page=2&per_page=100", { auth: ADMIN_TOKEN_AUTH })).json();
    assert.equal(page2.tickets.length, 100);
    assert.equal(page2.tickets[0].id, 101);
    assert.equal(page2.count, 3000);
    assert.equal(page2.next_page, `${zd.url}/acme/api/v2/tickets.json?page=3&per_page=100`);
    assert.equal(page2.previous_page, `${zd.url}/acme/api/v2/tickets.json?page=1&per_page=100`);
    const page1 = await (await api("/api/v2/tickets.json", { auth: ADMIN_TOKEN_AUTH })).json();
    assert.equal(page1.previous_page, null);
    assert.equal(page1.tickets.length, 100);
    const page30 = await (await api("/api/v2/tickets.json?page=30&per_page=100", { auth: ADMIN_TOKEN_AUTH })).json();
    assert.equal(page30.next_page, null);
    assert.equal(page30.tickets.at(-1).id, 3000);
  });

  it("refuses offset pagination past 10,000 records with 400 InvalidPaginationDepth", async () => {
    zd.configureAccount("acme", { recordCount: { tickets: 20_000 } });
    assert.equal((await api("/api/v2/tickets.json?page=100&per_page=100", { auth: ADMIN_TOKEN_AUTH })).status, 200);
    for (const query of ["page=101&per_page=100", "page=201&per_page=50"]) {
      const res = await api(`/api/v2/tickets.json?${query}`, { auth: ADMIN_TOKEN_AUTH });
      assert.equal(res.status, 400, query);
      const body = await res.json();
      assert.equal(body.errors[0].code, "InvalidPaginationDepth");
    }
  });

  it("serves 100,000 generated records without storing them", async () => {
    zd.configureAccount("acme", { recordCount: { users: 100_000, tickets: 100_000 } });
    const offset = await (await api("/api/v2/tickets.json?per_page=1", { auth: ADMIN_TOKEN_AUTH })).json();
    assert.equal(offset.count, 100_000);
    const users = await (await api("/api/v2/users.json?page=100&per_page=100", { auth: ADMIN_TOKEN_AUTH })).json();
    assert.equal(users.count, 100_000);
    assert.equal(users.users.at(-1).id, 1000 + 10_000);
  });

  it("refuses an unreadable cursor with 400", async () => {
    const res = await api("/api/v2/users.json?page[size]=10&page[after]=garbage", { auth: ADMIN_TOKEN_AUTH });
    assert.equal(res.status, 400);
  });
});

describe("tickets", () => {
  it("shows a generated ticket", async () => {
    const res = await api("/api/v2/tickets/7.json", { auth: ADMIN_TOKEN_AUTH });
    assert.equal(res.status, 200);
    const { ticket } = await res.json();
    assert.equal(ticket.id, 7);
    assert.equal(ticket.url, `${zd.url}/acme/api/v2/tickets/7.json`);
  });

  it("creates (201), updates (200) and deletes (204) a ticket, then 404 RecordNotFound", async () => {
    const created = await jsonPost("/api/v2/tickets.json", { ticket: { subject: "Printer on fire", comment: { body: "Smoke" } } }, ADMIN_TOKEN_AUTH);
    assert.equal(created.status, 201);
    const { ticket } = await created.json();
    assert.equal(ticket.subject, "Printer on fire");
    assert.equal(created.headers.get("location"), ticket.url);

    const updated = await jsonPost(`/api/v2/tickets/${ticket.id}.json`, { ticket: { status: "solved" } }, ADMIN_TOKEN_AUTH, "PUT");
    assert.equal(updated.status, 200);
    assert.equal((await updated.json()).ticket.status, "solved");

    const shown = await (await api(`/api/v2/tickets/${ticket.id}.json`, { auth: ADMIN_TOKEN_AUTH })).json();
    assert.deepEqual([shown.ticket.subject, shown.ticket.status], ["Printer on fire", "solved"]);

    const deleted = await api(`/api/v2/tickets/${ticket.id}.json`, { auth: ADMIN_TOKEN_AUTH, method: "DELETE" });
    assert.equal(deleted.status, 204);
    assert.equal(await deleted.text(), "");

    const gone = await api(`/api/v2/tickets/${ticket.id}.json`, { auth: ADMIN_TOKEN_AUTH });
    assert.equal(gone.status, 404);
    assert.deepEqual(await gone.json(), { error: "RecordNotFound", description: "Not found" });
  });

  it("lists created tickets after the generated ones and drops deleted ones", async () => {
    zd.configureAccount("acme", { recordCount: { tickets: 3 } });
    const created = await (await jsonPost("/api/v2/tickets.json", { ticket: { comment: { body: "new" } } }, ADMIN_TOKEN_AUTH)).json();
    await api("/api/v2/tickets/2.json", { auth: ADMIN_TOKEN_AUTH, method: "DELETE" });
    const list = await (await api("/api/v2/tickets.json?page[size]=100", { auth: ADMIN_TOKEN_AUTH })).json();
    assert.deepEqual(
      list.tickets.map((t) => t.id),
      [1, 3, created.ticket.id],
    );
    const offset = await (await api("/api/v2/tickets.json", { auth: ADMIN_TOKEN_AUTH })).json();
    assert.equal(offset.count, 3);
  });

  it("refuses a ticket without a comment (422) and a body that is not JSON (400)", async () => {
    const noComment = await jsonPost("/api/v2/tickets.json", { ticket: { subject: "x" } }, ADMIN_TOKEN_AUTH);
    assert.equal(noComment.status, 422);
    assert.equal((await noComment.json()).error, "RecordInvalid");
    const broken = await api("/api/v2/tickets.json", { auth: ADMIN_TOKEN_AUTH, method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    assert.equal(broken.status, 400);
  });

  it("records every write that arrived, whatever its answer", async () => {
    await jsonPost("/api/v2/tickets.json", { ticket: { comment: { body: "a" } } }, ADMIN_TOKEN_AUTH);
    await jsonPost("/api/v2/tickets.json", { ticket: { comment: { body: "b" } } }); // anonymous: 401
    await jsonPost("/api/v2/tickets.json?__fault=503", { ticket: { comment: { body: "c" } } }, ADMIN_TOKEN_AUTH);
    await api("/api/v2/tickets/1.json", { auth: ADMIN_TOKEN_AUTH }); // a read
    const writes = zd.writes({ account: "acme", apiPath: "/api/v2/tickets.json" });
    assert.deepEqual(
      writes.map((w) => [w.method, w.status]),
      [
        ["POST", 201],
        ["POST", 401],
        ["POST", 503],
      ],
    );
  });
});

describe("rate limits", () => {
  it("counts requests per account and answers 429 with Retry-After over the limit, then recovers", async () => {
    zd.configureAccount("acme", { rateLimit: { limit: 3, windowMs: 1500 } });
    const remaining = [];
    for (let i = 0; i < 3; i++) {
      const res = await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("x-rate-limit"), "3");
      remaining.push(res.headers.get("x-rate-limit-remaining"));
    }
    assert.deepEqual(remaining, ["2", "1", "0"]);
    const limited = await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH });
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 2, `Retry-After ${retryAfter}`);
    assert.equal(limited.headers.get("x-rate-limit-remaining"), "0");
    // Other accounts have their own budget.
    const team = await api("/api/v2/users/me.json", { auth: apiTokenAuthorization(SEED.team.users.admin.email, SEED.team.apiTokens[0]), base: zd.accountUrl("team") });
    assert.deepEqual([team.status, team.headers.get("x-rate-limit")], [200, "200"]);

    await sleep(1600);
    assert.equal((await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH })).status, 200);
  });

  it("can send 429 without Retry-After (retryAfterMode: none)", async () => {
    zd.configureAccount("acme", { rateLimit: { limit: 1, windowMs: 60_000 }, retryAfterMode: "none" });
    await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH });
    const limited = await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), null);
  });

  it("sends the tickets-index bucket header on the tickets list and enforces it", async () => {
    const res = await api("/api/v2/tickets.json", { auth: ADMIN_TOKEN_AUTH });
    assert.match(res.headers.get("zendesk-ratelimit-tickets-index"), /^total=100; remaining=99; resets=\d+$/);
    assert.equal((await api("/api/v2/users.json", { auth: ADMIN_TOKEN_AUTH })).headers.get("zendesk-ratelimit-tickets-index"), null);

    zd.configureAccount("acme", { ticketsIndexLimit: { limit: 1, windowMs: 60_000 } });
    assert.equal((await api("/api/v2/tickets.json", { auth: ADMIN_TOKEN_AUTH })).status, 200);
    const limited = await api("/api/v2/tickets.json", { auth: ADMIN_TOKEN_AUTH });
    assert.equal(limited.status, 429);
    assert.match(limited.headers.get("zendesk-ratelimit-tickets-index"), /^total=1; remaining=0; resets=\d+$/);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    assert.equal((await api("/api/v2/users.json", { auth: ADMIN_TOKEN_AUTH })).status, 200);
  });

  it("applies rate-limit settings given at start, and again after reset", async () => {
    const other = await startFakeZendesk({ accounts: { acme: { rateLimit: { limit: 5, windowMs: 2000 } } } });
    try {
      const first = await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH, base: other.accountUrl("acme") });
      assert.equal(first.headers.get("x-rate-limit"), "5");
      other.reset();
      const again = await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH, base: other.accountUrl("acme") });
      assert.deepEqual([again.headers.get("x-rate-limit"), again.headers.get("x-rate-limit-remaining")], ["5", "4"]);
    } finally {
      await other.close();
    }
  });
});

describe("CORS", () => {
  it("answers a preflight allowing the methods and headers a browser client needs", async () => {
    const res = await api("/api/v2/tickets.json", {
      method: "OPTIONS",
      headers: { origin: "https://app.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    assert.ok(res.status === 200 || res.status === 204, String(res.status));
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const methods = res.headers.get("access-control-allow-methods").split(/,\s*/);
    for (const m of ["GET", "POST", "PUT", "DELETE", "PATCH"]) assert.ok(methods.includes(m), m);
    assert.match(res.headers.get("access-control-allow-headers").toLowerCase(), /authorization/);
    assert.match(res.headers.get("access-control-allow-headers").toLowerCase(), /content-type/);
    assert.match(res.headers.get("access-control-max-age"), /^\d+$/);
  });

  it("sends Access-Control-Allow-Origin: * on Bearer 200/201/204/404", async () => {
    const origin = { origin: "https://app.example" };
    const ok = await api("/api/v2/users/me.json", { auth: ADMIN_BEARER, headers: origin });
    assert.equal(ok.headers.get("access-control-allow-origin"), "*");
    const exposed = ok.headers.get("access-control-expose-headers").toLowerCase();
    for (const h of ["x-zendesk-request-id", "x-rate-limit", "x-rate-limit-remaining", "ratelimit-reset"]) assert.ok(exposed.includes(h), h);

    const created = await jsonPost("/api/v2/tickets.json", { ticket: { comment: { body: "x" } } }, ADMIN_BEARER);
    assert.equal(created.status, 201);
    assert.equal(created.headers.get("access-control-allow-origin"), "*");
    const id = (await created.json()).ticket.id;
    const deleted = await api(`/api/v2/tickets/${id}.json`, { auth: ADMIN_BEARER, method: "DELETE" });
    assert.deepEqual([deleted.status, deleted.headers.get("access-control-allow-origin")], [204, "*"]);
    const missing = await api(`/api/v2/tickets/${id}.json`, { auth: ADMIN_BEARER });
    assert.deepEqual([missing.status, missing.headers.get("access-control-allow-origin")], [404, "*"]);
  });

  it("sends no CORS header for Basic auth or anonymous requests", async () => {
    const basic = await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH, headers: { origin: "https://app.example" } });
    assert.deepEqual([basic.status, basic.headers.get("access-control-allow-origin")], [200, null]);
    const anonymous = await api("/api/v2/users/me.json", { headers: { origin: "https://app.example" } });
    assert.deepEqual([anonymous.status, anonymous.headers.get("access-control-allow-origin")], [200, null]);
  });

  it("sends no CORS header on Bearer 403 or 429", async () => {
    const forbidden = await api("/api/v2/users.json", { auth: bearerAuthorization(acme.oauth.adminTicketsRead.token) });
    assert.deepEqual([forbidden.status, forbidden.headers.get("access-control-allow-origin")], [403, null]);
    zd.configureAccount("acme", { rateLimit: { limit: 1, windowMs: 60_000 } });
    await api("/api/v2/users/me.json", { auth: ADMIN_BEARER });
    const limited = await api("/api/v2/users/me.json", { auth: ADMIN_BEARER });
    assert.deepEqual([limited.status, limited.headers.get("access-control-allow-origin")], [429, null]);
  });

  it("sends no CORS header on Bearer 401 unless corsOn401 is set", async () => {
    const auth = bearerAuthorization(acme.oauth.expired.token);
    const plain = await api("/api/v2/users/me.json", { auth });
    assert.deepEqual([plain.status, plain.headers.get("access-control-allow-origin")], [401, null]);
    zd.configureAccount("acme", { corsOn401: true });
    const withCors = await api("/api/v2/users/me.json", { auth });
    assert.deepEqual([withCors.status, withCors.headers.get("access-control-allow-origin")], [401, "*"]);
  });

  it("can withhold Access-Control-Expose-Headers (corsExposeHeaders: false)", async () => {
    zd.configureAccount("acme", { corsExposeHeaders: false });
    const res = await api("/api/v2/users/me.json", { auth: ADMIN_BEARER });
    assert.deepEqual([res.headers.get("access-control-allow-origin"), res.headers.get("access-control-expose-headers")], ["*", null]);
  });
});

describe("OAuth: seeded clients and the authorization page", () => {
  it("seeds a public PKCE client and a confidential client in every account", () => {
    for (const seed of Object.values(SEED)) {
      const { public: pub, confidential: conf } = seed.oauthClients;
      assert.deepEqual([pub.identifier, pub.kind, pub.secret], ["zendesk_auth_demo", "public", undefined]);
      assert.deepEqual([conf.identifier, conf.kind], ["zendesk_auth_confidential", "confidential"]);
      assert.match(conf.secret, /^[0-9a-f]{64}$/);
    }
    assert.notEqual(SEED.acme.oauthClients.confidential.secret, SEED.team.oauthClients.confidential.secret);
  });

  it("computes the RFC 7636 Appendix B challenge with node:crypto", () => {
    assert.equal(createHash("sha256").update(RFC7636_VERIFIER, "ascii").digest("base64url"), RFC7636_CHALLENGE);
  });

  it("approves at once and redirects to redirect_uri with code and the state echoed", async () => {
    const res = await authorizeRequest(publicAuthorizeParams(RFC7636_CHALLENGE, { state: "a b&c=d" }));
    assert.equal(res.status, 302);
    assert.equal(res.headers.get("access-control-allow-origin"), null);
    const location = new URL(res.headers.get("location"));
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
    assert.equal(location.searchParams.get("state"), "a b&c=d");
    assert.match(location.searchParams.get("code"), /^[A-Za-z0-9_-]{20,}$/);
    // Any loopback port and path, the fixed URI, and a query kept as it was (RFC 6749 section 3.1.2).
    for (const uri of ["http://localhost:54321/x/y", "https://app.example/oauth/callback", "http://127.0.0.1:9/cb?keep=1"]) {
      const { code, keep } = await authorizeParams(publicAuthorizeParams(RFC7636_CHALLENGE, { redirect_uri: uri }));
      assert.ok(code, uri);
      if (uri.endsWith("keep=1")) assert.equal(keep, "1");
    }
  });

  it("answers a 400 page, without redirecting, for a bad client_id or redirect_uri (RFC 6749 section 4.1.2.1)", async () => {
    const cases = [
      { client_id: "no_such_client" },
      { client_id: undefined },
      { redirect_uri: "https://evil.example/callback" },
      { redirect_uri: "http://127.0.0.1:8123/callback#frag" },
      { redirect_uri: undefined },
      { redirect_uri: "https://server.example/oauth/callback" }, // the confidential client's, not this one's
    ];
    for (const overrides of cases) {
      const res = await authorizeRequest(publicAuthorizeParams(RFC7636_CHALLENGE, overrides));
      assert.equal(res.status, 400, JSON.stringify(overrides));
      assert.equal(res.headers.get("location"), null);
      assert.match(res.headers.get("content-type"), /^text\/html/);
      assert.match(await res.text(), /invalid_(client|request)/);
    }
  });

  it("redirects other errors with error=, error_description and state", async () => {
    const cases = [
      [{ response_type: "token" }, "unsupported_response_type"], // implicit grant removed 2025-02-17
      [{ response_type: undefined }, "invalid_request"],
      [{ code_challenge: undefined, code_challenge_method: undefined }, "invalid_request"], // public client without PKCE
      [{ code_challenge_method: "plain" }, "invalid_request"],
      [{ code_challenge_method: undefined }, "invalid_request"],
      [{ code_challenge: "too-short" }, "invalid_request"],
      [{ scope: "tickets:destroy" }, "invalid_scope"],
      [{ scope: "read  write" }, "invalid_scope"], // RFC 6749 section 3.3: single spaces
      [{ scope: undefined }, "invalid_scope"],
      [{ login_as: "deny" }, "access_denied"],
    ];
    for (const [overrides, error] of cases) {
      const params = await authorizeParams(publicAuthorizeParams(RFC7636_CHALLENGE, overrides));
      assert.equal(params.error, error, JSON.stringify(overrides));
      assert.equal(typeof params.error_description, "string");
      assert.equal(params.state, "st-1");
      assert.equal(params.code, undefined);
    }
    assert.deepEqual(zd.oauthStats("acme").authorizations, { approved: 0, refused: 10 });
  });

  it("approves as login_as, or as the account's oauth.loginAs, defaulting to the admin", async () => {
    assert.equal(jwtParts((await publicTokens()).access_token)[1].sub, "1001");
    assert.equal(jwtParts((await publicTokens({}, { login_as: "agent" })).access_token)[1].sub, "1002");
    assert.equal(jwtParts((await publicTokens({}, { login_as: "1500" })).access_token)[1].sub, "1500");
    zd.configureAccount("acme", { oauth: { loginAs: "endUser" } });
    assert.equal(jwtParts((await publicTokens()).access_token)[1].sub, "1003");
    zd.configureAccount("acme", { oauth: { loginAs: "deny" } });
    assert.equal((await authorizeParams(publicAuthorizeParams(RFC7636_CHALLENGE))).error, "access_denied");
    assert.throws(() => zd.configureAccount("acme", { oauth: { loginAs: "nobody" } }), /oauth/);
  });
});

describe("OAuth: POST /oauth/tokens", () => {
  it("completes the PKCE flow (RFC 7636 Appendix B pair): tokens without expires_in, a JWT the API accepts", async () => {
    const { code, state } = await authorizeParams(publicAuthorizeParams(RFC7636_CHALLENGE));
    assert.equal(state, "st-1");
    const res = await exchangePublic({ code, verifier: RFC7636_VERIFIER });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /^application\/json/);
    assert.equal(res.headers.get("cache-control"), "no-store"); // RFC 6749 section 5.1
    assert.deepEqual(Object.keys(res.body).sort(), ["access_token", "refresh_token", "refresh_token_expires_in", "scope", "token_type"]);
    assert.deepEqual([res.body.token_type, res.body.scope, res.body.refresh_token_expires_in], ["bearer", "read write", 2592000]);
    const [header, payload] = jwtParts(res.body.access_token);
    assert.deepEqual(header, { alg: "HS256", typ: "at+jwt" });
    assert.deepEqual([payload.sub, payload.scope, payload.account, payload.client_id], ["1001", "read write", "acme", "zendesk_auth_demo"]);
    const life = payload.exp - payload.iat;
    assert.ok(life >= 1800 && life <= 1801, `life ${life}`); // Zendesk's documentation: default 30 min
    assert.deepEqual(await meStatus(res.body.access_token), [200, 1001]);
    assert.notEqual(res.body.refresh_token, res.body.access_token);
  });

  it("accepts application/x-www-form-urlencoded too", async () => {
    const { code, verifier } = await publicCode();
    const res = await tokenRequest({ grant_type: "authorization_code", code, client_id: PUBLIC_CLIENT, redirect_uri: REDIRECT, code_verifier: verifier }, { form: true });
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, "bearer");
  });

  it("refuses a wrong or missing code_verifier, and the code is then spent", async () => {
    const wrong = await publicCode();
    const res = await exchangePublic({ code: wrong.code, verifier: pkcePair().verifier });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, "invalid_grant");
    assert.equal(typeof res.body.error_description, "string");
    assert.equal((await exchangePublic(wrong)).body.error, "invalid_grant");

    const missing = await publicCode();
    const noVerifier = await exchangePublic({ code: missing.code, verifier: undefined });
    assert.deepEqual([noVerifier.status, noVerifier.body.error], [400, "invalid_request"]);
  });

  it("uses a code once: a second exchange is invalid_grant and revokes what the first issued (RFC 6749 section 4.1.2)", async () => {
    const pair = await publicCode();
    const first = await exchangePublic(pair);
    assert.equal(first.status, 200);
    const second = await exchangePublic(pair);
    assert.deepEqual([second.status, second.body.error], [400, "invalid_grant"]);
    assert.deepEqual(await meStatus(first.body.access_token), [401, INVALID_TOKEN]);
    assert.equal((await refreshRequest(first.body.refresh_token)).body.error, "invalid_grant");
  });

  it("expires a code after 120 s (Zendesk's documentation), on the fake's clock", async () => {
    const early = await publicCode();
    const late = await publicCode();
    zd.advanceClock(119_000);
    assert.equal((await exchangePublic(early)).status, 200);
    zd.advanceClock(2_000);
    const res = await exchangePublic(late);
    assert.deepEqual([res.status, res.body.error], [400, "invalid_grant"]);
  });

  it("lets a test shorten the code lifetime and move the clock over HTTP; reset rewinds the clock", async () => {
    const control = (path, body) => fetch(`${zd.url}/__control${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    assert.equal((await control("/accounts/acme", { oauth: { codeLifetime: 1 } })).status, 200);
    assert.equal(zd.account("acme").oauth.codeLifetime, 1);
    const pair = await publicCode();
    assert.deepEqual(await (await control("/clock", { advanceMs: 1_000 })).json(), { offsetMs: 1_000 });
    assert.equal((await exchangePublic(pair)).body.error, "invalid_grant");
    assert.equal((await control("/clock", { advanceMs: -1 })).status, 400);
    zd.reset();
    assert.deepEqual(zd.advanceClock(0), { offsetMs: 0 });
    assert.deepEqual(zd.account("acme").oauth, {
      accessTokenLifetime: null,
      refreshTokenLifetime: null,
      codeLifetime: 120,
      loginAs: "admin",
      revokeFamilyOnReuse: false,
      tokenEndpointCors: true,
    });
  });

  it("requires the same redirect_uri and client as the authorization request", async () => {
    const pair = await publicCode();
    const res = await exchangePublic(pair, { redirect_uri: "http://127.0.0.1:8123/other" });
    assert.deepEqual([res.status, res.body.error], [400, "invalid_grant"]);
    const other = await publicCode();
    const wrongClient = await tokenRequest({ grant_type: "authorization_code", code: other.code, client_id: CONFIDENTIAL_CLIENT, client_secret: CONFIDENTIAL_SECRET, redirect_uri: REDIRECT, code_verifier: other.verifier });
    assert.deepEqual([wrongClient.status, wrongClient.body.error], [400, "invalid_grant"]);
  });

  it("lets a confidential client exchange a code with its secret, with or without PKCE", async () => {
    const confidential = { client_id: CONFIDENTIAL_CLIENT, redirect_uri: REDIRECT, response_type: "code", scope: "tickets:read", state: "s" };
    const { code } = await authorizeParams(confidential);
    const body = { grant_type: "authorization_code", code, client_id: CONFIDENTIAL_CLIENT, client_secret: CONFIDENTIAL_SECRET, redirect_uri: REDIRECT };
    const res = await tokenRequest(body);
    assert.deepEqual([res.status, res.body.scope, typeof res.body.refresh_token], [200, "tickets:read", "string"]);

    const { verifier, challenge } = pkcePair();
    const withPkce = await authorizeParams({ ...confidential, code_challenge: challenge, code_challenge_method: "S256" });
    const noVerifier = await tokenRequest({ ...body, code: withPkce.code });
    assert.equal(noVerifier.body.error, "invalid_request");
    const again = await authorizeParams({ ...confidential, code_challenge: challenge, code_challenge_method: "S256" });
    assert.equal((await tokenRequest({ ...body, code: again.code, code_verifier: verifier })).status, 200);
    const noSecret = await authorizeParams({ ...confidential, code_challenge: challenge, code_challenge_method: "S256" });
    const res401 = await tokenRequest({ ...body, code: noSecret.code, code_verifier: verifier, client_secret: undefined });
    assert.deepEqual([res401.status, res401.body.error], [401, "invalid_client"]);
  });

  it("rotates refresh tokens: a new pair, the old pair dead, reuse is invalid_grant", async () => {
    const first = await publicTokens();
    const res = await refreshRequest(first.refresh_token);
    assert.equal(res.status, 200);
    const second = res.body;
    assert.deepEqual(Object.keys(second).sort(), ["access_token", "refresh_token", "refresh_token_expires_in", "scope", "token_type"]);
    assert.notEqual(second.access_token, first.access_token);
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.deepEqual(await meStatus(second.access_token), [200, 1001]);
    assert.deepEqual(await meStatus(first.access_token), [401, INVALID_TOKEN]);

    const reuse = await refreshRequest(first.refresh_token);
    assert.equal(reuse.status, 400);
    assert.deepEqual(Object.keys(reuse.body).sort(), ["error", "error_description"]);
    assert.equal(reuse.body.error, "invalid_grant");
    // By default reuse does not touch the newer pair (revokeFamilyOnReuse: false).
    assert.deepEqual(await meStatus(second.access_token), [200, 1001]);
    assert.equal((await refreshRequest(second.refresh_token)).status, 200);
  });

  it("can revoke the whole grant when a used refresh token comes back (oauth.revokeFamilyOnReuse)", async () => {
    zd.configureAccount("acme", { oauth: { revokeFamilyOnReuse: true } });
    const first = await publicTokens();
    const second = (await refreshRequest(first.refresh_token)).body;
    assert.equal((await refreshRequest(first.refresh_token)).body.error, "invalid_grant");
    assert.deepEqual(await meStatus(second.access_token), [401, INVALID_TOKEN]);
    assert.equal((await refreshRequest(second.refresh_token)).body.error, "invalid_grant");
  });

  it("refreshes to a narrower scope, never a wider one", async () => {
    const tokens = await publicTokens();
    const narrower = await refreshRequest(tokens.refresh_token, { scope: "read" });
    assert.deepEqual([narrower.status, narrower.body.scope], [200, "read"]);
    const wider = await refreshRequest(narrower.body.refresh_token, { scope: "read write" });
    assert.deepEqual([wider.status, wider.body.error], [400, "invalid_scope"]);
  });

  it("refuses refresh tokens that are unknown, expired, revoked, for another client or another account", async () => {
    assert.equal((await refreshRequest("0".repeat(64))).body.error, "invalid_grant");
    const tokens = await publicTokens();
    const wrongClient = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: CONFIDENTIAL_CLIENT, client_secret: CONFIDENTIAL_SECRET });
    assert.equal(wrongClient.body.error, "invalid_grant");
    const team = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: PUBLIC_CLIENT }, { base: zd.accountUrl("team") });
    assert.equal(team.body.error, "invalid_grant");
    assert.deepEqual(await meStatus(tokens.access_token, zd.accountUrl("team")), [401, INVALID_TOKEN]);
    zd.configureAccount("acme", { revokeTokens: [tokens.refresh_token, tokens.access_token] });
    assert.equal((await refreshRequest(tokens.refresh_token)).body.error, "invalid_grant");
    assert.deepEqual(await meStatus(tokens.access_token), [401, INVALID_TOKEN]);

    zd.configureAccount("acme", { oauth: { refreshTokenLifetime: 5 } });
    const short = await publicTokens({ expires_in: 1800, refresh_token_expires_in: 604_800 });
    assert.deepEqual([short.refresh_token_expires_in, short.expires_in], [5, 5]); // access never outlives refresh
    zd.advanceClock(5_000);
    assert.equal((await refreshRequest(short.refresh_token)).body.error, "invalid_grant");
  });

  it("issues client_credentials tokens to a confidential client, with no refresh token", async () => {
    const res = await tokenRequest({ grant_type: "client_credentials", client_id: CONFIDENTIAL_CLIENT, client_secret: CONFIDENTIAL_SECRET, scope: "read" });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ["access_token", "scope", "token_type"]);
    assert.deepEqual([res.body.token_type, res.body.scope], ["bearer", "read"]);
    assert.equal(res.body.refresh_token, undefined);
    assert.deepEqual(await meStatus(res.body.access_token), [200, 1001]); // the client's creator
    const asked = await tokenRequest({ grant_type: "client_credentials", client_id: CONFIDENTIAL_CLIENT, client_secret: CONFIDENTIAL_SECRET, scope: "read", expires_in: 900 });
    assert.deepEqual(Object.keys(asked.body).sort(), ["access_token", "expires_in", "scope", "token_type"]);

    const pub = await tokenRequest({ grant_type: "client_credentials", client_id: PUBLIC_CLIENT, scope: "read" });
    assert.deepEqual([pub.status, pub.body.error], [400, "unauthorized_client"]);
  });

  it("includes expires_in only when the request asked for it, clamped to 300..172800", async () => {
    assert.equal("expires_in" in (await publicTokens()), false);
    const cases = [
      [600, 600],
      ["900", 900],
      [10, 300],
      [999_999, 172_800],
    ];
    for (const [asked, given] of cases) {
      const body = await publicTokens({ expires_in: asked });
      assert.equal(body.expires_in, given, String(asked));
      const [, payload] = jwtParts(body.access_token);
      assert.ok(payload.exp - payload.iat >= given && payload.exp - payload.iat <= given + 1);
    }
    const refreshAsked = await publicTokens({ refresh_token_expires_in: 86_400 });
    assert.deepEqual(["expires_in" in refreshAsked, refreshAsked.refresh_token_expires_in], [false, 604_800]);
    const refreshed = await refreshRequest(refreshAsked.refresh_token, { expires_in: 1200 });
    assert.equal(refreshed.body.expires_in, 1200);
    const bad = await exchangePublic(await publicCode(), { expires_in: "soon" });
    assert.deepEqual([bad.status, bad.body.error], [400, "invalid_request"]);
  });

  it("answers 401 invalid_client for an unknown client or a missing or wrong secret", async () => {
    const cases = [
      { grant_type: "client_credentials", client_id: "no_such_client", scope: "read" },
      { grant_type: "client_credentials", scope: "read" },
      { grant_type: "client_credentials", client_id: CONFIDENTIAL_CLIENT, scope: "read" },
      { grant_type: "client_credentials", client_id: CONFIDENTIAL_CLIENT, client_secret: "0".repeat(64), scope: "read" },
      { grant_type: "client_credentials", client_id: CONFIDENTIAL_CLIENT, client_secret: SEED.team.oauthClients.confidential.secret, scope: "read" },
      { grant_type: "refresh_token", client_id: "no_such_client", refresh_token: "x" },
    ];
    for (const body of cases) {
      const res = await tokenRequest(body);
      assert.equal(res.status, 401, JSON.stringify(body));
      assert.equal(res.body.error, "invalid_client");
      assert.equal(typeof res.body.error_description, "string");
    }
  });

  it("answers 400 invalid_scope, unsupported_grant_type and invalid_request (RFC 6749 section 5.2)", async () => {
    const cc = { grant_type: "client_credentials", client_id: CONFIDENTIAL_CLIENT, client_secret: CONFIDENTIAL_SECRET };
    for (const scope of ["admin", "read,write", "tickets:read:all", undefined]) {
      const res = await tokenRequest({ ...cc, scope });
      assert.deepEqual([res.status, res.body.error], [400, "invalid_scope"], String(scope));
    }
    for (const grant_type of ["password", "implicit", "urn:ietf:params:oauth:grant-type:device_code"]) {
      const res = await tokenRequest({ grant_type, client_id: PUBLIC_CLIENT, username: acme.users.admin.email, password: DEMO_PASSWORD });
      assert.deepEqual([res.status, res.body.error], [400, "unsupported_grant_type"], grant_type);
    }
    const malformed = [
      [{ client_id: PUBLIC_CLIENT }, {}],
      ["{not json", {}],
      [{ grant_type: ["refresh_token"] }, {}],
      [{ grant_type: "authorization_code", client_id: PUBLIC_CLIENT }, {}], // no code
      [{ grant_type: "refresh_token", client_id: PUBLIC_CLIENT }, {}], // no refresh_token
    ];
    for (const [body] of malformed) {
      const res = await fetch(`${acmeBase}/oauth/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal((await res.json()).error, "invalid_request");
    }
    const repeated = await fetch(`${acmeBase}/oauth/tokens`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=refresh_token&grant_type=client_credentials" });
    assert.equal((await repeated.json()).error, "invalid_request");
  });

  it("issues JWTs that work on /users/me.json and then expire (oauth.accessTokenLifetime: 2)", async () => {
    zd.configureAccount("acme", { oauth: { accessTokenLifetime: 2 } });
    const tokens = await publicTokens();
    assert.equal("expires_in" in tokens, false);
    const [, payload] = jwtParts(tokens.access_token);
    assert.ok(payload.exp - payload.iat >= 2 && payload.exp - payload.iat <= 3);
    assert.deepEqual(await meStatus(tokens.access_token), [200, 1001]);
    zd.advanceClock(3_000);
    assert.deepEqual(await meStatus(tokens.access_token), [401, INVALID_TOKEN]);
    // The forced lifetime wins over a requested one, and the answer says so.
    const refreshed = await refreshRequest(tokens.refresh_token, { expires_in: 1800 });
    assert.deepEqual([refreshed.status, refreshed.body.expires_in], [200, 2]);
    assert.deepEqual(await meStatus(refreshed.body.access_token), [200, 1001]);
    zd.configureAccount("acme", { oauth: { accessTokenLifetime: null } });
    assert.equal((await refreshRequest(refreshed.body.refresh_token, { expires_in: 1800 })).body.expires_in, 1800);
  });

  it("applies scopes of issued tokens on the API", async () => {
    const tokens = await publicTokens({}, { scope: "tickets:read" });
    const auth = bearerAuthorization(tokens.access_token);
    assert.equal((await api("/api/v2/tickets.json", { auth })).status, 200);
    const users = await api("/api/v2/users.json", { auth });
    assert.equal(users.status, 403);
    assert.deepEqual(await users.json(), { error: "Forbidden", description: "You are missing the following required scopes: read" });
  });

  it("counts token requests per grant type, in oauthStats and as grantType in the log", async () => {
    const tokens = await publicTokens();
    await refreshRequest(tokens.refresh_token);
    await refreshRequest(tokens.refresh_token); // reuse: invalid_grant
    await tokenRequest({ grant_type: "client_credentials", client_id: CONFIDENTIAL_CLIENT, client_secret: CONFIDENTIAL_SECRET, scope: "read" });
    await tokenRequest({ grant_type: "password", client_id: PUBLIC_CLIENT });
    await tokenRequest({ grant_type: "refresh_token", refresh_token: "x" }, { query: "?__fault=503" }); // faulted: never reaches the handler
    assert.deepEqual(zd.oauthStats("acme"), {
      tokenRequests: { authorization_code: 1, refresh_token: 2, client_credentials: 1, other: 1 },
      tokensIssued: { authorization_code: 1, refresh_token: 1, client_credentials: 1 },
      authorizations: { approved: 1, refused: 0 },
    });
    assert.equal(zd.getLog({ grantType: "refresh_token", status: 200 }).length, 1);
    assert.deepEqual(
      zd.getLog({ apiPath: "/oauth/tokens" }).map((e) => [e.grantType, e.status, e.fault]),
      [
        ["authorization_code", 200, null],
        ["refresh_token", 200, null],
        ["refresh_token", 400, null],
        ["client_credentials", 200, null],
        ["password", 400, null],
        [null, 503, "503"],
      ],
    );
    const http = await (await fetch(`${zd.url}/__control/oauth/acme`)).json();
    assert.equal(http.tokenRequests.refresh_token, 2);
    const logged = await (await fetch(`${zd.url}/__control/log?grantType=client_credentials`)).json();
    assert.equal(logged.requests.length, 1);
    assert.equal(zd.oauthStats("team").tokenRequests.refresh_token, 0);
  });

  it("ignores an Authorization header on /oauth/tokens and does not rate-limit it", async () => {
    zd.configureAccount("acme", { rateLimit: { limit: 1, windowMs: 60_000 } });
    const pair = await publicCode();
    const res = await tokenRequest(
      { grant_type: "authorization_code", code: pair.code, client_id: PUBLIC_CLIENT, redirect_uri: REDIRECT, code_verifier: pair.verifier },
      { headers: { authorization: bearerAuthorization(acme.oauth.expired.token) } },
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-rate-limit"), null);
    for (let i = 0; i < 3; i++) assert.equal((await refreshRequest("x")).status, 400);
  });

  it("allows a browser PKCE client cross-origin: preflight, tokens and errors carry Access-Control-Allow-Origin", async () => {
    const preflight = await api("/oauth/tokens", {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
    assert.ok(preflight.headers.get("access-control-allow-methods").split(/,\s*/).includes("POST"));
    assert.match(preflight.headers.get("access-control-allow-headers").toLowerCase(), /content-type/);

    const ok = await exchangePublic(await publicCode());
    assert.deepEqual([ok.status, ok.headers.get("access-control-allow-origin")], [200, "*"]);
    const bad = await refreshRequest("x");
    assert.deepEqual([bad.status, bad.headers.get("access-control-allow-origin")], [400, "*"]);
    const unauthorized = await tokenRequest({ grant_type: "refresh_token", refresh_token: "x", client_id: "nope" });
    assert.deepEqual([unauthorized.status, unauthorized.headers.get("access-control-allow-origin")], [401, "*"]);
    const faulted = await tokenRequest({ grant_type: "refresh_token", refresh_token: "x", client_id: PUBLIC_CLIENT }, { headers: { "x-fake-fault": "429" } });
    assert.deepEqual([faulted.status, faulted.headers.get("access-control-allow-origin")], [429, null]);
  });

  it("can withhold CORS on the token endpoint (oauth.tokenEndpointCors: false)", async () => {
    zd.configureAccount("acme", { oauth: { tokenEndpointCors: false } });
    const preflight = await api("/oauth/tokens", {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    assert.equal(preflight.headers.get("access-control-allow-origin"), null);
    const res = await exchangePublic(await publicCode());
    assert.deepEqual([res.status, res.headers.get("access-control-allow-origin")], [200, null]);
    // The API's own preflight is unaffected.
    const apiPreflight = await api("/api/v2/users/me.json", { method: "OPTIONS", headers: { origin: "http://localhost:5173" } });
    assert.equal(apiPreflight.headers.get("access-control-allow-origin"), "*");
  });

  it("applies faults to the token endpoint, so a client's refresh retry can be tested", async () => {
    const tokens = await publicTokens();
    zd.enqueueFault("acme", { fault: "503-retry-after=1", path: "/oauth/tokens" });
    const first = await refreshRequest(tokens.refresh_token);
    assert.deepEqual([first.status, first.headers.get("retry-after")], [503, "1"]);
    const second = await refreshRequest(tokens.refresh_token); // the fault consumed nothing
    assert.equal(second.status, 200);
  });
});

describe("OAuth Tokens API: token info and revocation", () => {
  /** GET/DELETE on /api/v2/oauth/tokens/... with an Authorization value: [status, parsed body or null]. */
  async function tokensApi(path, auth, method = "GET") {
    const res = await api(`/api/v2/oauth/tokens/${path}`, { auth, method });
    const text = await res.text();
    return [res.status, text ? JSON.parse(text) : null];
  }
  const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

  it("describes the current seeded token in Zendesk's shape, showing only the token's first 10 characters", async () => {
    const seeded = acme.oauth.adminReadWrite.token;
    const [status, body] = await tokensApi("current.json", bearerAuthorization(seeded));
    assert.equal(status, 200);
    const t = body.token;
    // The fields of Zendesk's OAuth Tokens reference ("JSON format").
    assert.deepEqual(Object.keys(t).sort(), ["client_id", "created_at", "expires_at", "id", "refresh_token", "refresh_token_expires_at", "scopes", "token", "url", "used_at", "user_id"]);
    assert.ok(Number.isInteger(t.id));
    assert.equal(t.user_id, 1001);
    assert.equal(t.client_id, acme.oauthClients.confidential.id);
    assert.equal(t.token, seeded.slice(0, 10));
    assert.equal(t.refresh_token, null);
    assert.equal(t.expires_at, null); // the seeded opaque tokens never expire
    assert.deepEqual(t.scopes, ["read", "write"]);
    assert.match(t.created_at, ISO_SECONDS);
    assert.match(t.used_at, ISO_SECONDS);
    assert.equal(t.url, `${acmeBase}/api/v2/oauth/tokens/${t.id}.json`);
    // The id names the same token for the show endpoint.
    const [again, shown] = await tokensApi(`${t.id}.json`, ADMIN_BEARER);
    assert.equal(again, 200);
    assert.equal(shown.token.token, seeded.slice(0, 10));
  });

  it("gives a token from the PKCE flow its client, scopes and expiry (the JWT's exp)", async () => {
    const tokens = await publicTokens({ expires_in: 600 });
    const [status, body] = await tokensApi("current.json", bearerAuthorization(tokens.access_token));
    assert.equal(status, 200);
    const [, payload] = jwtParts(tokens.access_token);
    assert.equal(body.token.expires_at, new Date(payload.exp * 1000).toISOString().replace(".000Z", "Z"));
    assert.equal(body.token.client_id, acme.oauthClients.public.id);
    assert.deepEqual(body.token.scopes, ["read", "write"]);
    assert.equal(body.token.refresh_token, null);
    const refreshLeft = Date.parse(body.token.refresh_token_expires_at) - Date.now();
    assert.ok(Math.abs(refreshLeft - 2_592_000_000) < 5_000, `refresh token left ${refreshLeft} ms`); // 30 days
    assert.ok(!JSON.stringify(body).includes(tokens.refresh_token.slice(0, 8)));
  });

  it("needs a Bearer token with read scope: API token 404, anonymous 401, tickets:read 403", async () => {
    assert.deepEqual(await tokensApi("current.json", ADMIN_TOKEN_AUTH), [404, { error: "RecordNotFound", description: "Not found" }]);
    assert.equal((await tokensApi("current.json", undefined))[0], 401);
    assert.deepEqual(await tokensApi("current.json", bearerAuthorization(acme.oauth.adminTicketsRead.token)), [
      403,
      { error: "Forbidden", description: "You are missing the following required scopes: read" },
    ]);
    assert.deepEqual(await tokensApi("current.json", bearerAuthorization(acme.oauth.expired.token)), [401, INVALID_TOKEN]);
  });

  it("DELETE {id}.json revokes the access token and its refresh token (204), then the id is gone", async () => {
    const tokens = await publicTokens({ expires_in: 600 });
    const auth = bearerAuthorization(tokens.access_token);
    const [, { token }] = await tokensApi("current.json", auth);
    const res = await api(`/api/v2/oauth/tokens/${token.id}.json`, { auth, method: "DELETE" });
    assert.equal(res.status, 204);
    assert.equal(await res.text(), "");
    assert.deepEqual(await meStatus(tokens.access_token), [401, INVALID_TOKEN]);
    const refresh = await refreshRequest(tokens.refresh_token);
    assert.deepEqual([refresh.status, refresh.body.error], [400, "invalid_grant"]);
    assert.equal((await tokensApi(`${token.id}.json`, ADMIN_BEARER, "DELETE"))[0], 404);
    assert.equal((await tokensApi(`${token.id}.json`, ADMIN_BEARER))[0], 404);
  });

  it("DELETE current.json answers 204 and revokes nothing, as users report of Zendesk", async () => {
    const tokens = await publicTokens();
    const auth = bearerAuthorization(tokens.access_token);
    const res = await api("/api/v2/oauth/tokens/current.json", { auth, method: "DELETE" });
    assert.equal(res.status, 204);
    assert.deepEqual(await meStatus(tokens.access_token), [200, 1001]);
    assert.equal((await refreshRequest(tokens.refresh_token)).status, 200);
  });

  it("lets an admin revoke anyone's token and others only their own", async () => {
    const agentToken = acme.oauth.agentReadWrite.token;
    const [, { token: agents }] = await tokensApi("current.json", bearerAuthorization(agentToken));
    const [, { token: admins }] = await tokensApi("current.json", ADMIN_BEARER);
    assert.equal((await tokensApi(`${admins.id}.json`, bearerAuthorization(agentToken), "DELETE"))[0], 404);
    assert.deepEqual(await meStatus(acme.oauth.adminReadWrite.token), [200, 1001]);
    assert.equal((await tokensApi(`${agents.id}.json`, ADMIN_TOKEN_AUTH, "DELETE"))[0], 204); // an admin with an API token
    assert.deepEqual(await meStatus(agentToken), [401, INVALID_TOKEN]);
  });

  it("gives a refreshed pair a new id; the rotated-out id is gone", async () => {
    const first = await publicTokens();
    const [, { token: before }] = await tokensApi("current.json", bearerAuthorization(first.access_token));
    const second = (await refreshRequest(first.refresh_token)).body;
    const [, { token: after }] = await tokensApi("current.json", bearerAuthorization(second.access_token));
    assert.notEqual(after.id, before.id);
    assert.equal((await tokensApi(`${before.id}.json`, ADMIN_BEARER))[0], 404);
  });

  it("registers a JWT minted outside the token endpoint on first use", async () => {
    const jwt = mintAccessToken({ account: "acme", userId: 1002, scopes: ["read"], expiresInSec: 900 });
    const [status, body] = await tokensApi("current.json", bearerAuthorization(jwt));
    assert.equal(status, 200);
    assert.deepEqual([body.token.user_id, body.token.client_id, body.token.scopes], [1002, null, ["read"]]);
    const [, payload] = jwtParts(jwt);
    assert.equal(Date.parse(body.token.expires_at), payload.exp * 1000);
  });
});

describe("faults", () => {
  it("delays an answer (delay=MS)", async () => {
    const started = Date.now();
    const res = await api("/api/v2/users/me.json?__fault=delay%3D300", { auth: ADMIN_TOKEN_AUTH });
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started >= 280);
  });

  it("never answers a stalled request (stall), until the client gives up", async () => {
    await assert.rejects(api("/api/v2/users/me.json", { headers: { "x-fake-fault": "stall" }, signal: AbortSignal.timeout(300) }), { name: "TimeoutError" });
    const [entry] = zd.getLog({ apiPath: "/api/v2/users/me.json" });
    assert.deepEqual([entry.status, entry.outcome, entry.fault], [null, "stalled", "stall"]);
  });

  it("resets the connection (reset)", async () => {
    await assert.rejects(raw({ path: "/acme/api/v2/users/me.json?__fault=reset" }), (error) => ["ECONNRESET", "EPIPE"].includes(error.code));
    await assert.rejects(api("/api/v2/users/me.json", { headers: { "x-fake-fault": "reset" } }), TypeError);
    assert.ok(zd.getLog().every((e) => e.outcome === "reset"));
  });

  it("answers 200 with broken JSON (malformed)", async () => {
    const res = await api("/api/v2/users/me.json?__fault=malformed", { auth: ADMIN_TOKEN_AUTH });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /^application\/json/);
    await assert.rejects(res.json(), SyntaxError);
  });

  it("answers a very large JSON body (large=BYTES)", async () => {
    const res = await api("/api/v2/users.json?__fault=large%3D5000000", { auth: ADMIN_TOKEN_AUTH });
    const text = await res.text();
    assert.equal(res.status, 200);
    assert.ok(text.length >= 5_000_000 && text.length < 5_000_100, String(text.length));
    JSON.parse(text);
  });

  it("redirects to /__capture on the other loopback host name (redirect)", async () => {
    const fromIp = await api("/api/v2/users/me.json?__fault=redirect&x=1", { auth: ADMIN_TOKEN_AUTH, redirect: "manual" });
    assert.equal(fromIp.status, 302);
    assert.equal(fromIp.headers.get("location"), `http://localhost:${zd.port}/__capture/acme/api/v2/users/me.json?x=1`);

    const fromName = await raw({ path: "/acme/api/v2/users/me.json", headers: { host: `localhost:${zd.port}`, "x-fake-fault": "redirect=307" } });
    assert.equal(fromName.status, 307);
    assert.equal(fromName.headers.location, `http://127.0.0.1:${zd.port}/__capture/acme/api/v2/users/me.json`);

    const sameHost = await api("/api/v2/users/me.json", { headers: { "x-fake-fault": "redirect-same-host" }, redirect: "manual" });
    assert.equal(sameHost.headers.get("location"), `${zd.url}/__capture/acme/api/v2/users/me.json`);
  });

  it("lets a client follow the redirect to /__capture, recording whether it forwarded Authorization", async () => {
    const first = await api("/api/v2/users/me.json?__fault=redirect", { auth: ADMIN_TOKEN_AUTH, redirect: "manual" });
    const location = first.headers.get("location");
    // A careless client re-sends the credential to the new host; a careful one does not.
    await fetch(location, { headers: { authorization: ADMIN_TOKEN_AUTH } });
    await fetch(location);
    assert.deepEqual(
      zd.captures().map((c) => [c.host, c.path, c.authorizationPresent]),
      [
        [`localhost:${zd.port}`, "/__capture/acme/api/v2/users/me.json", true],
        [`localhost:${zd.port}`, "/__capture/acme/api/v2/users/me.json", false],
      ],
    );
  });

  it("records at /__capture whether a credential arrived, never the credential", async () => {
    const withAuth = await fetch(`${zd.url}/__capture/acme/api/v2/users/me.json`, { headers: { authorization: ADMIN_TOKEN_AUTH } });
    assert.deepEqual(await withAuth.json(), { captured: true });
    await fetch(`http://localhost:${zd.port}/__capture/acme/api/v2/users/me.json`);
    const [first, second] = zd.captures();
    assert.deepEqual([first.authorizationPresent, first.authScheme, first.headers.authorization], [true, "basic", "[redacted]"]);
    assert.deepEqual([second.authorizationPresent, second.authScheme, second.host], [false, null, `localhost:${zd.port}`]);
    assert.equal(first.path, "/__capture/acme/api/v2/users/me.json");
  });

  it("answers the status faults, with and without Retry-After", async () => {
    const cases = [
      ["429", 429, "1"],
      ["429-retry-after=3", 429, "3"],
      ["429-no-retry-after", 429, null],
      ["503", 503, null],
      ["503-retry-after=2", 503, "2"],
      ["500", 500, null],
      ["502", 502, null],
      ["504", 504, null],
    ];
    for (const [fault, status, retryAfter] of cases) {
      const res = await api("/api/v2/users/me.json", { auth: ADMIN_BEARER, headers: { "x-fake-fault": fault } });
      assert.equal(res.status, status, fault);
      assert.equal(res.headers.get("retry-after"), retryAfter, fault);
      assert.equal(res.headers.get("access-control-allow-origin"), null, fault);
      assert.match(res.headers.get("x-request-id"), /^[0-9a-f]{16}-SEA, [0-9a-f]{16}-SEA$/, fault);
      await res.arrayBuffer();
    }
  });

  it("does not count faulted requests against the rate limit", async () => {
    await api("/api/v2/users/me.json?__fault=503", { auth: ADMIN_TOKEN_AUTH });
    const res = await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH });
    assert.equal(res.headers.get("x-rate-limit-remaining"), "699");
  });

  it("queues faults per account: two 429s with Retry-After: 1, then normal", async () => {
    zd.enqueueFault("acme", { fault: "429-retry-after=1", count: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const res = await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH });
      statuses.push([res.status, res.headers.get("retry-after")]);
    }
    assert.deepEqual(statuses, [
      [429, "1"],
      [429, "1"],
      [200, null],
    ]);
    // Other accounts are not affected.
    zd.enqueueFault("acme", { fault: "503" });
    assert.equal((await api("/api/v2/users/me.json", { base: zd.accountUrl("team") })).status, 200);
  });

  it("matches queued faults by method and path (trailing * = prefix)", async () => {
    zd.enqueueFault("acme", [
      { fault: "502", path: "/api/v2/tickets.json", method: "POST" },
      { fault: "504", path: "/api/v2/tickets/*" },
    ]);
    assert.equal((await api("/api/v2/tickets.json", { auth: ADMIN_TOKEN_AUTH })).status, 200);
    assert.equal((await api("/api/v2/tickets/5.json", { auth: ADMIN_TOKEN_AUTH })).status, 504);
    assert.equal((await api("/api/v2/tickets/5.json", { auth: ADMIN_TOKEN_AUTH })).status, 200);
    assert.equal((await jsonPost("/api/v2/tickets.json", { ticket: { comment: { body: "x" } } }, ADMIN_TOKEN_AUTH)).status, 502);
    assert.equal((await jsonPost("/api/v2/tickets.json", { ticket: { comment: { body: "x" } } }, ADMIN_TOKEN_AUTH)).status, 201);
    assert.deepEqual(zd.faults("acme"), []);
  });

  it("refuses unknown fault specs", async () => {
    const res = await api("/api/v2/users/me.json?__fault=explode");
    assert.equal(res.status, 400);
    assert.throws(() => zd.enqueueFault("acme", { fault: "delay=soon" }), /delay/);
  });
});

describe("control API over HTTP", () => {
  async function control(method, path, body) {
    const res = await fetch(`${zd.url}/__control${path}`, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }

  it("patches account settings and refuses unknown ones", async () => {
    const patched = await control("POST", "/accounts/acme", { rateLimit: { limit: 5, windowMs: 2000 }, retryAfterMode: "none" });
    assert.equal(patched.status, 200);
    assert.deepEqual(patched.body.rateLimit, { limit: 5, windowMs: 2000 });
    const res = await api("/api/v2/users/me.json", { auth: ADMIN_TOKEN_AUTH });
    assert.equal(res.headers.get("x-rate-limit"), "5");
    const refused = await control("POST", "/accounts/acme", { rateLimt: 5 });
    assert.equal(refused.status, 400);
    assert.match(refused.body.description, /rateLimt/);
  });

  it("enqueues faults, reads and clears the log, and resets", async () => {
    assert.equal((await control("POST", "/faults/acme", { fault: "503-retry-after=2", count: 1 })).status, 200);
    const faulted = await api("/api/v2/users/me.json");
    assert.deepEqual([faulted.status, faulted.headers.get("retry-after")], [503, "2"]);
    await api("/api/v2/users/me.json", { auth: ADMIN_BEARER });

    const log = await control("GET", "/log?account=acme");
    assert.deepEqual(
      log.body.requests.map((e) => [e.method, e.apiPath, e.status, e.authScheme, e.fault]),
      [
        ["GET", "/api/v2/users/me.json", 503, null, "503-retry-after=2"],
        ["GET", "/api/v2/users/me.json", 200, "bearer", null],
      ],
    );
    await control("DELETE", "/log");
    assert.deepEqual((await control("GET", "/log")).body.requests, []);

    await control("POST", "/accounts/acme", { apiTokenAccess: false });
    await control("POST", "/reset");
    assert.equal((await control("GET", "/accounts/acme")).body.apiTokenAccess, true);
  });

  it("never records a credential in the log or captures", async () => {
    const secrets = [acme.apiTokens[0], acme.oauth.adminReadWrite.token, DEMO_PASSWORD];
    const headerValues = [ADMIN_TOKEN_AUTH, ADMIN_BEARER, passwordAuthorization(acme.users.admin.email, DEMO_PASSWORD)];
    for (const auth of headerValues) await api("/api/v2/users/me.json", { auth });
    await api(`/api/v2/users/me.json?access_token=${acme.oauth.adminReadWrite.token}&password=${DEMO_PASSWORD}`);
    await fetch(`${zd.url}/__capture/acme/x?token=${acme.apiTokens[0]}`, { headers: { authorization: ADMIN_BEARER, cookie: "session=s3cr3t" } });

    // OAuth: codes, verifiers, challenges, state, client secrets, access and refresh tokens.
    const { verifier, challenge } = pkcePair();
    const state = "state-0123456789abcdef";
    const { code } = await authorizeParams(publicAuthorizeParams(challenge, { state }));
    const tokens = (await tokenRequest({ grant_type: "authorization_code", code, client_id: PUBLIC_CLIENT, redirect_uri: REDIRECT, code_verifier: verifier }, { form: true })).body;
    const rotated = (await refreshRequest(tokens.refresh_token)).body;
    await refreshRequest(tokens.refresh_token); // reuse: an error answer
    const cc = (await tokenRequest({ grant_type: "client_credentials", client_id: CONFIDENTIAL_CLIENT, client_secret: CONFIDENTIAL_SECRET, scope: "read" })).body;
    await tokenRequest({ grant_type: "client_credentials", client_id: CONFIDENTIAL_CLIENT, client_secret: `${CONFIDENTIAL_SECRET}x`, scope: "read" });
    await tokenRequest({ grant_type: "authorization_code", code, client_id: PUBLIC_CLIENT, redirect_uri: REDIRECT, code_verifier: verifier }); // reused code
    await fetch(`${acmeBase}/oauth/tokens?client_secret=${CONFIDENTIAL_SECRET}&refresh_token=${rotated.refresh_token}`, { method: "POST", body: "{}" });
    const oauthSecrets = [code, verifier, challenge, state, CONFIDENTIAL_SECRET, tokens.access_token, tokens.refresh_token, rotated.access_token, rotated.refresh_token, cc.access_token];
    assert.ok(oauthSecrets.every((v) => typeof v === "string" && v.length >= 20));

    const dump = JSON.stringify({
      log: zd.getLog(),
      captures: zd.captures(),
      http: (await control("GET", "/log")).body,
      stats: zd.oauthStats("acme"),
      account: zd.account("acme"),
    });
    for (const secret of [...secrets, ...headerValues.map((h) => h.split(" ")[1]), "s3cr3t", ...oauthSecrets]) assert.ok(!dump.includes(secret), `log leaks ${secret.slice(0, 6)}...`);
    assert.deepEqual(
      zd.getLog().slice(0, 3).map((e) => e.authScheme),
      ["basic", "bearer", "basic"],
    );
    assert.deepEqual(
      zd.getLog({ apiPath: "/oauth/tokens" }).map((e) => e.grantType),
      ["authorization_code", "refresh_token", "refresh_token", "client_credentials", "client_credentials", "authorization_code", null],
    );
  });
});

describe("command line", () => {
  it("starts with --port, prints one JSON line on stdout, and serves", async () => {
    const script = fileURLToPath(new URL("./server.mjs", import.meta.url));
    const child = spawn(process.execPath, [script, "--port", "0", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let stdout = "";
      while (!stdout.includes("\n")) {
        const [chunk] = await once(child.stdout, "data");
        stdout += chunk;
      }
      const { fakeZendesk } = JSON.parse(stdout.split("\n")[0]);
      assert.match(fakeZendesk, /^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${fakeZendesk}/acme/api/v2/users/me.json`, { headers: { authorization: ADMIN_TOKEN_AUTH } });
      assert.equal((await res.json()).user.id, 1001);
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  it("refuses to listen on a non-loopback address", async () => {
    await assert.rejects(startFakeZendesk({ host: "0.0.0.0" }), /loopback/);
  });
});
