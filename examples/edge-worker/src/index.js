// A Zendesk OAuth backend-for-frontend on Cloudflare Workers (see README.md).
//
// Everything lives in the package entry "zendesk-auth/edge": the routes (/auth/login,
// /auth/callback, /auth/session, /auth/logout and an allow-list of /api/v2/ calls), and
// the two Durable Object classes wrangler.toml binds. A Worker must export the classes
// it binds, hence the re-export.
import { createEdgeHandler, ZendeskRateBudget, ZendeskSession } from "zendesk-auth/edge";

export { ZendeskRateBudget, ZendeskSession };

export default createEdgeHandler({
  // The calls the browser app may make, per AUTH_MODE; keep them few. Without this option
  // each mode gets the package's DEFAULT_ROUTES (users/me, tickets, a ticket, search).
  // routes: { user: [{ path: "/api/v2/tickets/{id}", methods: ["GET", "PUT"] }] },
  //
  // Zendesk webhooks on POST /webhooks/zendesk: onEvent gets the parsed event only after its
  // signature checked out against the ZENDESK_WEBHOOK_SECRET secret (wrangler secret put).
  // webhook: { onEvent: (event, { env }) => handleTicketEvent(event, env) },
});
