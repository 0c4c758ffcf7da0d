// ZendeskRateBudget: one rate budget per Zendesk account, shared by the whole fleet.
//
// Zendesk counts requests per account (and per endpoint for a few endpoints) in windows
// of a minute and says where it stands in every answer. This object learns the limits
// from those headers, admits requests while the budget has room, and refuses the excess
// itself, so Zendesk never has to answer 429. Admitted requests still on their way count
// against the budget until their answer reports back. After a 429 from Zendesk nothing is
// admitted until its Retry-After has passed.
import { DurableObject } from "cloudflare:workers";

const DEFAULT_WINDOW_MS = 60_000;
/** An admission never reported back (a crashed caller) stops counting after this. */
const TICKET_TTL_MS = 60_000;
/** Answers whose window ends this close together describe the same window. */
const SAME_WINDOW_MS = 1_500;
/** While no limit is known, one request at a time finds it out. */
const PROBE_WAIT_SEC = 1;

const num = (v) => (v === null || v === undefined || v === "" || !Number.isFinite(Number(v)) ? undefined : Number(v));

/** Every limit an answer reports: { name: { limit, remaining, resetSec } }. */
export function readLimits(headers) {
  const get = (n) => headers.get(n);
  const out = {};
  const limit = num(get("x-rate-limit")) ?? num(get("ratelimit-limit")) ?? num(get("rate-limit"));
  const remaining = num(get("x-rate-limit-remaining")) ?? num(get("ratelimit-remaining")) ?? num(get("rate-limit-remaining"));
  const reset = num(get("ratelimit-reset")) ?? num(get("rate-limit-reset"));
  if (limit !== undefined && limit > 0) out.account = { limit, remaining, resetSec: reset };
  headers.forEach((value, name) => {
    if (!name.startsWith("zendesk-ratelimit-")) return;
    // "total=100; remaining=99; resets=41"
    const f = Object.fromEntries(value.split(";").map((kv) => kv.trim().split("=")).filter((p) => p.length === 2));
    const total = num(f.total);
    if (total !== undefined && total > 0) out[name.slice("zendesk-ratelimit-".length)] = { limit: total, remaining: num(f.remaining), resetSec: num(f.resets) };
  });
  return out;
}

export class ZendeskRateBudget extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.buckets = new Map(); // name -> { limit, remaining, resetAt, windowMs }
    this.routeBuckets = new Map(); // route key -> endpoint bucket names seen on its answers
    this.tickets = new Map(); // id -> { names, at }
    this.blockedUntil = 0;
    this.probe = null; // { id, at } while the limit is being learned
    this.nextId = 1;
  }

  inflight(name, now) {
    let n = 0;
    for (const [id, t] of this.tickets) {
      if (now - t.at > TICKET_TTL_MS) this.tickets.delete(id);
      else if (t.names.includes(name)) n++;
    }
    return n;
  }

  /** { ok: true, ticket } or { ok: false, retryAfterSec, code, message }. */
  admit(routeKey) {
    const now = Date.now();
    if (now < this.blockedUntil) {
      return { ok: false, retryAfterSec: Math.ceil((this.blockedUntil - now) / 1000), code: "ZENDESK_RATE_LIMITED", message: "Zendesk answered 429 for this account; nothing is sent until its Retry-After has passed." };
    }
    if (!this.buckets.has("account")) {
      if (this.probe && now - this.probe.at < TICKET_TTL_MS) {
        return { ok: false, retryAfterSec: PROBE_WAIT_SEC, code: "RATE_BUDGET_EXCEEDED", message: "The account's rate limit is being learned; one request at a time until then." };
      }
      const id = this.nextId++;
      this.probe = { id, at: now };
      this.tickets.set(id, { names: [], route: routeKey, at: now });
      return { ok: true, ticket: id };
    }
    // A route never answered yet may have its own endpoint bucket (tickets index: 100 a
    // minute): one request on it at a time until the first answer says.
    if (!this.routeBuckets.has(routeKey)) {
      const probing = [...this.tickets.values()].some((t) => t.route === routeKey && now - t.at < TICKET_TTL_MS);
      if (probing) {
        return { ok: false, retryAfterSec: PROBE_WAIT_SEC, code: "RATE_BUDGET_EXCEEDED", message: "This call's rate limit is being learned; one request at a time until then." };
      }
    }
    const names = ["account", ...(this.routeBuckets.get(routeKey) ?? [])];
    for (const name of names) {
      const b = this.buckets.get(name);
      if (!b) continue;
      if (now >= b.resetAt) {
        // A new window on Zendesk's side too: its end is provisional until an answer reports it.
        b.remaining = b.limit;
        b.resetAt = now + b.windowMs;
      }
      if (b.remaining - this.inflight(name, now) <= 0) {
        return { ok: false, retryAfterSec: Math.max(1, Math.ceil((b.resetAt - now) / 1000)), code: "RATE_BUDGET_EXCEEDED",
          message: `The account's Zendesk rate budget (${b.limit} a window${name === "account" ? "" : ` for ${name}`}) is used up; the proxy refused this call before it reached Zendesk.` };
      }
    }
    const id = this.nextId++;
    this.tickets.set(id, { names, route: this.routeBuckets.has(routeKey) ? undefined : routeKey, at: now });
    return { ok: true, ticket: id };
  }

  /** The answer to an admitted request: its status and headers ([[name, value]]). */
  report(routeKey, ticket, status, headerList) {
    const now = Date.now();
    this.tickets.delete(ticket);
    if (this.probe?.id === ticket) this.probe = null;
    const headers = new Headers(headerList ?? []);
    const limits = readLimits(headers);
    // An answer with Zendesk's rate headers tells which buckets this route draws from.
    if (limits.account) this.routeBuckets.set(routeKey, Object.keys(limits).filter((n) => n !== "account"));
    for (const [name, l] of Object.entries(limits)) {
      let b = this.buckets.get(name);
      const resetAt = l.resetSec !== undefined ? now + Math.ceil(l.resetSec) * 1000 : undefined;
      if (!b) {
        b = { limit: l.limit, remaining: l.remaining ?? l.limit, resetAt: resetAt ?? now + DEFAULT_WINDOW_MS, windowMs: DEFAULT_WINDOW_MS };
        if (l.resetSec !== undefined && l.remaining === l.limit - 1) b.windowMs = Math.max(1000, Math.ceil(l.resetSec) * 1000);
        this.buckets.set(name, b);
        continue;
      }
      b.limit = l.limit;
      if (l.remaining === undefined) continue;
      if (resetAt === undefined || Math.abs(resetAt - b.resetAt) <= SAME_WINDOW_MS) {
        b.remaining = Math.min(b.remaining, l.remaining);
        if (resetAt !== undefined) b.resetAt = Math.max(b.resetAt, resetAt);
      } else if (resetAt > b.resetAt) {
        // Zendesk is in a later window than we thought.
        b.remaining = l.remaining;
        b.resetAt = resetAt;
      }
      // An answer from an earlier window arriving late says nothing about this one.
      if (l.remaining === l.limit - 1 && l.resetSec !== undefined) b.windowMs = Math.max(1000, Math.ceil(l.resetSec) * 1000);
    }
    if (status === 429) {
      const retryAfter = num(headers.get("retry-after")) ?? limits.account?.resetSec ?? 60;
      this.blockedUntil = Math.max(this.blockedUntil, now + Math.max(1, retryAfter) * 1000);
    }
  }
}
