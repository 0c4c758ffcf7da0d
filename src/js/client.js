// @ts-check
// What ZendeskClient needs from the runtime: fetch, timers, URL parsing, JSON, random
// bytes, and the result objects it hands back. Every function here that touches a
// caller's value, a response or the network catches what it throws and answers with a
// value instead, so no JavaScript exception ever unwinds through wasm. The decisions
// (where a request may go, retries, what an answer means) are made in Rust.

import { snapshot, faultOf } from "./read.js";
import { makeClientError } from "./error.js";

/** The page's origin in a browser or browser worker (where CORS applies), else undefined. */
export function runtimeOrigin() {
  try {
    const g = /** @type {any} */ (globalThis);
    const browser = typeof g.document === "object" || (typeof g.WorkerGlobalScope === "function" && g instanceof g.WorkerGlobalScope);
    const origin = g.location && g.location.origin;
    return browser && typeof origin === "string" && origin.startsWith("http") ? origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `input` parsed by the runtime's URL parser (against `base` when relative), as
 * "protocol\0host\0pathname\0search\0href", or undefined when it does not parse.
 * @param {string} input @param {string | undefined} base
 */
export function parseUrl(input, base) {
  try {
    const u = new URL(input, base);
    return [u.protocol, u.host, u.pathname, u.search, u.href].join("\0");
  } catch {
    return undefined;
  }
}

/** The failure kinds an exchange can end in, as `status` carries them. */
const NETWORK = -1, TIMEOUT = -2, ABORTED = -3;

/** @param {unknown} e */
const isTimeout = (e) => e instanceof Error && e.name === "TimeoutError";

/**
 * Why a signal fired: TIMEOUT for AbortSignal.timeout() and other TimeoutError reasons,
 * else ABORTED.
 * @param {AbortSignal} signal
 */
function abortKind(signal) {
  try {
    return isTimeout(signal.reason) ? TIMEOUT : ABORTED;
  } catch {
    return ABORTED;
  }
}

/**
 * The headers of a response that the client reads, as "name\0value\0..." (lowercase names).
 * @param {any} response
 */
function pickHeaders(response) {
  /** @type {string[]} */
  const out = [];
  try {
    const headers = response.headers;
    if (!headers || typeof headers.forEach !== "function") return "";
    headers.forEach((/** @type {unknown} */ value, /** @type {unknown} */ name) => {
      if (typeof name !== "string" || typeof value !== "string") return;
      const n = name.toLowerCase();
      if (n.startsWith("x-rate-limit") || n.startsWith("ratelimit-") || n.startsWith("rate-limit") || n.startsWith("zendesk-ratelimit-") ||
          n === "retry-after" || n === "x-zendesk-request-id" || n === "x-request-id" || n === "location" || n === "x-zendesk-auth-code") {
        out.push(n, value.replace(/\0/g, ""));
      }
    });
  } catch {
    // Unreadable headers count as none: every header the client reads is optional.
  }
  return out.join("\0");
}

/**
 * One HTTP exchange. Never rejects: resolves to what was read, or to a failure
 * (`status` NETWORK, TIMEOUT or ABORTED, with the cause).
 * @param {string} method @param {string} url @param {string | undefined} authorization
 * @param {unknown} body @param {string | undefined} contentType
 * @param {AbortSignal | undefined} signal @param {number} timeoutMs
 * @param {string} extra the caller's request headers, "name\0value\0..." (checked by headerList)
 * @param {Hooks | undefined} hooks the client's logging hooks @param {number} attempt 1 for a call's first exchange
 * @returns {Promise<{ status: number, data?: unknown, json?: boolean, headers?: string, cause?: unknown }>}
 */
export function exchange(method, url, authorization, body, contentType, signal, timeoutMs, extra, hooks, attempt) {
  const started = Date.now();
  return new Promise((resolve) => {
    const controller = new AbortController();
    let settled = false;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    /** @type {Record<string, string>} */
    let seen = {};
    /** @param {{ status: number, data?: unknown, json?: boolean, headers?: string, cause?: unknown, extra?: unknown }} result */
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", onAbort);
      const s = result.status;
      if (hooks) call(hooks, "onResponse", { method, url: logUrl(url), attempt, status: s > 0 ? s : 0, durationMs: Date.now() - started, headers: seen, ...(s < 0 && { error: s === TIMEOUT ? "TIMEOUT" : s === ABORTED ? "ABORTED" : "NETWORK" }) });
      resolve(result);
    };
    /** @param {number} kind @param {unknown} cause */
    const stop = (kind, cause) => {
      controller.abort(new DOMException(kind === TIMEOUT ? "timeout" : "aborted", kind === TIMEOUT ? "TimeoutError" : "AbortError"));
      finish({ status: kind, cause });
    };
    const onAbort = () => stop(signal ? abortKind(signal) : ABORTED, signal && signal.reason);
    // The deadline covers the whole exchange, body included, even when a mocked fetch
    // never settles.
    timer = setTimeout(() => stop(TIMEOUT, undefined), timeoutMs);
    if (signal) {
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
    }
    (async () => {
      /** @type {any} */
      let response;
      try {
        const headers = new Headers({ Accept: "application/json" });
        if (contentType !== undefined) headers.set("Content-Type", contentType);
        // The caller's headers after the defaults, so their Content-Type or Accept wins;
        // the core has refused Authorization, Host, Cookie and the like among them.
        const parts = extra ? extra.split("\0") : [];
        for (let i = 0; i + 1 < parts.length; i += 2) headers.set(parts[i], parts[i + 1]);
        if (authorization !== undefined) headers.set("Authorization", authorization);
        if (hooks) call(hooks, "onRequest", { method, url: logUrl(url), attempt, headers: redacted(headers) });
        /** @type {RequestInit} */
        const init = { method, headers, redirect: "manual", signal: controller.signal };
        if (body !== undefined) init.body = /** @type {BodyInit} */ (body);
        response = await globalThis.fetch(url, init);
      } catch (e) {
        return finish({ status: NETWORK, cause: e });
      }
      if (settled) return;
      let status;
      try {
        status = response.status;
        if (typeof status !== "number" || !Number.isInteger(status) || status < 0 || status > 599 || typeof response.text !== "function") throw new TypeError("fetch resolved to something that is not a Response");
      } catch (e) {
        return finish({ status: NETWORK, cause: e });
      }
      const headers = pickHeaders(response);
      if (hooks) seen = redacted(response.headers);
      let text;
      try {
        text = await response.text();
        if (typeof text !== "string") throw new TypeError("the response body is not text");
      } catch (e) {
        return finish({ status: NETWORK, cause: e });
      }
      if (text === "") return finish({ status, data: null, json: true, headers });
      try {
        const data = JSON.parse(text);
        // On a refusal: the package's proxy's own error, else a 422's details.
        finish({ status, data, json: true, headers, extra: status >= 400 ? proxyError(headers, data, status) || detailsOf(data) : undefined });
      } catch {
        finish({ status, data: text, json: false, headers });
      }
    })().catch((e) => finish({ status: NETWORK, cause: e }));
  });
}

/**
 * The wait before a retry: tells onRetry (the attempt that comes next, the status that
 * failed, 0 when there was no answer), then resolves after `ms` with true, or early with
 * false when `signal` fires. Never rejects.
 * @param {number} ms @param {AbortSignal | undefined} signal
 * @param {Hooks | undefined} hooks @param {string} method @param {string} url @param {number} attempt @param {number} status
 */
export function sleep(ms, signal, hooks, method, url, attempt, status) {
  if (hooks) call(hooks, "onRetry", { method, url: logUrl(url), attempt, status, waitMs: Math.round(ms) });
  return new Promise((resolve) => {
    if (signal && signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A request body as fetch sends it. Bytes, files and forms go as they are (fetch sets the
 * multipart boundary, a Blob's own type and the form encoding itself); a string as it is,
 * typed as JSON when it is JSON; anything else as JSON. Answers `{ body, contentType }`,
 * or `{ fault }` saying why it cannot be sent.
 * @param {unknown} body
 */
export function prepareBody(body) {
  const bytes = "application/octet-stream";
  try {
    if (typeof body === "string") {
      let json = true;
      try {
        JSON.parse(body);
      } catch {
        json = false;
      }
      return { body, contentType: json ? "application/json" : "text/plain; charset=utf-8" };
    }
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return { body, contentType: bytes };
    if (typeof Blob === "function" && body instanceof Blob) return { body, contentType: body.type ? undefined : bytes };
    if ((typeof FormData === "function" && body instanceof FormData) || body instanceof URLSearchParams) return { body };
    if (typeof ReadableStream === "function" && body instanceof ReadableStream) return { fault: "body cannot be a stream: pass a Blob or bytes." };
  } catch {
    return { fault: "body could not be read." };
  }
  let json;
  try {
    json = JSON.stringify(body);
  } catch (e) {
    const why = e instanceof Error && typeof e.message === "string" ? e.message.slice(0, 200) : "it cannot be serialized";
    return { fault: `body cannot be sent as JSON: ${why}.` };
  }
  if (typeof json !== "string") return { fault: `body cannot be sent as JSON: ${typeof body === "function" ? "a function" : typeof body === "symbol" ? "a symbol" : "it serializes to nothing"}.` };
  return { body: json, contentType: "application/json" };
}

// Headers the client sets itself, that carry credentials, or that would let a caller
// send them elsewhere or smuggle a second request: refused, not dropped.
const REFUSED = /^(authorization|proxy-authorization|host|cookie|content-length|transfer-encoding|connection)$/i;

/**
 * The headers an options snapshot asks for, as "name\0value\0...", or `{ fault }`:
 * `headers` (a plain object, a Headers or an array of pairs), `userAgent`, `marketplace`
 * ({ name, organizationId, appId }: the headers Zendesk asks of global OAuth clients)
 * and `asUser` (X-On-Behalf-Of, honoured by Zendesk only for an OAuth token with the
 * impersonate scope). A fault names the header, never its value.
 * @param {Record<string, any>} o @param {string} scheme the client's
 * @param {string} base the client's own headers, which these follow (and so override)
 */
export function headerList(o, scheme, base) {
  const out = base ? base.split("\0") : [];
  /** @param {string} name @param {unknown} v @returns {string | undefined} why not */
  const add = (name, v) => {
    if (v == null) return;
    const text = typeof v === "string" ? v : Number.isSafeInteger(v) && /** @type {number} */ (v) > 0 ? String(v) : "\n";
    // A value fetch accepts: one line of Latin-1 (no line break or NUL to inject with).
    if (/^[!#$%&'*+.^_`|~\w-]{1,256}$/.test(name) && !/[^\t\x20-\xff]/.test(text) && text.length <= 8192) return void out.push(name, text);
    return `'${name.replace(/[^\x21-\x7e]/g, "?").slice(0, 40)}' needs a header name and a one-line string value.`;
  };
  if (o.asUser != null && scheme === "api_token") {
    return { fault: "asUser needs an OAuth token with the 'impersonate' scope." };
  }
  const m = snapshot(o.marketplace);
  if (faultOf(m) !== undefined || !(o.marketplace == null || typeof o.marketplace === "object")) return { fault: "marketplace must be a plain object { name, organizationId, appId }." };
  let why = add("User-Agent", o.userAgent) || add("X-Zendesk-Marketplace-Name", m.name) || add("X-Zendesk-Marketplace-Organization-Id", m.organizationId) ||
    add("X-Zendesk-Marketplace-App-Id", m.appId) || add("X-On-Behalf-Of", o.asUser);
  try {
    const value = o.headers;
    /** @type {unknown[]} */
    const entries = value == null ? [] : value instanceof Headers || Array.isArray(value) ? Array.from(value) : typeof value === "object" ? Object.entries(snapshot(value)) : [0];
    for (const entry of entries) {
      const [name, v] = Array.isArray(entry) ? entry : [];
      if (why) break;
      if (typeof name !== "string") why = "headers must map names to values.";
      else if (REFUSED.test(name)) {
        return makeClientError("HEADER_NOT_ALLOWED", `headers: '${name}' is the client's or carries credentials.`, "Pass credentials as client options.", {});
      }
      else why = add(name, v);
    }
  } catch {
    why = "headers could not be read.";
  }
  return why ? { fault: `headers: ${why}` } : out.join("\0");
}

/**
 * @typedef {{ onRequest?: Function, onResponse?: Function, onRetry?: Function, onPage?: Function }} Hooks
 */

/**
 * The logging hooks of an options snapshot (read once, with the rest of it): undefined
 * when none is set, or `{ fault }`.
 * @param {Record<string, any>} o
 */
export function makeHooks(o) {
  const { onRequest, onResponse, onRetry } = o;
  /** @type {Hooks} */
  const hooks = { onRequest, onResponse, onRetry };
  for (const [name, f] of Object.entries(hooks)) if (f != null && typeof f !== "function") return { fault: `${name} must be a function.` };
  return onRequest || onResponse || onRetry ? hooks : undefined;
}

/**
 * Calls a hook with an event of its own, and forgets it: not awaited, so a hook that
 * never settles holds nothing up, and what it throws or rejects with is dropped, so a
 * logger cannot fail a request. The event holds copies only; changing it changes nothing.
 * @param {Hooks} hooks @param {keyof Hooks} name @param {object} event
 */
function call(hooks, name, event) {
  try {
    const r = hooks[name] && /** @type {Function} */ (hooks[name])(event);
    if (r && typeof r.then === "function") r.then(undefined, () => {});
  } catch {
    // A logger's failure is not the request's.
  }
}

/**
 * A copy of headers for a hook: lowercase names; Authorization keeps its scheme only
 * ("Bearer [redacted]"), cookies and other credential carriers are replaced whole.
 * @param {any} headers
 */
function redacted(headers) {
  /** @type {Record<string, string>} */
  const out = {};
  try {
    headers.forEach((/** @type {unknown} */ value, /** @type {unknown} */ name) => {
      const n = String(name).toLowerCase();
      const v = String(value);
      out[n] = /authorization$/.test(n) ? v.split(" ")[0] + " [redacted]" : /^(set-)?cookie2?$|^x-api-key$/.test(n) ? "[redacted]" : v;
    });
  } catch {
    // Unreadable headers show as none.
  }
  return out;
}

/**
 * A URL for a hook, with the values of query parameters that carry secrets when someone
 * puts one in a URL replaced.
 * @param {string} url
 */
const logUrl = (url) => url.replace(/([?&](access_token|refresh_token|client_secret|code|code_verifier|password|token)=)[^&#]*/gi, "$1[redacted]");

/**
 * Query parameters as "key\0value\0..." from the caller's `query` object, or
 * `{ fault }`. Values: strings, finite numbers, booleans, bigints, or arrays of those
 * (joined with commas, as Zendesk reads lists); null and undefined are left out.
 * @param {unknown} query
 */
export function queryPairs(query) {
  const snap = /** @type {Record<string | symbol, unknown>} */ (snapshot(query));
  if (!(query == null || typeof query === "object") || Object.getOwnPropertySymbols(snap).length) return { fault: "query must be a plain object of parameters." };
  /** @param {unknown} v */
  const scalar = (v) => (typeof v === "string" ? v : (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean" || typeof v === "bigint" ? String(v) : undefined);
  /** @type {string[]} */
  const out = [];
  for (const key of Object.keys(snap)) {
    const v = snap[key];
    if (v === undefined || v === null) continue;
    let text = scalar(v);
    if (text === undefined && Array.isArray(v)) {
      try {
        const parts = Array.from(v, scalar);
        if (!parts.includes(undefined)) text = parts.join(",");
      } catch {
        text = undefined;
      }
    }
    if (text === undefined) return { fault: `query parameter '${excerpt(key)}' must be a string, number, boolean or an array of those.` };
    out.push(key, text);
  }
  return out.join("\0");
}

/** @param {string} s */
function excerpt(s) {
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029]/g, "?");
  return clean.length > 40 ? clean.slice(0, 40) + "..." : clean;
}

/**
 * The text fields of a Zendesk error body, "\0"-joined: error, title, message,
 * description, plain text. Zendesk uses several shapes (see outcome.rs).
 * @param {unknown} body
 */
export function errorFields(body) {
  /** @param {unknown} v */
  const s = (v) => (typeof v === "string" ? v : "");
  if (typeof body === "string") return ["", "", "", "", body.slice(0, 2000), ""].join("\0");
  if (!body || typeof body !== "object") return "\0\0\0\0\0";
  const b = /** @type {Record<string, any>} */ (body);
  const e = b.error;
  const o = e && typeof e === "object" ? e : {};
  // JSON:API style, e.g. InvalidPaginationDepth: {"errors":[{"code","title","detail"}]}
  const f = Array.isArray(b.errors) && b.errors[0] && typeof b.errors[0] === "object" ? b.errors[0] : {};
  return [s(e) || s(f.code), s(o.title) || s(f.title), s(o.message), s(b.error_description) || s(b.description) || s(o.description) || s(f.detail), "", detailsSummary(b.details)].join("\0").slice(0, 8000);
}

/**
 * A 422's field-level `details` in one line: each reason's description (Zendesk's
 * descriptions name their field, "Email: x is not properly formatted"), else its error.
 * @param {unknown} details
 */
function detailsSummary(details) {
  try {
    const reasons = Object.values(/** @type {object} */ (details)).flat().map((e) => (e && (e.description || e.error)) || e);
    return reasons.filter((r) => typeof r === "string").join("; ").slice(0, 1000);
  } catch {
    return "";
  }
}

/**
 * A 422's `details` object, for `err.details`; undefined for anything else.
 * @param {unknown} body
 */
function detailsOf(body) {
  const d = body && typeof body === "object" ? /** @type {Record<string, unknown>} */ (body).details : undefined;
  return d && typeof d === "object" ? d : undefined;
}

/**
 * The package's proxy (zendesk-auth/edge) answering for itself: `{ code, message, hint }`
 * with the same code in X-Zendesk-Auth-Code. Its own error, code kept (PATH_NOT_ALLOWED,
 * REAUTH_REQUIRED...), so it is not mistaken for Zendesk's 404 or 401; else undefined.
 * The code must look like one, so a stray header or a Zendesk body cannot pass for it.
 * @param {string} headers as pickHeaders gives them @param {unknown} data @param {number} status
 */
function proxyError(headers, data, status) {
  const parts = headers.split("\0");
  const i = parts.indexOf("x-zendesk-auth-code");
  const b = data && typeof data === "object" ? /** @type {Record<string, unknown>} */ (data) : {};
  if (i < 0 || i % 2 || parts[i + 1].trim() !== b.code || !/^[A-Z][A-Z0-9_]{0,39}$/.test(b.code)) return undefined;
  /** @param {unknown} v @param {string} d */
  const text = (v, d) => (typeof v === "string" && v.trim() ? v.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").slice(0, 500) : d);
  return makeClientError(b.code, text(b.message, b.code), text(b.hint, ""), { status });
}

/**
 * The link to the next page, "" at the end of the list:
 * - cursor lists: links.next while meta.has_more (the stop signal, whatever links.next says);
 * - offset lists: next_page until null;
 * - incremental exports: after_url (cursor) or next_page (time-based) until
 *   end_of_stream, whose page still carries a link that must not be followed (a
 *   time-based one has been seen to answer a page linking to itself).
 * @param {unknown} data
 */
export function pageNav(data) {
  const d = data && typeof data === "object" ? /** @type {Record<string, any>} */ (data) : {};
  const meta = d.meta && typeof d.meta === "object" ? d.meta : {};
  const links = d.links && typeof d.links === "object" ? d.links : {};
  const link = d.end_of_stream === true ? "" : typeof meta.has_more === "boolean" ? meta.has_more && links.next : d.after_url || d.next_page;
  return typeof link === "string" ? link.replace(/\0/g, "") : "";
}

/** @param {unknown} data */
export function userOf(data) {
  const u = data && typeof data === "object" ? /** @type {Record<string, any>} */ (data).user : undefined;
  if (!u || typeof u !== "object") return undefined;
  return { id: u.id ?? null, name: u.name ?? null, email: u.email ?? null, role: u.role ?? null };
}

/**
 * @param {number | undefined} limit @param {number | undefined} remaining @param {number | undefined} resetSeconds
 * @param {string} buckets "name\0total\0remaining\0resets\0..." with "" for unknown numbers
 */
export function makeRateLimit(limit, remaining, resetSeconds, buckets) {
  /** @type {{ limit?: number, remaining?: number, resetSeconds?: number, buckets: Record<string, { total?: number, remaining?: number, resets?: number }> }} */
  const r = { buckets: {} };
  if (limit !== undefined) r.limit = limit;
  if (remaining !== undefined) r.remaining = remaining;
  if (resetSeconds !== undefined) r.resetSeconds = resetSeconds;
  const parts = buckets === "" ? [] : buckets.split("\0");
  for (let i = 0; i + 3 < parts.length; i += 4) {
    /** @type {{ total?: number, remaining?: number, resets?: number }} */
    const x = {};
    if (parts[i + 1] !== "") x.total = Number(parts[i + 1]);
    if (parts[i + 2] !== "") x.remaining = Number(parts[i + 2]);
    if (parts[i + 3] !== "") x.resets = Number(parts[i + 3]);
    r.buckets[parts[i]] = x;
  }
  return r;
}

/** @param {number} status @param {unknown} data @param {unknown} rateLimit @param {string | undefined} requestId */
export function makeResponse(status, data, rateLimit, requestId) {
  /** @type {{ status: number, data: unknown, rateLimit: unknown, requestId?: string }} */
  const r = { status, data, rateLimit };
  if (requestId !== undefined) r.requestId = requestId;
  return r;
}

/** @param {unknown} user @param {string} authScheme @param {unknown} rateLimit */
export function makeVerified(user, authScheme, rateLimit) {
  return { user, authScheme, rateLimit };
}

/** @param {unknown} value @param {boolean} done */
export function iterResult(value, done) {
  return { value, done };
}

/**
 * The pages iterator as callers use it: `for await` over pages, `.items(key?)` over
 * records, one page held at a time; `maxPages` / `maxItems` stop it early and `onPage`
 * hears of each page ({ page, items, total? }), from the options snapshot. `{ fault }`
 * for a bad one.
 * @param {any} pages the wasm iterator @param {string} path the list's path (names its records)
 * @param {Record<string, any>} o
 */
export function pagesIterator(pages, path, o) {
  const { onPage } = o;
  const [maxPages, maxItems] = [o.maxPages, o.maxItems].map((n) => (n == null ? Infinity : Number.isSafeInteger(n) && n > 0 ? n : NaN));
  if (maxPages !== maxPages || maxItems !== maxItems || (onPage != null && typeof onPage !== "function")) return { fault: "maxPages and maxItems must be whole numbers from 1, onPage a function." };
  const next = pages.next;
  let page = 0, seen = 0;
  pages.next = async () => {
    if (page >= maxPages || seen >= maxItems) return pages.return();
    const r = await next.call(pages);
    if (!r.done) {
      const d = r.value.data;
      const list = recordsOf(d, undefined, path);
      seen += list ? list.length : 0;
      // An offset list's count is the list's total; an export's count is its page's.
      const total = d && typeof d.count === "number" && !("end_of_stream" in d) ? { total: d.count } : {};
      call({ onPage }, "onPage", { page: ++page, items: seen, ...total });
    }
    return r;
  };
  pages[Symbol.asyncIterator] = () => pages;
  /** @param {string} [key] */
  pages.items = async function* (key) {
    let given = 0;
    for await (const response of pages) {
      const list = typeof key === "string" || key === undefined ? recordsOf(response.data, key, path) : undefined;
      if (!list) throw makeClientError("INVALID_OPTION", "The page has no list of records there.", "Pass the records' key, e.g. items(\"tickets\").", {});
      for (const record of list) {
        if (given++ >= maxItems) return;
        yield record;
      }
    }
  };
  return pages;
}

/**
 * The records of a page: under `key`, else under the list's name from the path
 * ("tickets" for /api/v2/incremental/tickets/cursor.json), else the page's only array.
 * @param {unknown} data @param {string | undefined} key @param {string} path
 */
function recordsOf(data, key, path) {
  if (!data || typeof data !== "object") return undefined;
  const d = /** @type {Record<string, unknown>} */ (data);
  if (key !== undefined) return Array.isArray(d[key]) ? d[key] : undefined;
  // The list the path names (side-loads such as ?include=users add others), else the only one.
  const name = path.split(/[/.?]/).reverse().find((n) => Array.isArray(d[n]));
  const arrays = Object.values(d).filter(Array.isArray);
  return name ? /** @type {unknown[]} */ (d[name]) : arrays.length === 1 ? arrays[0] : undefined;
}

/** @param {number} n */
export function randomBytes(n) {
  return crypto.getRandomValues(new Uint8Array(n));
}

/**
 * The token endpoint's answer: access_token, refresh_token, scope, token_type as strings
 * ("\0"-joined, "" when absent) and the two lifetimes.
 * @param {unknown} body
 */
export function tokenFields(body) {
  const o = body && typeof body === "object" ? /** @type {Record<string, unknown>} */ (body) : {};
  /** @param {unknown} v */
  const s = (v) => (typeof v === "string" ? v.replace(/\0/g, "") : "");
  return [s(o.access_token), s(o.refresh_token), s(o.scope), s(o.token_type)].join("\0");
}

/**
 * A lifetime from the token endpoint in seconds (a number or a numeric string), or undefined.
 * @param {unknown} body @param {string} name
 */
export function lifetimeOf(body, name) {
  const v = body && typeof body === "object" ? /** @type {Record<string, unknown>} */ (body)[name] : undefined;
  const n = typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * @param {string} accessToken @param {string | undefined} refreshToken @param {string} scope @param {string} tokenType
 * @param {number | undefined} accessTokenExpiresAt @param {number | undefined} refreshTokenExpiresAt
 */
export function makeTokenSet(accessToken, refreshToken, scope, tokenType, accessTokenExpiresAt, refreshTokenExpiresAt) {
  /** @type {{ accessToken: string, scope: string, tokenType: string, refreshToken?: string, accessTokenExpiresAt?: number, refreshTokenExpiresAt?: number }} */
  const t = { accessToken, scope, tokenType };
  if (refreshToken !== undefined) t.refreshToken = refreshToken;
  if (accessTokenExpiresAt !== undefined) t.accessTokenExpiresAt = accessTokenExpiresAt;
  if (refreshTokenExpiresAt !== undefined) t.refreshTokenExpiresAt = refreshTokenExpiresAt;
  return t;
}

/** @param {string} url @param {string} state @param {string} codeVerifier */
export function makeAuthorization(url, state, codeVerifier) {
  return { url, state, codeVerifier };
}

/**
 * Calls the caller's onTokens and waits for it, at most `timeoutMs`. Resolves to
 * undefined when it succeeded, `{ cause }` when it threw or rejected, the coded
 * ON_TOKENS_TIMEOUT error when it did not settle in time. Never rejects.
 * @param {Function} callback @param {unknown} tokens @param {number} timeoutMs
 */
export function callOnTokens(callback, tokens, timeoutMs) {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve(makeClientError("ON_TOKENS_TIMEOUT", "onTokens did not settle in time; the new tokens are in use but may not be stored.", "Make onTokens faster, or raise onTokensTimeoutMs.", {})),
      timeoutMs,
    );
    /** @param {unknown} v */
    const done = (v) => {
      clearTimeout(timer);
      resolve(v);
    };
    try {
      Promise.resolve(callback(tokens)).then(() => done(undefined), (cause) => done({ cause }));
    } catch (cause) {
      done({ cause });
    }
  });
}

/**
 * Scopes from a string ("read write") or an array of strings, "\0"-joined; `{ fault }`
 * for anything else.
 * @param {unknown} scopes
 */
export function scopeList(scopes) {
  if (scopes === undefined || scopes === null) return "";
  if (typeof scopes === "string") return scopes.replace(/\0/g, " ");
  try {
    if (Array.isArray(scopes)) {
      const list = Array.from(scopes, (s) => (typeof s === "string" ? s.replace(/\0/g, " ") : "?"));
      return list.join("\0");
    }
  } catch {
    // fall through: an array that cannot be read
  }
  return { fault: "scopes must be a string or an array of strings." };
}

/**
 * Whether a value is an AbortSignal (false for anything else, never throws).
 * @param {unknown} value
 */
export function isAbortSignal(value) {
  try {
    return value instanceof AbortSignal;
  } catch {
    return false;
  }
}

/**
 * The details of a client error (see ZendeskAuthError); undefined ones are left out.
 * @param {number | undefined} status @param {string | undefined} requestId @param {string | undefined} zendeskError
 * @param {number | undefined} retryAfterMs @param {unknown} rateLimit @param {unknown} cause @param {unknown} details
 */
export function errorDetails(status, requestId, zendeskError, retryAfterMs, rateLimit, cause, details) {
  return { status, requestId, zendeskError, retryAfterMs, rateLimit, cause, details };
}
