// zendesk-auth/edge (Cloudflare Workers only: the `workerd` export condition).
import type { DurableObject } from "cloudflare:workers";

export interface EdgeRoute {
  /** e.g. "/api/v2/tickets/{id}"; {id} is a numeric id and ".json" is optional. */
  path: string;
  methods: Array<"GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE">;
}

export interface EdgeHandlerOptions {
  /** Allow-lists replacing DEFAULT_ROUTES, per AUTH_MODE. */
  routes?: { user?: EdgeRoute[]; service?: EdgeRoute[]; api_token?: EdgeRoute[] };
  /** Answers every path outside /auth/ and /api/ (the app's own assets, say). */
  fallback?: (request: Request, env: any, ctx: any) => Response | Promise<Response>;
  /** Serves webhookPath (default "/webhooks/zendesk"): onEvent sees verified events only. */
  webhook?: WebhookHandlerOptions | WebhookHandler;
  webhookPath?: string;
}

export interface WebhookEventInfo {
  env: any;
  ctx: any;
  /** The verified body as text (for XML and form bodies, where event is null). */
  text: string;
  /** Which secret matched: 0 the first, 1 the second (ZENDESK_WEBHOOK_SECRET_PREVIOUS); -1 the test secret. */
  secretIndex: number;
  testSecret: boolean;
  headers: Headers;
}

export interface WebhookHandlerOptions<Event = any> {
  /** Called with the parsed JSON of each verified request (null when the body is not JSON); may return the answer. */
  onEvent: (event: Event | null, info: WebhookEventInfo) => void | Response | Promise<void | Response>;
  /** The signing secret(s), or a function of env; default env.ZENDESK_WEBHOOK_SECRET (and env.ZENDESK_WEBHOOK_SECRET_PREVIOUS). */
  secret?: string | string[] | ((env: any) => string | string[] | undefined | Promise<string | string[] | undefined>);
  /** The HTTP methods the webhook is configured with; default ["POST"]. */
  methods?: Array<"POST" | "PUT" | "PATCH" | "GET" | "DELETE">;
  /** Default 300. */
  toleranceSeconds?: number;
  /** Accept the webhook builder's public test secret. Default false. */
  allowTestSecret?: boolean;
  /** Default 1 MiB; larger bodies are refused with 413 without being read whole. */
  maxBodyBytes?: number;
}

export interface WebhookHandler {
  fetch(request: Request, env: any, ctx: any): Promise<Response>;
}

/** A Worker fetch handler for Zendesk webhooks; usable alone or as createEdgeHandler's `webhook`. */
export function webhookHandler<Event = any>(options: WebhookHandlerOptions<Event>): WebhookHandler;
export const WEBHOOK_PATH: "/webhooks/zendesk";
export const WEBHOOK_SECRET_BINDING: "ZENDESK_WEBHOOK_SECRET";

export function createEdgeHandler(options?: EdgeHandlerOptions): { fetch(request: Request, env: any, ctx: any): Promise<Response> };
export const DEFAULT_ROUTES: EdgeRoute[];
export const SESSION_COOKIE: string;
/** The response header that marks the proxy's own (coded) answers. */
export const CODE_HEADER: "x-zendesk-auth-code";
export const API_TOKEN_RETIREMENT: string;
export class EdgeError extends Error {
  status: number;
  code: string;
  hint: string;
}
/** Durable Object class: one token set (a user's session, or the service token). Bind as ZENDESK_SESSIONS. */
export class ZendeskSession extends DurableObject {}
/** Durable Object class: one rate budget per Zendesk account. Bind as ZENDESK_RATE_BUDGET. */
export class ZendeskRateBudget extends DurableObject {}
