// The CommonJS side of "zendesk-auth/webhook" under tsc --strict: require() resolves to
// webhook/index.cjs with the types in webhook/index.d.cts.
import webhook = require("zendesk-auth/webhook");

export async function check(body: string, signature: string | null, timestamp: string | null): Promise<webhook.WebhookCode | "ok"> {
  const verdict = await webhook.verifyWebhookSignature({ body, signature, timestamp, secret: "secret" });
  return verdict.ok ? "ok" : verdict.code;
}
