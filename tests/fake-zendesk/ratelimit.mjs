// Per-account rate limits, fixed window.
//
// A fixed window (starting at the first request) makes `ratelimit-reset` and
// `Retry-After` exact and predictable, which is what retry tests need. Zendesk's
// own windows are per minute; tests shrink them (e.g. 5 requests per 2 s).
// Which header family carries the counts is the account's era (shapes.mjs).

import { rateLimitHeaders } from "./shapes.mjs";

/** Count one request against a window bucket. Rejected requests are not counted. */
function takeFrom(bucketHolder, key, { limit, windowMs }, now) {
  let bucket = bucketHolder[key];
  if (!bucket || now >= bucket.start + windowMs) bucket = bucketHolder[key] = { start: now, count: 0 };
  const allowed = bucket.count < limit;
  if (allowed) bucket.count++;
  // Whole seconds, at least 1: a client told "0" would retry at once and fail again.
  const resetSec = Math.max(1, Math.ceil((bucket.start + windowMs - now) / 1000));
  return { allowed, limit, remaining: Math.max(0, limit - bucket.count), resetSec };
}

/**
 * Take one request from the account's bucket, and from the tickets-index bucket
 * when `ticketsIndex` is set. Returns the headers to send and, if over a limit,
 * the Retry-After seconds (null when this account sends no Retry-After).
 */
export function takeRequest(account, { ticketsIndex = false, now = Date.now() } = {}) {
  const overall = takeFrom(account.rate, "account", account.config.rateLimit, now);
  const headers = rateLimitHeaders(account.config.shapes, overall);
  let limited = overall.allowed ? null : overall;
  if (ticketsIndex && overall.allowed) {
    const index = takeFrom(account.rate, "ticketsIndex", account.config.ticketsIndexLimit, now);
    if (account.config.shapes.rateLimitHeaders !== "none") headers["zendesk-ratelimit-tickets-index"] = `total=${index.limit}; remaining=${index.remaining}; resets=${index.resetSec}`;
    if (!index.allowed) limited = index;
  }
  const retryAfter = limited && account.config.retryAfterMode === "seconds" ? limited.resetSec : null;
  return { headers, limited: Boolean(limited), retryAfter };
}
