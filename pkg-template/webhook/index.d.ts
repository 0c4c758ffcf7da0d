// Types of "zendesk-auth/webhook": verifying the signature on Zendesk's webhook requests.

/** Every code a failed verification can carry. */
export type WebhookCode =
  | "WEBHOOK_OPTIONS_INVALID"
  | "WEBHOOK_SECRET_MISSING"
  | "WEBHOOK_SIGNATURE_MISSING"
  | "WEBHOOK_TIMESTAMP_MISSING"
  | "WEBHOOK_BODY_PARSED"
  | "WEBHOOK_CRYPTO_UNAVAILABLE"
  | "WEBHOOK_SIGNATURE_MALFORMED"
  | "WEBHOOK_TIMESTAMP_INVALID"
  | "WEBHOOK_SIGNATURE_MISMATCH"
  | "WEBHOOK_TEST_SECRET"
  | "WEBHOOK_ORDER_REVERSED"
  | "WEBHOOK_BODY_REENCODED"
  | "WEBHOOK_SECRET_DECODED"
  | "WEBHOOK_SECRET_WHITESPACE"
  | "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW"
  | "WEBHOOK_REQUEST_INVALID"
  | "WEBHOOK_BODY_UNREADABLE"
  | "WEBHOOK_BODY_TOO_LARGE";

/** The raw body exactly as received: text (UTF-8 is signed) or bytes. null or "" for none. */
export type WebhookBody = string | Uint8Array | ArrayBuffer | null;
/** A signing secret as Zendesk shows it. Bytes are used as they are (the UTF-8 of the text). */
export type WebhookSecret = string | Uint8Array;

interface WebhookCheckOptions {
  /** The webhook's signing secret. Give this or `secrets`. */
  secret?: WebhookSecret;
  /** Several secrets while rotating; the verdict's `secretIndex` says which one matched. */
  secrets?: readonly WebhookSecret[];
  /** The current time (a Date or ms since 1970); the clock when left out. */
  now?: Date | number;
  /** How far the timestamp may be from `now`, either way. Default 300. */
  toleranceSeconds?: number;
  /** Accept requests signed with the webhook builder's public test secret. Default false. */
  allowTestSecret?: boolean;
}

export interface VerifyWebhookSignatureOptions extends WebhookCheckOptions {
  body: WebhookBody;
  /** The X-Zendesk-Webhook-Signature header. */
  signature: string | null | undefined;
  /** The X-Zendesk-Webhook-Signature-Timestamp header, exactly as received. */
  timestamp: string | null | undefined;
}

export interface VerifyWebhookRequestOptions extends WebhookCheckOptions {
  /** Bodies larger than this are refused without being read whole. Default 1 MiB. */
  maxBodyBytes?: number;
}

export interface WebhookVerified {
  ok: true;
  /** Which secret matched (index into `secrets`; 0 for `secret`), -1 for the test secret. */
  secretIndex: number;
  /** True when accepted because it was signed with the test secret (allowTestSecret). */
  testSecret: boolean;
}

export interface WebhookRefused {
  ok: false;
  code: WebhookCode;
  message: string;
  hint: string;
}

export type WebhookVerdict = WebhookVerified | WebhookRefused;

export interface WebhookRequestVerified<Event = unknown> extends WebhookVerified {
  /** The body parsed as JSON; null when it is empty or not JSON (XML and form bodies). */
  event: Event | null;
  /** The body as text. */
  text: string;
}

export type WebhookRequestVerdict<Event = unknown> = WebhookRequestVerified<Event> | WebhookRefused;

/** What verifyWebhookRequest reads: a fetch Request, or anything shaped like one. */
export interface WebhookRequestLike {
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array> | null;
  readonly bodyUsed: boolean;
}

/** Checks a webhook's signature and timestamp. Never rejects: failures are verdicts. */
export function verifyWebhookSignature(options: VerifyWebhookSignatureOptions): Promise<WebhookVerdict>;

/** Reads a Request's headers and raw body once and checks them; `event` is the parsed JSON. */
export function verifyWebhookRequest<Event = unknown>(request: WebhookRequestLike, options: VerifyWebhookRequestOptions): Promise<WebhookRequestVerdict<Event>>;

export const WEBHOOK_CODES: readonly WebhookCode[];
export const SIGNATURE_HEADER: "X-Zendesk-Webhook-Signature";
export const TIMESTAMP_HEADER: "X-Zendesk-Webhook-Signature-Timestamp";
/** The webhook builder's fixed test secret (public: never trust what it signs). */
export const TEST_SECRET: "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
export const DEFAULT_TOLERANCE_SECONDS: 300;
export const DEFAULT_MAX_BODY_BYTES: 1048576;
