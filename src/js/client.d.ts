/** The scheme a client sends: "none" when a proxy at baseUrl adds the credentials. */
export type AuthScheme = "oauth" | "api_token" | "none";

/** What the token endpoint returned; expiry times are epoch milliseconds. */
export interface TokenSet {
  accessToken: string;
  /** Single use: each refresh returns a new one and invalidates the old. None for client credentials. */
  refreshToken?: string;
  scope: string;
  tokenType: string;
  /** From expires_in (always requested), else the JWT's exp. */
  accessTokenExpiresAt?: number;
  refreshTokenExpiresAt?: number;
}

/** Where the token endpoint is: https://{subdomain}.zendesk.com, or baseUrl. */
export interface OAuthEndpoint {
  subdomain?: string | undefined;
  baseUrl?: string | undefined;
  clientId: string;
  /** Access-token lifetime to ask for, in seconds (300..172800); default 1800. */
  expiresIn?: number | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Starts the authorization-code flow with PKCE (S256): redirect the user to `url`, keep
 * `state` (check it on return) and `codeVerifier` (for exchangeCode).
 */
export function createAuthorizationUrl(options: {
  subdomain?: string | undefined;
  baseUrl?: string | undefined;
  clientId: string;
  redirectUri: string;
  /** e.g. ["read"], ["tickets:read", "users:read"], or "read write". */
  scopes: string[] | string;
  state?: string | undefined;
}): { url: string; state: string; codeVerifier: string };

export function exchangeCode(options: OAuthEndpoint & { code: string; codeVerifier: string; redirectUri: string; clientSecret?: string | undefined }): Promise<TokenSet>;
export function refreshToken(options: OAuthEndpoint & { refreshToken: string; clientSecret?: string | undefined }): Promise<TokenSet>;
export function clientCredentialsToken(options: OAuthEndpoint & { clientSecret: string; scopes: string[] | string }): Promise<TokenSet>;

export interface ClientOptions extends Credentials {
  /** Refreshable OAuth tokens (from exchangeCode): the client refreshes shortly before expiry and once after a 401. Needs clientId. */
  tokens?: (Pick<TokenSet, "accessToken"> & Partial<TokenSet>) | undefined;
  /** The OAuth client the tokens were issued to (for refreshing). */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** Called with every new token set, and awaited, before it is used: store it here (the previous refresh token stops working). */
  onTokens?: ((tokens: TokenSet) => void | Promise<void>) | undefined;
  /** Where requests go instead of https://{subdomain}.zendesk.com (a same-origin proxy, say). Credentials are sent there. */
  baseUrl?: string | undefined;
  /** "auto" (default): OAuth when given, and required in a browser calling another origin; else the API token. */
  auth?: "auto" | "oauth" | "api_token" | undefined;
  /** Per attempt; default 30000. */
  timeoutMs?: number | undefined;
  retry?: {
    /** Default 3. */
    maxRetries?: number | undefined;
    /** One deadline for all attempts and waits; default 60000. */
    maxWaitMs?: number | undefined;
    /** "wait" (default) waits Retry-After; "throw" raises RATE_LIMITED at once. */
    onRateLimit?: "wait" | "throw" | undefined;
  } | undefined;
}

export type QueryValue = string | number | boolean | Array<string | number> | null | undefined;

export interface RequestOptions {
  /** Query parameters, percent-encoded for you. */
  query?: Record<string, QueryValue> | undefined;
  signal?: AbortSignal | undefined;
}

export interface ZendeskResponse<T = any> {
  status: number;
  data: T;
  rateLimit: RateLimit;
  requestId?: string;
}

export interface Verification {
  user: { id: number; name: string | null; email: string | null; role: string | null };
  authScheme: AuthScheme;
  rateLimit: RateLimit;
}

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A client for one Zendesk account. Throws a ZendeskAuthError from the constructor when the credentials cannot work. */
export class ZendeskClient {
  constructor(options: ClientOptions);
  readonly authScheme: AuthScheme;
  readonly baseUrl: string;
  /** Proves the credentials authenticate as a real user (not Zendesk's anonymous user). */
  verify(options?: { signal?: AbortSignal | undefined }): Promise<Verification>;
  request<T = any>(method: HttpMethod, path: string, options?: RequestOptions & { body?: unknown }): Promise<ZendeskResponse<T>>;
  get<T = any>(path: string, options?: RequestOptions): Promise<ZendeskResponse<T>>;
  post<T = any>(path: string, body: unknown, options?: RequestOptions): Promise<ZendeskResponse<T>>;
  put<T = any>(path: string, body: unknown, options?: RequestOptions): Promise<ZendeskResponse<T>>;
  delete<T = any>(path: string, options?: RequestOptions): Promise<ZendeskResponse<T>>;
  /** Pages of a list endpoint, following links.next / meta.has_more (cursor) or next_page (offset). */
  paginate<T = any>(path: string, options?: RequestOptions & { pageSize?: number | undefined }): AsyncIterableIterator<ZendeskResponse<T>>;
  /** Frees the wasm memory now instead of at garbage collection. */
  free(): void;
}
