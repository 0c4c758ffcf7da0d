// One request to Zendesk with the credentials attached, and what may come back from it.
import { errors, toWire } from "./errors.mjs";

const UPSTREAM_TIMEOUT_MS = 25_000;
/** Response headers passed back to the app (plus the prefixes below); Set-Cookie, WWW-Authenticate and the rest stay behind. */
const PASSED_HEADERS = new Set(["content-type", "retry-after", "x-zendesk-request-id", "x-request-id", "location"]);
const PASSED_PREFIXES = ["x-rate-limit", "ratelimit-", "zendesk-ratelimit-", "rate-limit"];

/**
 * Sends `req` ({ method, path, search, accept, contentType, body }) to `base` with
 * `authorization`. Resolves to plain data that can cross a Durable Object boundary:
 * { status, headers: [[name, value]], body: ArrayBuffer | null } or { error }.
 */
export async function forward(base, req, authorization) {
  const headers = new Headers({ authorization, "user-agent": "zendesk-auth-edge" });
  if (req.accept) headers.set("accept", req.accept);
  if (req.contentType) headers.set("content-type", req.contentType);
  let res;
  try {
    res = await fetch(base + req.path + (req.search ?? ""), {
      method: req.method,
      headers,
      body: req.body ?? undefined,
      // Never follow a redirect with the credentials attached.
      redirect: "manual",
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
  } catch (e) {
    return toWire(e?.name === "TimeoutError" ? errors.upstreamTimeout(UPSTREAM_TIMEOUT_MS / 1000) : errors.upstreamUnreachable());
  }
  if (res.status >= 300 && res.status < 400 && res.status !== 304) {
    await res.body?.cancel();
    return toWire(errors.upstreamRedirect(res.status));
  }
  const out = [];
  res.headers.forEach((value, name) => {
    if (PASSED_HEADERS.has(name) || PASSED_PREFIXES.some((p) => name.startsWith(p))) out.push([name, value]);
  });
  let body = null;
  if (res.status === 204 || res.status === 205 || req.method === "HEAD") await res.body?.cancel();
  else body = await res.arrayBuffer();
  return { status: res.status, headers: out, body };
}

/** GET a JSON document from Zendesk with a bearer token; undefined on any failure. */
export async function getJson(base, path, accessToken) {
  const r = await forward(base, { method: "GET", path, accept: "application/json" }, `Bearer ${accessToken}`);
  if (r.error || r.status !== 200) return { status: r.status ?? 0 };
  try {
    return { status: 200, data: JSON.parse(new TextDecoder().decode(r.body)) };
  } catch {
    return { status: 0 };
  }
}
