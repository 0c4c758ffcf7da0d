// Outgoing webhooks, signed the way Zendesk signs them (developer.zendesk.com, "Verifying
// webhook authenticity"): X-Zendesk-Webhook-Signature = base64(HMAC-SHA256(secret,
// timestamp + raw body)), X-Zendesk-Webhook-Signature-Timestamp = ISO 8601 to the second.
// Signed with Node's own crypto, so that tests of a verifier check it against an
// implementation it shares no code with.
import { createHmac, randomUUID } from "node:crypto";

/** The fixed secret Zendesk's webhook builder signs test sends with. */
export const WEBHOOK_TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
const ORDERS = new Set(["timestamp+body", "body+timestamp"]);
const METHODS = new Set(["POST", "PUT", "PATCH", "GET", "DELETE"]);
const SEND_KEYS = new Set(["url", "secret", "testSecret", "body", "method", "timestamp", "ageSeconds", "order", "headers"]);

/** Zendesk's timestamp format: ISO 8601 in UTC, whole seconds (2021-03-25T05:09:27Z). */
export function webhookTimestamp(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The signature Zendesk would send; `order` "body+timestamp" is the wrong order, for tests. */
export function signWebhook({ secret, timestamp, body = "", order = "timestamp+body" }) {
  if (!ORDERS.has(order)) throw new TypeError(`order must be "timestamp+body" or "body+timestamp"`);
  const bytes = Buffer.from(body);
  const ts = Buffer.from(timestamp, "utf8");
  const message = order === "timestamp+body" ? Buffer.concat([ts, bytes]) : Buffer.concat([bytes, ts]);
  return createHmac("sha256", secret).update(message).digest("base64");
}

/** A body shaped like Zendesk's event-subscribed webhooks (zen:event-type:ticket.created). */
export function sampleTicketEvent({ accountId = 10001, ticketId = 1, time, subject = "Printer on fire" } = {}) {
  // Top-level keys in the order of Zendesk's "Webhook event types" example.
  return {
    type: "zen:event-type:ticket.created",
    account_id: accountId,
    id: randomUUID(),
    time,
    zendesk_event_version: "2022-11-06",
    subject: `zen:ticket:${ticketId}`,
    detail: { id: String(ticketId), subject, status: "NEW", priority: "HIGH", requester_id: "1001" },
    event: {},
  };
}

function isLoopbackUrl(url) {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host.endsWith(".localhost");
}

/**
 * Sends one signed webhook and answers what was sent and how the receiver answered.
 *   url          where to (loopback only, like the fake itself)
 *   secret       the signing secret; or testSecret: true for the builder's test secret
 *   body         string or bytes sent as is; default a ticket.created event as compact JSON;
 *                GET and DELETE send none
 *   timestamp    the header as sent (and signed), e.g. "1616649000" to test a wrong format
 *   ageSeconds   signs a timestamp this far in the past (negative: the future)
 *   order        "body+timestamp" signs in the wrong order
 *   headers      extra request headers; a header set to null is left out (e.g. the signature)
 */
export async function sendWebhook(options, nowMs = Date.now()) {
  const o = options ?? {};
  for (const key of Object.keys(o)) if (!SEND_KEYS.has(key)) throw new TypeError(`unknown webhook option "${key}"`);
  let url;
  try {
    url = new URL(o.url);
  } catch {
    throw new TypeError("url must be an absolute http(s) URL");
  }
  if (!/^https?:$/.test(url.protocol) || !isLoopbackUrl(url)) throw new TypeError("webhooks go to loopback http(s) URLs only");
  if (o.testSecret === true && o.secret !== undefined) throw new TypeError("give secret or testSecret, not both");
  const secret = o.testSecret === true ? WEBHOOK_TEST_SECRET : o.secret;
  if (typeof secret !== "string" || secret === "") throw new TypeError("secret must be a non-empty string (or testSecret: true)");
  const method = (o.method ?? "POST").toUpperCase();
  if (!METHODS.has(method)) throw new TypeError(`method must be one of ${[...METHODS].join(", ")}`);
  const timestamp = o.timestamp ?? webhookTimestamp(nowMs - (o.ageSeconds ?? 0) * 1000);
  if (typeof timestamp !== "string") throw new TypeError("timestamp must be a string (the header as sent)");
  const hasBody = method !== "GET" && method !== "DELETE";
  let body = "";
  if (hasBody) body = o.body ?? JSON.stringify(sampleTicketEvent({ time: webhookTimestamp(nowMs) }));
  if (typeof body !== "string" && !(body instanceof Uint8Array)) throw new TypeError("body must be a string or bytes");
  const signature = signWebhook({ secret, timestamp, body, order: o.order });
  const headers = {
    "Content-Type": "application/json; charset=utf-8",
    "X-Zendesk-Webhook-Signature": signature,
    "X-Zendesk-Webhook-Signature-Timestamp": timestamp,
    ...o.headers,
  };
  for (const [k, v] of Object.entries(headers)) if (v === null) delete headers[k];
  if (!hasBody) delete headers["Content-Type"];
  const res = await fetch(url, { method, headers, body: hasBody ? body : undefined, redirect: "manual" });
  return {
    status: res.status,
    body: await res.text(),
    sent: { method, url: url.href, headers, body: Buffer.from(body).toString("utf8"), bodyBytes: Buffer.byteLength(body) },
  };
}
