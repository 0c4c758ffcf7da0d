// A fake Zendesk API for tests: behaves as Zendesk's documentation describes,
// on loopback, with no dependencies beyond Node's built-ins.
//
// In-process:   const zd = await startFakeZendesk(); ... await zd.close();
// As a process: node tests/fake-zendesk/server.mjs --port 8787
//               (prints {"fakeZendesk":"http://127.0.0.1:8787"} on stdout when listening)
//
// The request pipeline below runs in the order Zendesk's answers imply:
//   control/capture -> account -> CORS preflight -> credentials -> fault
//   -> 401 -> rate limit -> route (404) -> 401 anonymous / 403 scope / 403 role -> handler
// OAuth endpoints (/oauth/authorizations/new, /oauth/tokens) take client credentials,
// not a user's: after the preflight they go straight to fault -> handler.
// See README.md for the behaviour and the assumptions where Zendesk's documentation is silent.

import http from "node:http";
import { pathToFileURL } from "node:url";

import { authScheme, authenticate, missingScope } from "./auth.mjs";
import { controlRequestProblem, createControl, handleControlRequest } from "./control.mjs";
import { MALFORMED_JSON_BODY, faultFromRequest, largeJsonBody, takeQueuedFault } from "./faults.mjs";
import { captureRecord, newLogEntry } from "./log.mjs";
import { otherLoopbackHost, resolveAccountName } from "./naming.mjs";
import { takeRequest } from "./ratelimit.mjs";
import * as R from "./responses.mjs";
import { matchRoute, roleAllows } from "./routes.mjs";
import { createState } from "./state.mjs";
import { zendeskFetchFor } from "./zendesk-fetch.mjs";
import { RATE_LIMITED_TEXT, TEXT_TYPE, linkOrigin, setRequestIdHeaders, wantsExplicitPort } from "./shapes.mjs";
import { noteTokenUse } from "./tokeninfo.mjs";

export { SEED, DEMO_PASSWORD, CONFIDENTIAL_CLIENT_ID, PUBLIC_CLIENT_ID, apiTokenAuthorization, bearerAuthorization, passwordAuthorization } from "./seed.mjs";
export { s256 as pkceChallenge } from "./oauth.mjs";
export { FAKE_JWT_SIGNING_KEY, mintAccessToken } from "./tokens.mjs";
export { WEBHOOK_TEST_SECRET, sampleTicketEvent, signWebhook, webhookTimestamp } from "./webhooks.mjs";

const JSON_TYPE = "application/json; charset=utf-8";
// Zendesk's documentation: Access-Control-Allow-Origin only on these, and only for OAuth (Bearer) requests.
const CORS_STATUSES = new Set([200, 201, 204, 404]);
// POST /oauth/tokens (assumption, README): its own answers carry it, so a browser
// PKCE client can read both tokens and OAuth errors; 429/5xx faults do not.
const TOKEN_ENDPOINT_CORS_STATUSES = new Set([200, 400, 401]);
const EXPOSED_HEADERS = [
  "X-Request-Id",
  "X-Zendesk-Request-Id",
  "X-Rate-Limit",
  "X-Rate-Limit-Remaining",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
  "rate-limit",
  "rate-limit-remaining",
  "rate-limit-reset",
  "zendesk-ratelimit-tickets-index",
  "Retry-After",
  "Location",
].join(", ");
const PREFLIGHT_METHODS = "GET, POST, PUT, DELETE, PATCH";
const PREFLIGHT_MAX_AGE = "86400";
const MAX_REQUEST_BODY_BYTES = 1_000_000;
// A long benchmark run must not grow memory without bound; tests read far fewer.
const MAX_LOG_ENTRIES = 100_000;

function isLoopback(host) {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Read a request body up to `limit` bytes; resolves null past the limit. */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Wait `ms`, or less if the client goes away; resolves whether the client is still there. */
function waitUnlessClosed(ms, res) {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off("close", onClose);
      resolve(true);
    }, ms);
    res.once("close", onClose);
  });
}

