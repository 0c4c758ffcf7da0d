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

/**
 * Checks the URL Zendesk redirected the user back to: its `state` against this sign-in's
 * (STATE_MISMATCH), then Zendesk's `error` (OAUTH_DENIED for access_denied and the
 * others, INVALID_SCOPE; `zendeskError` keeps "error: error_description"). Answers what
 * exchangeCode needs. Needs no init() and no network.
 */
export function parseCallback(
  url: string | URL,
  options: { state: string; codeVerifier?: string | undefined; redirectUri?: string | undefined },
): { code: string; state: string; codeVerifier?: string; redirectUri?: string };

/** What onRequest receives: a copy, with Authorization (and Cookie) redacted. */
export interface RequestEvent {
  method: string;
  url: string;
  /** 1 for a call's first exchange; retries and redirects count up. */
  attempt: number;
  /** Lowercase names; Authorization as "Basic [redacted]" / "Bearer [redacted]". */
  headers: Record<string, string>;
}

/** What onResponse receives, after each exchange (an answer or a failure). */
export interface ResponseEvent extends RequestEvent {
  /** The HTTP status; 0 when no answer came (see `error`). */
  status: number;
  durationMs: number;
  /** Set when no answer came. */
  error?: "TIMEOUT" | "ABORTED" | "NETWORK";
}

/** What onRetry receives, before the wait. */
export interface RetryEvent {
  method: string;
  url: string;
  /** The attempt that comes after the wait. */
  attempt: number;
  /** The status that failed; 0 after a timeout or network failure. */
  status: number;
  waitMs: number;
}

/** A page's progress for onPage. */
export interface PageProgress {
  /** Pages so far, 1 for the first. */
  page: number;
  /** Records received so far (items() with maxItems may stop inside the last page). */
  items: number;
  /** The list's total, when Zendesk says it (offset lists' `count`). */
  total?: number;
}

/** Zendesk's headers for a Marketplace app's (global) OAuth client. */
export interface MarketplaceInfo {
  /** X-Zendesk-Marketplace-Name */
  name?: string | undefined;
  /** X-Zendesk-Marketplace-Organization-Id */
  organizationId?: string | number | undefined;
  /** X-Zendesk-Marketplace-App-Id */
  appId?: string | number | undefined;
}

/** An OAuth token's record (OAuth Tokens API); times are epoch milliseconds. None of its characters. */
export interface TokenInfo {
  id: number;
  userId: number | null;
  clientId: number | null;
  scopes: string[];
  expiresAt: number | null;
  refreshTokenExpiresAt: number | null;
  createdAt: number | null;
  usedAt: number | null;
}

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
  /** User-Agent naming your integration (browsers may keep their own). */
  userAgent?: string | undefined;
  /** Marketplace headers, which Zendesk asks of apps using a global OAuth client. */
  marketplace?: MarketplaceInfo | undefined;
  /** Called before each exchange, not awaited; what it throws is dropped. */
  onRequest?: ((event: RequestEvent) => unknown) | undefined;
  /** Called after each exchange, not awaited; what it throws is dropped. */
  onResponse?: ((event: ResponseEvent) => unknown) | undefined;
  /** Called before each retry's wait, not awaited; what it throws is dropped. */
  onRetry?: ((event: RetryEvent) => unknown) | undefined;
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
  /** This request's User-Agent. */
  userAgent?: string | undefined;
  marketplace?: MarketplaceInfo | undefined;
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
  /** Stop after this many pages (no request for the next). */
  maxPages?: number | undefined;
  /** Stop after this many records: items() gives exactly this many, pages stop once they hold as many. */
  maxItems?: number | undefined;
  /** Called after each page, not awaited; what it throws is dropped. */
  onPage?: ((progress: PageProgress) => unknown) | undefined;
}

export interface UploadOptions {
  /** The file's name, as the attachment shows it. */
  filename: string;
  /** An earlier upload's token, to add this file to the same upload. */
  token?: string | undefined;
  /** The file's type; default a Blob's own type, else application/octet-stream. */
  contentType?: string | undefined;
  asUser?: string | number | undefined;
  signal?: AbortSignal | undefined;
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
  /** POSTs a file to /api/v2/uploads.json byte-exact; `token` is the upload token for a comment's `uploads`. */
  upload<T = any>(data: Blob | ArrayBuffer | ArrayBufferView | string, options: UploadOptions): Promise<ZendeskResponse<T> & { token: string | undefined }>;
  /** The OAuth token in use (GET /api/v2/oauth/tokens/current.json): scopes, expiry, client. */
  tokenInfo(options?: { signal?: AbortSignal | undefined }): Promise<TokenInfo>;
  /**
   * Revokes an OAuth token by id (the one in use when no id is given) and checks that it
   * is gone (REVOKE_FAILED if it still works).
   */
  revokeToken(options?: { id?: number | string | undefined; signal?: AbortSignal | undefined }): Promise<{ id: number; revoked: true }>;
  /** Frees the wasm memory now instead of at garbage collection. */
  free(): void;
}
