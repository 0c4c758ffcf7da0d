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
  /** Called with every new token set, and awaited: store it here (the previous refresh token stops working). */
  onTokens?: ((tokens: TokenSet) => void | Promise<void>) | undefined;
  /** How long onTokens may take (default 10000): past it the request fails with ON_TOKENS_TIMEOUT, the new tokens stay in use. */
  onTokensTimeoutMs?: number | undefined;
  /** Headers sent with every request. Authorization, Host, Cookie and framing headers are refused (HEADER_NOT_ALLOWED). */
  headers?: HeaderList | undefined;
  /** Act as this user (X-On-Behalf-Of): needs an OAuth token with the `impersonate` scope. */
  asUser?: string | number | undefined;
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

/** Header names and values: a plain object, a Headers, or pairs. */
export type HeaderList = Record<string, string | number> | Headers | Array<[string, string]>;

export interface RequestOptions {
  /** Query parameters, percent-encoded for you. */
  query?: Record<string, QueryValue> | undefined;
  signal?: AbortSignal | undefined;
  /** This request's headers; they win over the client's of the same name. */
  headers?: HeaderList | undefined;
  /** Act as this user (X-On-Behalf-Of): needs an OAuth token with the `impersonate` scope. */
  asUser?: string | number | undefined;
}

/**
 * A request body: plain data is sent as JSON; bytes, Blobs and Files, FormData,
 * URLSearchParams and strings are sent as they are (a string typed as JSON when it is
 * JSON, bytes as application/octet-stream unless a Content-Type header says otherwise).
 */
export type RequestBody = unknown;

export interface PageOptions extends RequestOptions {
  /** Records per page for cursor lists (1..100, default 100). */
  pageSize?: number | undefined;
}

/** Pages of a list, one at a time; `items()` gives the records one by one. */
export interface Pages<T = any> extends AsyncIterableIterator<ZendeskResponse<T>> {
  /** The records, one by one (`break` stops the requests): under `key`, else the list the path names ("tickets"), else the page's only array. */
  items<R = any>(key?: string): AsyncGenerator<R, void, undefined>;
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
  verify(options?: { signal?: AbortSignal }): Promise<Verification>;
  request<T = any>(method: HttpMethod, path: string, options?: RequestOptions & { body?: RequestBody }): Promise<ZendeskResponse<T>>;
  get<T = any>(path: string, options?: RequestOptions): Promise<ZendeskResponse<T>>;
  post<T = any>(path: string, body: RequestBody, options?: RequestOptions): Promise<ZendeskResponse<T>>;
  put<T = any>(path: string, body: RequestBody, options?: RequestOptions): Promise<ZendeskResponse<T>>;
  delete<T = any>(path: string, options?: RequestOptions): Promise<ZendeskResponse<T>>;
  /**
   * Pages of a list endpoint: cursor lists (meta.has_more, links.next), offset lists
   * (next_page), and incremental exports (after_url or next_page) up to end_of_stream,
   * never past it. A link that repeats ends it with PAGINATION_LOOP.
   */
  paginate<T = any>(path: string, options?: PageOptions): Pages<T>;
  /** Frees the wasm memory now instead of at garbage collection. */
  free(): void;
}