/**
 * Start a fake Zendesk.
 * @param {object} [o]
 * @param {number} [o.port=0]            0 = pick a free port
 * @param {string} [o.host="127.0.0.1"]  loopback only
 * @param {object} [o.accounts]          per-account settings applied at start and on every reset,
 *                                       e.g. { acme: { rateLimit: { limit: 5, windowMs: 2000 } } }
 * @param {boolean} [o.notFoundTextPlain] answer "No help desk" 404s as text/plain
 * @param {(line:string)=>void} [o.logLine] called with one human-readable line per request
 */
export async function startFakeZendesk({ port = 0, host = "127.0.0.1", logLine, ...options } = {}) {
  if (!isLoopback(host)) throw new Error(`fake Zendesk listens on loopback only, not "${host}"`);
  const state = createState(options);
  const control = createControl(state);
  let listeningPort = port;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      process.stderr.write(`fake-zendesk: internal error: ${error?.stack ?? error}\n`);
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "Content-Type": JSON_TYPE });
        res.end(JSON.stringify(R.INTERNAL_ERROR));
      }
    });
  });

  async function handle(req, res) {
    const started = Date.now();
    const url = new URL(req.url, "http://fake.invalid");
    // Today's shape until the account (and its era) is known.
    const requestId = setRequestIdHeaders(res);

    // Control requests are the test talking to the fake, not traffic: not logged.
    if (url.pathname === "/__control" || url.pathname.startsWith("/__control/")) {
      const refused = controlRequestProblem(req.headers);
      if (refused) return sendPlain(res, refused.status, refused.body);
      let body = null;
      if (req.method === "POST") {
        const raw = await readBody(req, MAX_REQUEST_BODY_BYTES);
        try {
          body = raw && raw.length ? JSON.parse(raw.toString("utf8")) : {};
        } catch {
          return sendPlain(res, 400, R.INVALID_JSON);
        }
      }
      const result = await handleControlRequest(control, req.method, url.pathname, url.searchParams, body);
      return sendPlain(res, result.status, result.body);
    }

    const scheme = authScheme(req.headers.authorization);
    const entry = newLogEntry({ requestId, req, url, authScheme: scheme });
    state.log.push(entry);
    if (state.log.length > MAX_LOG_ENTRIES) state.log.splice(0, state.log.length - MAX_LOG_ENTRIES);
    res.on("finish", () => {
      entry.status = res.statusCode;
      entry.outcome = "answered";
      entry.durationMs = Date.now() - started;
      logLine?.(`${entry.method} ${entry.host ?? "-"}${entry.path} -> ${entry.status} auth=${entry.authScheme ?? "none"}${entry.fault ? ` fault=${entry.fault}` : ""}`);
    });
    res.on("close", () => {
      if (entry.outcome === "pending") entry.outcome = "client-closed";
      entry.durationMs ??= Date.now() - started;
    });

    // Records whether a credential arrived (never its value): proves what a client
    // forwarded after a redirect.
    if (url.pathname === "/__capture" || url.pathname.startsWith("/__capture/")) {
      state.captures.push(captureRecord({ req, url, authScheme: scheme }));
      return sendPlain(res, 200, { captured: true });
    }

    const name = resolveAccountName(req.headers.host, url.pathname);
    const account = name.validSub ? state.accounts.get(name.sub) : undefined;
    if (!account) {
      const shownHost = name.sub ? `${name.sub}.zendesk.com` : name.hostname;
      const textPlain = state.settings.notFoundTextPlain || state.unknownSubdomains.get(name.sub)?.notFoundTextPlain;
      if (textPlain) return sendPlain(res, 404, `No help desk at ${shownHost}`, "text/plain; charset=utf-8");
      return sendPlain(res, 404, R.noHelpDesk(shownHost));
    }
    entry.account = account.subdomain;
    entry.apiPath = name.path;
    if (account.config.shapes.requestId !== "doubled") entry.requestId = setRequestIdHeaders(res, account.config.shapes.requestId);

    if (req.method === "OPTIONS") {
      // The token endpoint's preflight follows its CORS setting; every other path allows.
      const blocked = matchRoute("POST", name.path)?.route.cors === "tokenEndpoint" && !account.config.oauth.tokenEndpointCors;
      return preflight(req, res, !blocked);
    }

    const matched = matchRoute(req.method, name.path);
    if (matched?.route.access === "client") return handleOAuth({ req, res, account, entry, name, url, route: matched.route });

    const origin = linkOrigin(req, `127.0.0.1:${listeningPort}`, wantsExplicitPort(account.config.shapes, matched?.route));
    const apiBase = `${origin}${name.prefix}/api/v2`;
    const auth = authenticate(account, req.headers.authorization, apiBase, state.now());
    const reply = makeReply(res, account, auth);

    if (await faultAnswered({ req, res, reply, entry, name, url, account })) return;

    if (auth.outcome === "rejected") return unauthorized(reply, auth.scheme, account);
    // The token's record (id, used_at) for the OAuth Tokens API.
    const tokenRecord = auth.outcome === "user" && auth.scheme === "bearer" ? noteTokenUse(account, auth.token, auth.claims, state.now()) : null;

    if (auth.outcome === "user") {
      const limit = takeRequest(account, { ticketsIndex: matched?.route.bucket === "ticketsIndex" });
      reply.rateHeaders = limit.headers;
      if (limit.limited) {
        const retryAfter = limit.retryAfter === null ? {} : { "Retry-After": String(limit.retryAfter) };
        if (account.config.shapes.rateLimitedBody === "text") return reply(429, RATE_LIMITED_TEXT, retryAfter, TEXT_TYPE);
        return reply(429, R.RATE_LIMITED, retryAfter);
      }
    }
    if (!matched) return reply(404, R.INVALID_ENDPOINT);
    const { route, params } = matched;

    if (auth.outcome !== "user") {
      if (route.access !== "anyone") return unauthorized(reply, "basic", account);
    } else {
      const missing = missingScope(auth.scopes, req.method, route.resource);
      if (missing) return reply(403, R.scopeForbidden(missing));
      if (!roleAllows(route, auth.user)) return reply(403, R.ROLE_FORBIDDEN);
    }

    let body = null;
    if (route.readsBody) {
      const raw = await readBody(req, MAX_REQUEST_BODY_BYTES);
      if (raw === null) return reply(413, R.BODY_TOO_LARGE, { Connection: "close" });
      if (route.readsBody === "raw") body = raw;
      else if (raw.length) {
        try {
          body = JSON.parse(raw.toString("utf8"));
        } catch {
          return reply(400, R.INVALID_JSON);
        }
      }
    }

    const result = route.handler({
      account,
      user: auth.outcome === "user" ? auth.user : null,
      params,
      searchParams: url.searchParams,
      apiBase,
      body,
      contentType: req.headers["content-type"],
      bearer: tokenRecord ? { record: tokenRecord } : null,
    });
    return reply(result.status, result.body, result.headers);
  }

  /**
   * Apply a per-request or queued fault. Resolves true when the fault answered (or
   * the client left during a delay), false when the request goes on.
   */
  async function faultAnswered({ req, res, reply, entry, name, url, account }) {
    let fault;
    try {
      fault = faultFromRequest(req.headers, url.searchParams) ?? takeQueuedFault(account, req.method, name.path);
    } catch (error) {
      reply(400, { error: "InvalidFault", description: error.message });
      return true;
    }
    if (!fault) return false;
    entry.fault = fault.spec;
    if (fault.kind === "delay") return !(await waitUnlessClosed(fault.ms, res));
    runFault(fault, { req, res, reply, entry, name, url });
    return true;
  }

  /**
   * OAuth endpoints: no user credentials (an Authorization header is ignored), no
   * rate limit; faults apply as on the API. CORS only on the token endpoint.
   */
  async function handleOAuth({ req, res, account, entry, name, url, route }) {
    const reply = (status, body, headers = {}, contentType = JSON_TYPE) => {
      if (res.destroyed || res.headersSent) return;
      res.statusCode = status;
      res.setHeader("Content-Type", contentType);
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      if (route.cors === "tokenEndpoint" && account.config.oauth.tokenEndpointCors && TOKEN_ENDPOINT_CORS_STATUSES.has(status)) {
        res.setHeader("Access-Control-Allow-Origin", "*");
        if (account.config.corsExposeHeaders) res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
      }
      writeBody(res, status, body);
    };
    if (await faultAnswered({ req, res, reply, entry, name, url, account })) return;

    let rawBody = null;
    if (route.readsBody) {
      rawBody = await readBody(req, MAX_REQUEST_BODY_BYTES);
      if (rawBody === null) return reply(413, R.BODY_TOO_LARGE, { Connection: "close" });
    }
    const result = route.handler({
      account,
      searchParams: url.searchParams,
      rawBody,
      contentType: req.headers["content-type"],
      now: state.now(),
      entry,
    });
    return reply(result.status, result.body, result.headers, result.contentType);
  }

  /**
   * A sender for API answers on one account: adds rate-limit headers when the
   * request was counted, and CORS headers only where Zendesk's documentation says Zendesk does.
   */
  function makeReply(res, account, auth) {
    const reply = (status, body, headers = {}, contentType = JSON_TYPE) => {
      if (res.destroyed || res.headersSent) return;
      const bearer = auth.scheme === "bearer";
      const cors = bearer && ((auth.outcome === "user" && CORS_STATUSES.has(status)) || (status === 401 && account.config.corsOn401));
      res.statusCode = status;
      res.setHeader("Content-Type", contentType);
      for (const [k, v] of Object.entries(reply.rateHeaders)) res.setHeader(k, v);
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      if (cors) {
        res.setHeader("Access-Control-Allow-Origin", "*");
        if (account.config.corsExposeHeaders) res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
      }
      writeBody(res, status, body);
    };
    reply.rateHeaders = {};
    return reply;
  }

  function runFault(fault, { req, res, reply, entry, name, url }) {
    switch (fault.kind) {
      case "stall":
        entry.outcome = "stalled"; // closed by the client, or by close()
        return;
      case "reset":
        entry.outcome = "reset";
        // RST rather than FIN where Node supports it: what a dropped connection looks like.
        if (typeof req.socket.resetAndDestroy === "function") req.socket.resetAndDestroy();
        else req.socket.destroy();
        return;
      case "malformed":
        return reply(200, MALFORMED_JSON_BODY);
      case "large":
        return reply(200, largeJsonBody(fault.bytes));
      case "redirect": {
        const query = new URLSearchParams(url.searchParams);
        query.delete("__fault");
        const qs = query.toString();
        const target = `/__capture/${name.sub}${name.path}${qs ? `?${qs}` : ""}`;
        const host = fault.sameHost ? req.headers.host : `${otherLoopbackHost(name.hostname)}:${listeningPort}`;
        const location = `http://${host}${target}`;
        return reply(fault.status, { redirect: location }, { Location: location });
      }
      case "status": {
        const headers = fault.retryAfter === null ? {} : { "Retry-After": String(fault.retryAfter) };
        const bodies = { 429: R.RATE_LIMITED, 500: R.INTERNAL_ERROR, 502: R.BAD_GATEWAY, 504: R.GATEWAY_TIMEOUT };
        if (fault.text) return reply(fault.status, RATE_LIMITED_TEXT, headers, TEXT_TYPE);
        const body = fault.status === 503 ? (fault.retryAfter === null ? R.MAINTENANCE : R.SERVICE_UNAVAILABLE) : bodies[fault.status];
        return reply(fault.status, body, headers);
      }
      default:
        throw new Error(`unhandled fault kind ${fault.kind}`);
    }
  }

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  listeningPort = server.address().port;
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  const url = `http://${hostInUrl}:${listeningPort}`;

  return {
    port: listeningPort,
    url,
    /** Base URL naming an account by path prefix, e.g. http://127.0.0.1:N/acme */
    accountUrl: (sub) => `${url}/${sub}`,
    /** fetch for https://{sub}.zendesk.com URLs, answered by this fake as Zendesk's own host (zendesk-fetch.mjs). */
    zendeskFetch: zendeskFetchFor(listeningPort),
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        // Stalled and keep-alive connections would otherwise hold close() open forever.
        server.closeAllConnections();
      });
    },
    ...control,
  };
}

