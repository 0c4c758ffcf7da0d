// zendesk-auth/edge: a Zendesk OAuth backend-for-frontend for Cloudflare Workers.
//
// The browser holds a session cookie, never a token. Token sets live in the
// ZendeskSession Durable Object, the only place that refreshes them; ZendeskRateBudget
// keeps one rate budget per Zendesk account for every isolate of the fleet. A Worker
// re-exports both classes and passes its requests to createEdgeHandler().
// webhookHandler() receives Zendesk's signed webhooks, inside the proxy or on its own.
export { createEdgeHandler, DEFAULT_ROUTES, SESSION_COOKIE } from "./handler.mjs";
export { webhookHandler, WEBHOOK_PATH, WEBHOOK_SECRET_BINDING } from "./webhook.mjs";
export { ZendeskSession } from "./session.mjs";
export { ZendeskRateBudget } from "./budget.mjs";
export { CODE_HEADER, EdgeError } from "./errors.mjs";
export { API_TOKEN_RETIREMENT } from "./config.mjs";
