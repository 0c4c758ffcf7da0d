// The Worker's variables and secrets, read and checked once per isolate.
//
// Every problem becomes a coded error the proxy answers with (500) on every request, so
// a wrong deployment says what is wrong instead of half working. No secret is ever part
// of a message: the codes and hints name the variable, never its value.
import { apiBaseUrl, buildAuthorizationHeader, validate } from "../client/workerd.mjs";
import { EdgeError } from "./errors.mjs";

export const MODES = ["user", "service", "api_token"];
/** Zendesk deactivates every API token on this day. */
export const API_TOKEN_RETIREMENT = "2027-04-30";
const MIN_SECRET_LENGTH = 32;

let cached;
let logged = false;

function text(v) {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/** A code from elsewhere, kept only when it looks like one (it becomes a header and a log line). */
function safeCode(code, fallback) {
  return typeof code === "string" && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : fallback;
}

function bad(code, message, hint) {
  return new EdgeError(500, code, message, hint);
}

function readOrigin(value) {
  const v = text(value);
  let u;
  try { u = v && new URL(v); } catch { /* reported below */ }
  if (!u || u.origin === "null" || u.origin !== v.replace(/\/$/, "")) {
    throw bad("APP_ORIGIN_INVALID", "APP_ORIGIN must be an origin such as https://app.example.com (scheme, host and port only).",
      "Set APP_ORIGIN in wrangler.toml [vars] to the origin your browser app is served from.");
  }
  return u.origin;
}

function isLoopback(host) {
  return host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "[::1]";
}

/** An https URL (http only on loopback, for local runs and tests) without query, fragment or user info. */
function readUrl(value, code, name) {
  const v = text(value);
  if (v === undefined) return undefined;
  let u;
  try { u = new URL(v); } catch { /* reported below */ }
  if (!u || !(u.protocol === "https:" || (u.protocol === "http:" && isLoopback(u.hostname))) || u.username || u.password || u.search || u.hash) {
    throw bad(code, `${name} must be an https:// URL with no query, fragment or user info (http:// only for localhost).`,
      `Check ${name} in wrangler.toml [vars].`);
  }
  return u.origin + u.pathname.replace(/\/+$/, "");
}

function readSecret(env) {
  const s = text(env.SESSION_SECRET);
  if (!s || s.length < MIN_SECRET_LENGTH) {
    throw bad("SESSION_SECRET_MISSING", `SESSION_SECRET must be set as a Worker secret of at least ${MIN_SECRET_LENGTH} characters; tokens are encrypted with a key derived from it.`,
      "Run: openssl rand -base64 48 | npx wrangler secret put SESSION_SECRET");
  }
  return s;
}

function readPositive(value, fallback, min, max) {
  const n = Number(text(value) ?? fallback);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : fallback;
}

function read(env) {
  const config = { warnings: [] };
  config.mode = text(env.AUTH_MODE);
  if (!MODES.includes(config.mode)) {
    throw bad("AUTH_MODE_INVALID", "AUTH_MODE must be user, service or api_token.",
      "user: each person signs in with Zendesk; service: the Worker's own OAuth client (client credentials); api_token: a static token until 2027-04-30.");
  }
  config.appOrigin = readOrigin(env.APP_ORIGIN);
  const subdomain = text(env.ZENDESK_SUBDOMAIN);
  const check = validate({ subdomain });
  const subdomainError = check.diagnostics.find((d) => d.field === "subdomain" && d.severity === "error");
  // The package's own message may quote the value, and a value in the wrong variable can be
  // a token: these name the variable and the code only.
  if (subdomainError) {
    throw bad(safeCode(subdomainError.code, "SUBDOMAIN_INVALID"), "ZENDESK_SUBDOMAIN is not a Zendesk subdomain; its value is not repeated here.",
      "Set ZENDESK_SUBDOMAIN in wrangler.toml [vars] to the account's name alone: acme for acme.zendesk.com.");
  }
  config.base = readUrl(env.ZENDESK_BASE_URL, "BASE_URL_INVALID", "ZENDESK_BASE_URL") ?? apiBaseUrl(check.credentials.subdomain);
  config.expiresIn = readPositive(env.ACCESS_TOKEN_LIFETIME, 1800, 300, 172_800);
  config.tokenTimeoutMs = readPositive(env.TOKEN_TIMEOUT_MS, 10_000, 100, 60_000);

  if (config.mode === "user" || config.mode === "service") {
    config.clientId = text(env.ZENDESK_CLIENT_ID);
    config.clientSecret = text(env.ZENDESK_CLIENT_SECRET);
    if (!config.clientId || !config.clientSecret) {
      throw bad("OAUTH_CLIENT_MISSING", "ZENDESK_CLIENT_ID and the secret ZENDESK_CLIENT_SECRET must both be set.",
        "Create a confidential OAuth client in Admin Center > Apps and integrations > APIs > OAuth clients; put its identifier in [vars] and its secret with wrangler secret put.");
    }
    config.scopes = text(env.ZENDESK_SCOPES) ?? "read write";
    config.secret = readSecret(env);
  } else {
    const credentials = { subdomain, email: text(env.ZENDESK_EMAIL), apiToken: text(env.ZENDESK_API_TOKEN) };
    try {
      config.authorization = buildAuthorizationHeader(credentials, { scheme: "api_token" });
    } catch (e) {
      const variable = { email: "ZENDESK_EMAIL", apiToken: "ZENDESK_API_TOKEN", subdomain: "ZENDESK_SUBDOMAIN" }[e?.field] ?? "ZENDESK_EMAIL or ZENDESK_API_TOKEN";
      throw bad(safeCode(e?.code, "CREDENTIALS_INVALID"), `${variable} is not usable; its value is not repeated here.`,
        "ZENDESK_EMAIL is the agent's sign-in email in [vars]; ZENDESK_API_TOKEN is the token alone (no email, no \"/token\", no Basic), set with wrangler secret put.");
    }
    config.warnings.push(`AUTH_MODE=api_token: Zendesk deactivates every API token on ${API_TOKEN_RETIREMENT}; move to AUTH_MODE=user or service before then`);
  }

  if (config.mode !== "user") {
    const team = readUrl(env.ACCESS_TEAM_DOMAIN, "ACCESS_TEAM_DOMAIN_INVALID", "ACCESS_TEAM_DOMAIN");
    const audience = text(env.ACCESS_AUD);
    config.allowAnonymous = text(env.ALLOW_ANONYMOUS) === "true";
    if (team && audience) config.access = { team, audience };
    else if (team || audience) {
      throw bad("ACCESS_CONFIG_INCOMPLETE", "ACCESS_TEAM_DOMAIN and ACCESS_AUD must be set together.",
        "ACCESS_TEAM_DOMAIN is https://<team>.cloudflareaccess.com; ACCESS_AUD is the application's AUD tag in Zero Trust > Access > Applications.");
    } else if (config.allowAnonymous) {
      config.warnings.push(`ALLOW_ANONYMOUS=true: anyone who can reach this Worker can make the allowed calls as ${config.mode === "service" ? "the OAuth client's owner" : "the API token's user"}`);
    } else {
      throw bad("CALLER_CHECK_MISSING", `AUTH_MODE=${config.mode} needs a caller check: anyone reaching the Worker would act with its Zendesk rights.`,
        "Protect the Worker with Cloudflare Access and set ACCESS_TEAM_DOMAIN and ACCESS_AUD, or set ALLOW_ANONYMOUS=true on purpose.");
    }
  }
  return config;
}

/**
 * The configuration, or { error }. Read once per isolate (one Worker script, one set of
 * variables). Warnings are logged once per isolate, by the first request the Worker
 * itself serves (Workers have no start-up hook that sees the variables).
 */
export function loadConfig(env, log = true) {
  if (!cached) {
    try {
      cached = read(env);
    } catch (e) {
      cached = { error: e instanceof EdgeError ? e : bad("CONFIG_INVALID", "The proxy could not read its configuration.", "Check the Worker's variables and secrets.") };
      // APP_ORIGIN on its own, so the browser app can read any other configuration error.
      try {
        cached.appOrigin = readOrigin(env.APP_ORIGIN);
      } catch { /* then the app cannot read it, and this error says so */ }
    }
  }
  if (log && !logged) {
    logged = true;
    if (cached.error) console.error(`zendesk-auth/edge: configuration error ${cached.error.code}`);
    for (const w of cached.warnings ?? []) console.warn(`zendesk-auth/edge: warning: ${w}`);
  }
  return cached;
}