function unauthorized(reply, scheme, account) {
  if (scheme === "bearer") {
    return reply(401, R.BEARER_UNAUTHORIZED, account.config.shapes.bearerChallenge ? { "WWW-Authenticate": R.BEARER_CHALLENGE } : {});
  }
  return reply(401, R.BASIC_UNAUTHORIZED, { "WWW-Authenticate": R.BASIC_CHALLENGE });
}

function preflight(req, res, allow = true) {
  res.statusCode = 200;
  res.setHeader("Content-Type", JSON_TYPE);
  res.setHeader("Content-Length", "0");
  // Without CORS headers a browser fails the preflight (tokenEndpointCors: false).
  if (!allow) return res.end();
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Methods", PREFLIGHT_METHODS);
  // Echo what the browser asks for (it will send Authorization and Content-Type).
  res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] || "Authorization, Content-Type");
  res.setHeader("Access-Control-Max-Age", PREFLIGHT_MAX_AGE);
  res.end();
}

function writeBody(res, status, body) {
  if (status === 204 || body === undefined) return res.end();
  const payload = typeof body === "string" ? body : JSON.stringify(body);
  res.setHeader("Content-Length", Buffer.byteLength(payload));
  res.end(payload);
}

/** Answers outside an account (control, capture, no help desk): no CORS, no rate limit. */
function sendPlain(res, status, body, contentType = JSON_TYPE) {
  res.statusCode = status;
  res.setHeader("Content-Type", contentType);
  writeBody(res, status, body);
}

