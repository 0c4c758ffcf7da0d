// Mutable state of one fake instance: accounts (config + writes + counters +
// OAuth codes and refresh tokens), the request log, captured requests, global
// settings and the fake's clock.
//
// Reset rebuilds everything from the seed plus the options given at start, so a
// test's `beforeEach(reset)` always starts from the same place.

import { SEED } from "./seed.mjs";
import { CREATED_TICKET_ID_BASE } from "./records.mjs";
import { defaultOAuthConfig, isOAuthPatch, newOAuthState, revokeRefreshToken } from "./oauth.mjs";
import { SHAPE_DEFAULTS, isShapesPatch } from "./shapes.mjs";
import { newTokenRegistry, registerSeededTokens } from "./tokeninfo.mjs";

/** Account settings a test may change, with their checks. Anything else is refused. */
const CONFIG_KEYS = {
  apiTokenAccess: (v) => typeof v === "boolean",
  // "ignored": password Basic is treated as no credentials (Zendesk: password
  // access removed; ignored credentials give the anonymous user).
  // "rejected": answer it like bad Basic credentials (401).
  passwordBasic: (v) => v === "ignored" || v === "rejected",
  rateLimit: (v) => isWindow(v),
  ticketsIndexLimit: (v) => isWindow(v),
  retryAfterMode: (v) => v === "seconds" || v === "none",
  recordCount: (v) => v && typeof v === "object" && Object.keys(v).every((k) => ["users", "tickets", "invocations"].includes(k)) && ["users", "tickets", "invocations"].every((k) => v[k] === undefined || (Number.isInteger(v[k]) && v[k] >= 0 && v[k] <= 10_000_000)),
  corsOn401: (v) => typeof v === "boolean",
  corsExposeHeaders: (v) => typeof v === "boolean",
  // Partial patch, merged: { accessTokenLifetime, refreshTokenLifetime, codeLifetime,
  // loginAs, revokeFamilyOnReuse, tokenEndpointCors } (see oauth.mjs).
  oauth: isOAuthPatch,
  // Partial patch, merged: answer shapes by era or endpoint (shapes.mjs).
  shapes: isShapesPatch,
};

/** One-shot actions accepted by the same patch endpoint. */
const ACTION_KEYS = {
  revokeTokens: (v) => Array.isArray(v) && v.every((t) => typeof t === "string"),
  deactivateApiTokens: (v) => Array.isArray(v) && v.every((t) => typeof t === "string"),
};

function isWindow(v) {
  return v && typeof v === "object" && Number.isInteger(v.limit) && v.limit >= 0 && Number.isInteger(v.windowMs) && v.windowMs > 0;
}

function defaultConfig(seed) {
  return {
    plan: seed.plan,
    apiTokenAccess: seed.apiTokenAccess,
    passwordBasic: "ignored",
    rateLimit: { ...seed.rateLimit },
    // Endpoint bucket of the tickets index (Zendesk's documentation header example: total=100).
    ticketsIndexLimit: { limit: 100, windowMs: 60_000 },
    retryAfterMode: "seconds",
    recordCount: { ...seed.recordCount },
    corsOn401: false,
    corsExposeHeaders: true,
    oauth: defaultOAuthConfig(),
    shapes: { ...SHAPE_DEFAULTS },
  };
}

function buildAccount(seed, overrides) {
  const account = {
    subdomain: seed.subdomain,
    seed,
    config: defaultConfig(seed),
    activeApiTokens: new Set(seed.apiTokens),
    oauthTokens: new Map(Object.values(seed.oauth).map((t) => [t.token, { expiresAt: null, revoked: false, ...t }])),
    revokedTokens: new Set(), // also covers JWTs, which are not in oauthTokens
    oauth: newOAuthState(), // authorization codes, refresh tokens, counters
    tokenInfo: newTokenRegistry(), // numeric ids and metadata of access tokens (OAuth Tokens API)
    tickets: { stored: new Map(), createdIds: [], deleted: new Set(), nextId: CREATED_TICKET_ID_BASE + 1 },
    rate: { account: null, ticketsIndex: null },
    faults: [],
  };
  registerSeededTokens(account);
  if (overrides) applyAccountPatch(account, overrides);
  return account;
}

/**
 * Validate and apply a JSON patch from the control API. Throws a TypeError
 * naming the bad keys, so a typo in a test fails loudly instead of doing nothing.
 */
export function applyAccountPatch(account, patch) {
  if (!patch || typeof patch !== "object" || Array.isArray(patch)) throw new TypeError("patch must be a JSON object");
  const bad = Object.entries(patch).filter(([k, v]) => !(CONFIG_KEYS[k]?.(v) || ACTION_KEYS[k]?.(v)));
  if (bad.length) throw new TypeError(`invalid or unknown account settings: ${bad.map(([k]) => k).join(", ")}`);
  for (const [key, value] of Object.entries(patch)) {
    if (key === "revokeTokens") {
      for (const t of value) if (!revokeRefreshToken(account, t)) account.revokedTokens.add(t);
    }
    else if (key === "deactivateApiTokens") for (const t of value) account.activeApiTokens.delete(t);
    else if (key === "recordCount") account.config.recordCount = { ...account.config.recordCount, ...value };
    else if (key === "oauth") account.config.oauth = { ...account.config.oauth, ...value };
    else if (key === "shapes") account.config.shapes = { ...account.config.shapes, ...value };
    else if (key === "rateLimit" || key === "ticketsIndexLimit") {
      account.config[key] = { limit: value.limit, windowMs: value.windowMs };
      account.rate = { account: null, ticketsIndex: null }; // a new limit starts a fresh window
    } else account.config[key] = value;
  }
  return account.config;
}

export function createState(options = {}) {
  const state = {
    accounts: new Map(),
    // Per-subdomain settings for subdomains with no account ("No help desk").
    unknownSubdomains: new Map(),
    settings: { notFoundTextPlain: false },
    log: [],
    captures: [],
    // The fake's clock: OAuth codes and tokens are issued and checked against it.
    // `advanceClock` moves it forward so a test can expire them without sleeping.
    clockOffsetMs: 0,
    now: () => Date.now() + state.clockOffsetMs,
    reset() {
      state.accounts = new Map(Object.values(SEED).map((seed) => [seed.subdomain, buildAccount(seed, options.accounts?.[seed.subdomain])]));
      state.unknownSubdomains = new Map();
      state.settings = { notFoundTextPlain: Boolean(options.notFoundTextPlain) };
      state.log = [];
      state.captures = [];
      state.clockOffsetMs = 0;
    },
  };
  for (const sub of Object.keys(options.accounts ?? {})) {
    if (!SEED[sub]) throw new TypeError(`no seeded account "${sub}" (seeded: ${Object.keys(SEED).join(", ")})`);
  }
  state.reset();
  return state;
}

/** Public view of an account's settings for the control API (no credentials). */
export function describeAccount(account) {
  return { subdomain: account.subdomain, ...account.config, oauth: { ...account.config.oauth }, shapes: { ...account.config.shapes }, queuedFaults: account.faults.map((f) => ({ ...f })) };
}
