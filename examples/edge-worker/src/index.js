// A same-origin auth proxy for the Zendesk API, as a Cloudflare Worker.
//
// The browser app calls this Worker without credentials; the Worker holds the Zendesk
// credentials (Worker secrets), adds the Authorization header and forwards a short
// allow-list of API calls to Zendesk. See README.md for the secrets and deployment.
//
// "zendesk-auth" resolves to the package's `workerd` entry here: it imports the .wasm as a
// module and instantiates it synchronously, so there is no init() call to make.
import { apiBaseUrl, buildAuthorizationHeader, redact, validate } from "zendesk-auth";

/**
 * The only API calls the browser may make through this Worker. Everything else is refused
 * before it reaches Zendesk. `{id}` is a numeric id; the `.json` suffix is optional, as it
 * is on Zendesk. Edit this list to suit your app, and keep it short: whoever can reach this
 * Worker can make these calls with the Zendesk user's rights.
 */
const ALLOWED_ROUTES = [
  { path: "/api/v2/users/me", methods: ["GET"] },
  { path: "/api/v2/tickets", methods: ["GET", "POST"] },
  { path: "/api/v2/tickets/{id}", methods: ["GET", "PUT"] },
  { path: "/api/v2/search", methods: ["GET"] },
];

/** Request headers copied from the browser to Zendesk. Everything else (Authorization, Cookie, ...) is dropped. */
const FORWARDED_REQUEST_HEADERS = ["accept", "content-type"];
/** Response headers copied from Zendesk to the browser (plus the prefixes below). Set-Cookie, WWW-Authenticate and the rest are dropped. */
const PASSED_RESPONSE_HEADERS = ["content-type", "retry-after", "x-zendesk-request-id"];
const PASSED_RESPONSE_PREFIXES = ["x-rate-limit", "ratelimit-", "zendesk-ratelimit-"];
const MAX_BODY_BYTES = 1024 * 1024;
const UPSTREAM_TIMEOUT_MS = 25_000;

const ROUTES = ALLOWED_ROUTES.map((r) => ({
  ...r,
  pattern: new RegExp("^" + r.path.replace("{id}", "[1-9][0-9]{0,19}") + "(?:\\.json)?$"),
}));

export default {
  async fetch(request, env) {
    const config = loadConfig(env);
    const url = new URL(request.url);
    const origin = request.headers.get("origin");
    const cors = config.appOrigin !== undefined && origin === config.appOrigin;
    const reply = (status, body, headers) => respond(status, body, headers, cors ? config.appOrigin : undefined);

    const path = stripPrefix(url.pathname, config.routePrefix);
    const route = path === undefined ? undefined : ROUTES.find((r) => r.pattern.test(path));

    if (request.method === "OPTIONS") {
      if (!cors) return reply(403, proxyError("ORIGIN_NOT_ALLOWED", "CORS is answered for the app origin only.", "Call this proxy from the app origin set in APP_ORIGIN."));
      if (!route) return reply(404, notAllowedPath());
      return new Response(null, {
        status: 204,
        headers: {
          "access-control-allow-origin": config.appOrigin,
          "access-control-allow-methods": route.methods.join(", "),
          "access-control-allow-headers": "Accept, Content-Type",
          "access-control-max-age": "600",
          vary: "Origin",
        },
      });
    }

    // Wrong configuration: say what is wrong, by code, on every request (never a secret).
    if (config.error) return reply(500, { error: config.error });

    // A browser on any other site gets no CORS headers, and is not served at all, so a
    // page elsewhere cannot make calls (a text/plain POST needs no preflight) with our credentials.
    if (!cors && !sameOrigin(request, url)) {
      return reply(403, proxyError("ORIGIN_NOT_ALLOWED", "Requests from this origin are not allowed.", "Call this proxy from the app origin set in APP_ORIGIN."));
    }

    if (!route) return reply(404, notAllowedPath());
    if (!route.methods.includes(request.method)) {
      return reply(405, proxyError("METHOD_NOT_ALLOWED", `${request.method} is not allowed on this path.`, `Allowed here: ${route.methods.join(", ")}.`), { allow: route.methods.join(", ") });
    }

    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    headers.set("authorization", config.authorization);
    headers.set("user-agent", "zendesk-auth-edge-worker");

    let body;
    if (request.method === "POST" || request.method === "PUT") {
      if (!/^application\/json\s*(;|$)/i.test(request.headers.get("content-type") ?? "")) {
        return reply(415, proxyError("UNSUPPORTED_MEDIA_TYPE", "The request body must be JSON.", "Send the body with Content-Type: application/json."));
      }
      const declared = Number(request.headers.get("content-length") ?? 0);
      if (declared > MAX_BODY_BYTES) return reply(413, tooLarge());
      body = await request.arrayBuffer();
      if (body.byteLength > MAX_BODY_BYTES) return reply(413, tooLarge());
    }

    // The allow-listed path on the configured base: credentials go nowhere else.
    const target = new URL(config.base + path + url.search);
    if (target.origin !== config.baseOrigin) return reply(404, notAllowedPath());

    let upstream;
    try {
      upstream = await fetch(target, {
        method: request.method,
        headers,
        body,
        // Never follow a redirect with the credentials attached.
        redirect: "manual",
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
      });
    } catch (e) {
      const timeout = e && e.name === "TimeoutError";
      return reply(timeout ? 504 : 502, timeout
        ? proxyError("UPSTREAM_TIMEOUT", `Zendesk did not answer within ${UPSTREAM_TIMEOUT_MS / 1000} s.`, "Try again later.")
        : proxyError("UPSTREAM_UNREACHABLE", "Zendesk could not be reached.", "Check ZENDESK_SUBDOMAIN (and ZENDESK_BASE_URL if set), or try again later."));
    }

    if (upstream.status >= 300 && upstream.status < 400) {
      await upstream.body?.cancel();
      return reply(502, proxyError("UPSTREAM_REDIRECT", `Zendesk answered with a redirect (${upstream.status}); the proxy does not follow redirects with credentials.`,
        "Check that ZENDESK_SUBDOMAIN is the account's {subdomain}.zendesk.com name (not a host-mapped domain) and ZENDESK_BASE_URL, if set, is where the API really is."));
    }

    const out = new Headers();
    upstream.headers.forEach((value, name) => {
      if (PASSED_RESPONSE_HEADERS.includes(name) || PASSED_RESPONSE_PREFIXES.some((p) => name.startsWith(p))) out.set(name, value);
    });
    // Absolute URLs in answers (pagination links, `url` fields, Location) point at Zendesk;
    // point them back at this proxy so the app's next request comes here too.
    const proxyBase = url.origin + config.routePrefix;
    const location = upstream.headers.get("location");
    if (location && location.startsWith(config.base + "/api/v2/")) out.set("location", proxyBase + location.slice(config.base.length));
    let responseBody = upstream.body;
    if (upstream.status === 204 || upstream.status === 205) {
      await upstream.body?.cancel();
      responseBody = null;
    } else if (/json/i.test(out.get("content-type") ?? "")) {
      responseBody = (await upstream.text()).replaceAll(config.base + "/api/v2/", proxyBase + "/api/v2/");
    }
    return withCommonHeaders(new Response(responseBody, { status: upstream.status, headers: out }), cors ? config.appOrigin : undefined);
  },
};