// ---- command line -----------------------------------------------------------

function parseArgs(argv) {
  const args = { port: 0, host: "127.0.0.1", quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--port") args.port = Number(argv[++i]);
    else if (arg.startsWith("--port=")) args.port = Number(arg.slice(7));
    else if (arg === "--host") args.host = argv[++i];
    else if (arg.startsWith("--host=")) args.host = arg.slice(7);
    else if (arg === "--quiet") args.quiet = true;
    else throw new Error(`unknown argument "${arg}" (usage: server.mjs [--port N] [--host 127.0.0.1] [--quiet])`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error("--port must be 0..65535");
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const fake = await startFakeZendesk({
    port: args.port,
    host: args.host,
    logLine: args.quiet ? undefined : (line) => process.stderr.write(`fake-zendesk: ${line}\n`),
  });
  // One machine-readable line on stdout; everything human goes to stderr.
  process.stdout.write(`${JSON.stringify({ fakeZendesk: fake.url })}\n`);
  process.stderr.write(
    [
      `fake-zendesk: listening on ${fake.url}`,
      `fake-zendesk: accounts acme (Enterprise, API tokens on), tokenoff (API tokens off), team (Team)`,
      `fake-zendesk: name an account by path (${fake.url}/acme/api/v2/users/me.json) or Host ({sub}.localhost / {sub}.zendesk.com)`,
      `fake-zendesk: OAuth at ${fake.url}/acme/oauth/authorizations/new and ${fake.url}/acme/oauth/tokens (clients zendesk_auth_demo, zendesk_auth_confidential)`,
      `fake-zendesk: demo credentials are in tests/fake-zendesk/seed.mjs (not printed); control API under ${fake.url}/__control/`,
      "",
    ].join("\n"),
  );
  const stop = () => fake.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    process.stderr.write(`fake-zendesk: ${error.message}\n`);
    process.exit(1);
  });
}
