// Zendesk webhooks received on the edge: the signature is checked before anything of the
// request reaches the Worker's own code.
//
// webhookHandler() works on its own (a Worker that only receives webhooks needs no Durable
// Object and none of the proxy's variables) and is what createEdgeHandler() serves on
// /webhooks/zendesk. The body is read once, under a byte limit, by verifyWebhookRequest;
// onEvent gets the parsed event of a verified request and never the request's body.
import { DEFAULT_MAX_BODY_BYTES, verifyWebhookRequest } from "../webhook/index.mjs";
import { CODE_HEADER, EdgeError } from "./errors.mjs";

export const WEBHOOK_PATH = "/webhooks/zendesk";
/** Where the signing secret is read from by default; the _PREVIOUS one is accepted too while rotating. */
export const WEBHOOK_SECRET_BINDING = "ZENDESK_WEBHOOK_SECRET";
const OPTION_KEYS = ["onEvent", "secret", "methods", "toleranceSeconds", "allowTestSecret", "maxBodyBytes"];
const METHODS = ["POST", "PUT", "PATCH", "GET", "DELETE"];
const made = new WeakSet();

/** Failures that are the deployment's, not the sender's; everything else is the sender's (401). */
const STATUS = {
  WEBHOOK_SECRET_MISSING: 500,
  WEBHOOK_OPTIONS_INVALID: 500,
  WEBHOOK_CRYPTO_UNAVAILABLE: 500,
  WEBHOOK_BODY_TOO_LARGE: 413,
};

function invalid(message) {
  const err = new Error(message);
  err.name = "ZendeskAuthError";
  err.code = "WEBHOOK_HANDLER_INVALID";
  err.hint = "webhookHandler({ onEvent(event, info) { ... } }); the signing secret comes from the ZENDESK_WEBHOOK_SECRET secret unless `secret` says otherwise.";
  return err;
}

function answer(status, code, message, hint, headers = {}) {
  return new Response(JSON.stringify({ code, message, hint }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", [CODE_HEADER]: code, ...headers },
  });
}

function log(message) {
  console.log(`zendesk-auth/edge: ${message}`);
}

/** The secrets for this request: the option (a value or a function of env), else the Worker's secrets. */
async function secretsFor(option, env) {
  const value = typeof option === "function" ? await option(env) : option;
  if (value !== undefined) return (Array.isArray(value) ? value : [value]).filter((s) => s !== undefined && s !== null && s !== "");
  return [env?.[WEBHOOK_SECRET_BINDING], env?.[`${WEBHOOK_SECRET_BINDING}_PREVIOUS`]].filter((s) => typeof s === "string" && s !== "");
}

/**
 * A fetch handler ({ fetch(request, env, ctx) }) that verifies Zendesk's webhook signature
 * and calls onEvent(event, { env, ctx, text, secretIndex, testSecret, headers }) with the
 * parsed JSON of verified requests only. onEvent may return a Response; otherwise the
 * answer is 200. Refusals are { code, message, hint } with 401 (or 413, 405, 500 for a
 * deployment without a secret), and onEvent is not called.
 */
export function webhookHandler(options) {
  if (options === null || typeof options !== "object") throw invalid("webhookHandler takes an options object.");
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw invalid(`Unknown option "${String(key).slice(0, 40)}"; the options are ${OPTION_KEYS.join(", ")}.`);
  }
  const { onEvent, secret, toleranceSeconds, allowTestSecret, maxBodyBytes = DEFAULT_MAX_BODY_BYTES } = options;
  if (typeof onEvent !== "function") throw invalid("onEvent must be a function: it receives each verified event.");
  const methods = options.methods ?? ["POST"];
  if (!Array.isArray(methods) || methods.length === 0 || !methods.every((m) => METHODS.includes(m))) {
    throw invalid(`methods must list some of ${METHODS.join(", ")} (a webhook's HTTP method in Admin Center).`);
  }
  const checks = { toleranceSeconds, allowTestSecret, maxBodyBytes };
  for (const k of Object.keys(checks)) if (checks[k] === undefined) delete checks[k];

  const handler = {
    async fetch(request, env, ctx) {
      if (!methods.includes(request.method)) {
        return answer(405, "METHOD_NOT_ALLOWED", `${String(request.method).slice(0, 10)} is not how this webhook is called.`,
          `Allowed here: ${methods.join(", ")}.`, { allow: methods.join(", ") });
      }
      let secrets;
      try {
        secrets = await secretsFor(secret, env);
      } catch {
        secrets = [];
      }
      const verdict = await verifyWebhookRequest(request, { ...checks, secrets });
      if (!verdict.ok) {
        log(`webhook refused (${verdict.code})`);
        return answer(STATUS[verdict.code] ?? 401, verdict.code, verdict.message, verdict.hint);
      }
      const info = { env, ctx, text: verdict.text, secretIndex: verdict.secretIndex, testSecret: verdict.testSecret, headers: request.headers };
      let result;
      try {
        result = await onEvent(verdict.event, info);
      } catch (e) {
        if (e instanceof EdgeError) return answer(e.status, e.code, e.message, e.hint, e.headers);
        log(`webhook handler failed (${e?.name ?? "Error"})`);
        // 5xx: Zendesk retries, and the event is not lost to a passing failure.
        return answer(500, "WEBHOOK_HANDLER_FAILED", "The Worker's webhook handler failed.", "The Worker's log has the details; Zendesk retries the delivery.");
      }
      if (result instanceof Response) return result;
      return new Response(JSON.stringify({ received: true }), { status: 200, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } });
    },
  };
  made.add(handler);
  return handler;
}

/** createEdgeHandler's `webhook` option: webhookHandler options, or a handler it made. */
export function asWebhookHandler(value) {
  if (made.has(value)) return value;
  if (typeof value === "function") {
    throw invalid("The webhook option no longer takes a raw request handler: pass { onEvent } (or webhookHandler({ onEvent })), which verifies the signature before onEvent sees the event.");
  }
  return webhookHandler(value);
}