// ---------------------------------------------------------------------------------------
// Configuration: read and validated once per isolate, then cached.

let cached;

function loadConfig(env) {
  if (cached) return cached;
  const config = { routePrefix: "" };
  const secrets = secretValues(env);
  const errors = [];
  const attempt = (fn) => { try { fn(); } catch (e) { errors.push(e); } };
  // APP_ORIGIN first and on its own, so the browser app can read any other error.
  attempt(() => { config.appOrigin = readAppOrigin(env.APP_ORIGIN); });
  attempt(() => { config.routePrefix = readRoutePrefix(env.ROUTE_PREFIX); });
  attempt(() => {
    const c = readCredentials(env, secrets);
    config.authorization = c.authorization;
    config.scheme = c.scheme;
    config.base = readBaseUrl(env.ZENDESK_BASE_URL) ?? apiBaseUrl(c.subdomain);
    config.baseOrigin = new URL(config.base).origin;
  });
  if (errors.length) {
    const e = errors.find((x) => x.proxyError) ?? errors[0];
    config.error = e.proxyError ?? (e.name === "ZendeskAuthError"
      ? { code: String(e.code), message: scrub(e.message, secrets), hint: scrub(e.hint ?? "", secrets) }
      : { code: "CONFIG_INVALID", message: "The proxy could not read its configuration.", hint: "Check the Worker's secrets and variables." });
    delete config.authorization;
    console.error(`zendesk-auth-edge-worker: configuration error ${errors.map((x) => x.proxyError?.code ?? x.code ?? "CONFIG_INVALID").join(", ")}`);
  }
  cached = config;
  return config;
}

/** Validates the credentials with zendesk-auth and builds the Authorization header. */
function readCredentials(env, secrets) {
  const credentials = {
    subdomain: text(env.ZENDESK_SUBDOMAIN),
    email: text(env.ZENDESK_EMAIL),
    apiToken: text(env.ZENDESK_API_TOKEN),
    oauthToken: text(env.ZENDESK_OAUTH_TOKEN),
  };
  const result = validate(credentials);
  // Messages and hints never hold a secret (the package promises it); scrub them anyway.
  const diagnostics = result.diagnostics.map((d) => ({
    field: d.field, code: d.code, severity: d.severity, message: scrub(d.message, secrets), hint: scrub(d.hint, secrets),
  }));
  const subdomainError = diagnostics.find((d) => d.field === "subdomain" && d.severity === "error");
  if (subdomainError) throw configError(subdomainError.code, subdomainError.message, subdomainError.hint, diagnostics);
  // OAuth when both are set: Zendesk deactivates every API token on 2027-04-30.
  const scheme = credentials.oauthToken !== undefined ? "oauth" : credentials.apiToken !== undefined ? "api_token" : undefined;
  let authorization;
  try {
    authorization = buildAuthorizationHeader(credentials, scheme ? { scheme } : {});
  } catch (e) {
    throw configError(String(e.code ?? "CREDENTIALS_INVALID"), scrub(e.message, secrets), scrub(e.hint ?? "", secrets), diagnostics);
  }
  const warnings = diagnostics.filter((d) => d.severity === "warning").map((d) => d.code);
  if (warnings.length) console.warn(`zendesk-auth-edge-worker: credential warnings: ${warnings.join(", ")}`);
  return { authorization, scheme, subdomain: result.credentials.subdomain };
}

