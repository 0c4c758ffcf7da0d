// Shapes of Zendesk's answers that differ by era or by endpoint, as public
// recordings of real Zendesk traffic show them (README.md, "Recorded shapes",
// names the recording or thread behind each one).
//
// Each account has a `shapes` setting; its defaults are what recordings show
// Zendesk sending today. A test picks another era or variant with
// configureAccount(sub, { shapes: { ... } }), over the control API too.

import { randomBytes, randomUUID } from "node:crypto";

export const SHAPE_DEFAULTS = Object.freeze({
  // "doubled": X-Request-Id sent twice, as recordings since about 2019 show
  //            (fetch's Headers reads it as "abc, abc").
  // "single":  X-Request-Id once.
  // "legacy":  the 2016 recordings: X-Zendesk-Request-Id plus an unrelated X-Request-Id.
  requestId: "doubled",
  // Where pagination links spell out the default port:
  // "endpoint": only where recordings show it (webhook invocations);
  // "explicit": on every list; "implicit": nowhere.
  linkPort: "endpoint",
  // How a cursor chain ends:
  // "next-link":  the last page keeps links.next, meta.has_more is false;
  // "no-next":    the last page has no links.next key at all;
  // "empty-page": the last full page says has_more: true and its link leads to an empty page.
  cursorEnd: "next-link",
  // Records repeated at the start of the next cursor page (0 = none).
  cursorOverlap: 0,
  // "support": next_page, previous_page, count;
  // "extended": also page, per_page, page_count and facets: null (search and Help Center style).
  offsetFields: "support",
  // "current": X-Rate-Limit(-Remaining) + ratelimit-limit/-remaining/-reset;
  // "legacy":  the same plus the hyphenated rate-limit, rate-limit-remaining, rate-limit-reset;
  // "none":    no rate-limit headers at all (429s included).
  rateLimitHeaders: "current",
  // Body of the account's own 429: "json" (APIRateLimitExceeded) or "text" (text/plain "Rate limit exceeded").
  rateLimitedBody: "json",
  // WWW-Authenticate: Bearer realm="..." on a Bearer 401.
  bearerChallenge: true,
});

const CHOICES = {
  requestId: ["doubled", "single", "legacy"],
  linkPort: ["endpoint", "explicit", "implicit"],
  cursorEnd: ["next-link", "no-next", "empty-page"],
  offsetFields: ["support", "extended"],
  rateLimitHeaders: ["current", "legacy", "none"],
  rateLimitedBody: ["json", "text"],
};

/** Whether `patch` is a valid partial `shapes` setting; unknown keys and values are refused. */
export function isShapesPatch(patch) {
  if (!patch || typeof patch !== "object" || Array.isArray(patch)) return false;
  return Object.entries(patch).every(([key, value]) => {
    if (CHOICES[key]) return CHOICES[key].includes(value);
    if (key === "cursorOverlap") return Number.isInteger(value) && value >= 0 && value <= 99;
    if (key === "bearerChallenge") return typeof value === "boolean";
    return false;
  });
}

// Recorded as `6aec353dcb8351d7-SEA`: 16 hex digits and a data-centre suffix.
function currentRequestId() {
  return `${randomBytes(8).toString("hex")}-SEA`;
}

/**
 * Set the request-id headers of one answer. Returns the id a user would quote
 * (the one the log records): X-Request-Id today, X-Zendesk-Request-Id in the legacy era.
 */
export function setRequestIdHeaders(res, mode = SHAPE_DEFAULTS.requestId) {
  res.removeHeader("X-Request-Id");
  res.removeHeader("X-Zendesk-Request-Id");
  if (mode === "legacy") {
    // The 2016 recordings: 20 hex digits, and a UUID X-Request-Id that is a different value.
    const id = randomBytes(10).toString("hex");
    res.setHeader("X-Zendesk-Request-Id", id);
    res.setHeader("X-Request-Id", randomUUID());
    return id;
  }
  const id = currentRequestId();
  // An array makes Node send the header line twice, as the recordings show.
  res.setHeader("X-Request-Id", mode === "doubled" ? [id, id] : id);
  return id;
}

/**
 * Origin for the absolute URLs of one answer. The client's own scheme comes from
 * X-Forwarded-Proto (what a TLS-terminating proxy in front of the fake would
 * send), else http. With `explicitPort`, a Host without a port gets the scheme's
 * default one written out (`https://acme.zendesk.com:443`); a Host with a port
 * (127.0.0.1:N, acme.localhost:N) already names it.
 */
export function linkOrigin(req, fallbackHost, explicitPort) {
  const proto = String(req.headers["x-forwarded-proto"] ?? "").split(",")[0].trim().toLowerCase();
  const scheme = proto === "https" ? "https" : "http";
  const host = req.headers.host ?? fallbackHost;
  const hasPort = /:\d+$/.test(host);
  if (!explicitPort || hasPort) return `${scheme}://${host}`;
  return `${scheme}://${host}:${scheme === "https" ? 443 : 80}`;
}

/** Whether links of this route spell out the port, under the account's `linkPort`. */
export function wantsExplicitPort(shapes, route) {
  if (shapes.linkPort === "explicit") return true;
  if (shapes.linkPort === "implicit") return false;
  return route?.linkPort === "explicit";
}

/** The rate-limit header family of the account's era, from one counted window. */
export function rateLimitHeaders(shapes, { limit, remaining, resetSec }) {
  if (shapes.rateLimitHeaders === "none") return {};
  const headers = {
    "X-Rate-Limit": String(limit),
    "X-Rate-Limit-Remaining": String(remaining),
    "ratelimit-limit": String(limit),
    "ratelimit-remaining": String(remaining),
    "ratelimit-reset": String(resetSec),
  };
  if (shapes.rateLimitHeaders === "legacy") {
    headers["rate-limit"] = String(limit);
    headers["rate-limit-remaining"] = String(remaining);
    headers["rate-limit-reset"] = String(resetSec);
  }
  return headers;
}

export const RATE_LIMITED_TEXT = "Rate limit exceeded";
export const TEXT_TYPE = "text/plain; charset=utf-8";
