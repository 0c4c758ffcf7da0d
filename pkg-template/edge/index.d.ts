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
  /** Answers webhookPath (default "/webhooks/zendesk"); it must verify Zendesk's signature itself. */
  webhook?: (request: Request, env: any, ctx: any) => Response | Promise<Response>;
  webhookPath?: string;
}

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
