// The Worker the workerd tests run (bundled the way wrangler bundles): a webhook endpoint
// written as the npm README shows, plus a route that runs the shared case table in workerd.
import { verifyWebhookRequest, verifyWebhookSignature } from "zendesk-auth/webhook";
import { runCases } from "./revive.mjs";

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/webhooks/zendesk") {
      const verdict = await verifyWebhookRequest(request, { secret: env.ZENDESK_WEBHOOK_SECRET });
      if (!verdict.ok) return Response.json({ code: verdict.code }, { status: 401 });
      return Response.json({ type: verdict.event?.type ?? null, subject: verdict.event?.detail?.subject ?? null, text: verdict.text });
    }
    if (pathname === "/__cases" && request.method === "POST") return Response.json(await runCases(verifyWebhookSignature, await request.json()));
    if (pathname === "/__runtime") return Response.json({ userAgent: navigator.userAgent, subtle: typeof crypto.subtle.verify });
    return new Response("not found", { status: 404 });
  },
};