/** The configured secret values (and the email), to scrub from anything the proxy says. */
function secretValues(env) {
  return [env.ZENDESK_EMAIL, env.ZENDESK_API_TOKEN, env.ZENDESK_OAUTH_TOKEN]
    .filter((v) => typeof v === "string" && v.trim().length >= 4)
    .flatMap((v) => [v, v.trim()]);
}

function text(value) {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function readAppOrigin(value) {
  const v = text(value);
  let u;
  try { u = v && new URL(v); } catch { /* reported below */ }
  if (!u || u.origin === "null" || u.origin !== v.replace(/\/$/, "")) {
    throw configError("APP_ORIGIN_INVALID", "APP_ORIGIN must be an origin such as https://app.example.com (scheme, host and port only).",
      "Set APP_ORIGIN in wrangler.toml [vars] to the origin your browser app is served from.");
  }
  return u.origin;
}

function readRoutePrefix(value) {
  const v = text(value);
  if (v === undefined || v === "/") return "";
  if (!/^(\/[A-Za-z0-9._~-]+)+\/?$/.test(v)) {
    throw configError("ROUTE_PREFIX_INVALID", "ROUTE_PREFIX must be a path such as /zendesk.", "Set ROUTE_PREFIX to the path the Worker's route adds before /api/v2/, or leave it out.");
  }
  return v.replace(/\/$/, "");
}

/** ZENDESK_BASE_URL: where the API is, for tests and staging; https only (http for loopback). */
function readBaseUrl(value) {
  const v = text(value);
  if (v === undefined) return undefined;
  let u;
  try { u = new URL(v); } catch { /* reported below */ }
  const loopback = u && (u.hostname === "localhost" || u.hostname.endsWith(".localhost") || /^127\./.test(u.hostname) || u.hostname === "[::1]");
  if (!u || !(u.protocol === "https:" || (u.protocol === "http:" && loopback)) || u.username || u.password || u.search || u.hash) {
    throw configError("BASE_URL_INVALID", "ZENDESK_BASE_URL must be an https:// URL with no query, fragment or user info (http:// only for localhost).",
      "Leave ZENDESK_BASE_URL out to call https://{subdomain}.zendesk.com, or set it to where the API really is.");
  }
  return u.origin + u.pathname.replace(/\/+$/, "");
}

function configError(code, message, hint, diagnostics) {
  const e = new Error(message);
  e.proxyError = { code, message, hint, ...(diagnostics ? { diagnostics } : {}) };
  return e;
}

/** Removes the configured secrets and anything credential-shaped from a text. */
function scrub(s, secrets) {
  let out = String(s);
  for (const v of secrets) out = out.split(v).join("[redacted]");
  try {
    return redact(out);
  } catch {
    return out; // the package could not start (NOT_INITIALIZED): the known secrets are already gone
  }
}

// ---------------------------------------------------------------------------------------
// Answers.

function proxyError(code, message, hint) {
  return { error: { code, message, hint } };
}

function notAllowedPath() {
  return proxyError("PATH_NOT_ALLOWED", "This path is not on the proxy's allow-list.",
    `Allowed: ${ALLOWED_ROUTES.map((r) => `${r.methods.join("|")} ${r.path}`).join(", ")}.`);
}

function tooLarge() {
  return proxyError("BODY_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES} bytes.`, "Send a smaller body.");
}

function respond(status, body, headers = {}, allowOrigin) {
  const res = new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
  return withCommonHeaders(res, allowOrigin);
}

function withCommonHeaders(res, allowOrigin) {
  res.headers.set("cache-control", "no-store");
  res.headers.set("x-content-type-options", "nosniff");
  res.headers.append("vary", "Origin");
  if (allowOrigin) {
    res.headers.set("access-control-allow-origin", allowOrigin);
    const exposed = [];
    const safelisted = ["content-type", "cache-control", "x-content-type-options", "vary"];
    res.headers.forEach((_, name) => { if (!safelisted.includes(name) && !name.startsWith("access-control-")) exposed.push(name); });
    if (exposed.length) res.headers.set("access-control-expose-headers", exposed.join(", "));
  }
  return res;
}

/**
 * True for requests the browser marks as same-origin, and for callers that are not
 * browsers (no Origin, no Sec-Fetch-Site). A cross-site request without an Origin header
 * (an <img>, a form navigation) is not served.
 */
function sameOrigin(request, url) {
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === url.origin;
  const site = request.headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

function stripPrefix(pathname, prefix) {
  if (!prefix) return pathname;
  return pathname.startsWith(prefix + "/") ? pathname.slice(prefix.length) : undefined;
}
