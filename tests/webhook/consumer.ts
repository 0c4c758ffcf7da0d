// Compiled with `tsc --noEmit --strict` against the installed package's types: every
// export of "zendesk-auth/webhook" used the way the README uses it.
import {
  verifyWebhookSignature, verifyWebhookRequest, WEBHOOK_CODES, TEST_SECRET, SIGNATURE_HEADER, TIMESTAMP_HEADER,
  DEFAULT_TOLERANCE_SECONDS, DEFAULT_MAX_BODY_BYTES,
  type WebhookCode, type WebhookVerdict, type WebhookRequestVerdict,
} from "zendesk-auth/webhook";

interface TicketCreated { type: "zen:event-type:ticket.created"; detail: { id: string } }

export async function handle(request: Request, secret: string): Promise<Response> {
  const verdict: WebhookRequestVerdict<TicketCreated> = await verifyWebhookRequest<TicketCreated>(request, { secret, maxBodyBytes: DEFAULT_MAX_BODY_BYTES });
  if (!verdict.ok) {
    const code: WebhookCode = verdict.code;
    return Response.json({ code, message: verdict.message, hint: verdict.hint }, { status: 401 });
  }
  const id: string | undefined = verdict.event?.detail.id;
  return new Response(`${id} ${verdict.text.length} ${verdict.secretIndex} ${verdict.testSecret}`);
}

export async function check(body: Uint8Array, headers: Headers): Promise<boolean> {
  const verdict: WebhookVerdict = await verifyWebhookSignature({
    body,
    signature: headers.get(SIGNATURE_HEADER),
    timestamp: headers.get(TIMESTAMP_HEADER),
    secrets: ["current", new TextEncoder().encode("previous")],
    now: new Date(),
    toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
    allowTestSecret: false,
  });
  return verdict.ok;
}

const codes: readonly WebhookCode[] = WEBHOOK_CODES;
const testSecret: string = TEST_SECRET;
export { codes, testSecret };

// @ts-expect-error: the body is required (pass "" for none)
void verifyWebhookSignature({ signature: "", timestamp: "", secret: "s" });
// @ts-expect-error: a parsed object is not a body
void verifyWebhookSignature({ body: { a: 1 }, signature: "", timestamp: "", secret: "s" });
