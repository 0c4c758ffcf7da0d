// zendesk-auth/edge outside workerd: it needs Durable Objects and `cloudflare:workers`, so
// say that plainly instead of failing on a missing module somewhere inside.
const err = new Error("zendesk-auth/edge runs only on Cloudflare Workers (the workerd export condition).");
err.name = "ZendeskAuthError";
err.code = "EDGE_NEEDS_WORKERD";
err.hint = "Bundle the Worker with wrangler, which resolves the workerd condition; in Node, Deno or a browser import zendesk-auth/client instead.";
throw err;
