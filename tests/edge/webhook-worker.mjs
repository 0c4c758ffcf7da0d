// Two Workers for the webhook tests, built from this one file by the `WORKER` variable:
//  - "proxy": the whole edge entry, createEdgeHandler({ webhook: { onEvent } });
//  - "alone": webhookHandler() by itself, with no Durable Object and no proxy variables.
// Each keeps what onEvent received in memory (one isolate under Miniflare), and answers
// GET /__received with it, so the tests can see what reached the Worker's own code.
import { createEdgeHandler, webhookHandler, ZendeskRateBudget, ZendeskSession } from "zendesk-auth/edge";

export { ZendeskRateBudget, ZendeskSession };

const received = [];

function onEvent(event, info) {
  received.push({ event, text: info.text, secretIndex: info.secretIndex, testSecret: info.testSecret });
  if (event?.detail?.subject === "answer 202") return new Response("queued", { status: 202 });
  if (event?.detail?.subject === "throw") throw new Error("the handler failed with a secret-looking message");
}

const proxy = createEdgeHandler({
  webhook: { onEvent },
  fallback: () => Response.json(received),
});
const alone = webhookHandler({ onEvent, methods: ["POST", "PUT"], maxBodyBytes: 4096 });

export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === "/__received") return Response.json(received);
    if (path === "/__raw-webhook-option") {
      try {
        createEdgeHandler({ webhook: (req) => new Response(req.body) });
        return Response.json({ code: null });
      } catch (e) {
        return Response.json({ code: e.code, message: e.message });
      }
    }
    return env.WORKER === "alone" ? alone.fetch(request, env, ctx) : proxy.fetch(request, env, ctx);
  },
};
