/**
 * Zendesk credentials as you have them. Every field is optional (`undefined` counts as
 * absent, so `process.env.X` goes straight in): `validate` says what is missing.
 */
export interface Credentials {
  /** The `acme` in `https://acme.zendesk.com`. A pasted address is accepted and reported. */
  subdomain?: string | undefined;
  /** Email of a verified user; needed with an API token. */
  email?: string | undefined;
  /** A Zendesk API token (40 letters and digits). Zendesk deactivates all API tokens on 2027-04-30. */
  apiToken?: string | undefined;
  /** An OAuth access token, sent as `Bearer`. */
  oauthToken?: string | undefined;
  /** A password. Zendesk removed password access to the API in January 2026. */
  password?: string | undefined;
}

/**
 * The credentials after normalization (trimmed, lowercased, split); absent fields are left
 * out. Reading a field gives its value; JSON.stringify, Node's util.inspect (console.log)
 * and browser consoles show the secrets masked.
 */
export interface NormalizedCredentials {
  subdomain?: string;
  email?: string;
  apiToken?: string;
  oauthToken?: string;
  password?: string;
}

export type Severity = "error" | "warning";

export type DiagnosticField =
  | "subdomain" | "email" | "apiToken" | "oauthToken" | "password"
  | "credentials" | "scheme" | "header";

/** Stable codes: branch on these, never on message text. */
export type DiagnosticCode =
  | "SUBDOMAIN_MISSING" | "SUBDOMAIN_WAS_URL" | "SUBDOMAIN_UPPERCASE" | "SUBDOMAIN_NOT_ZENDESK_HOST"
  | "SUBDOMAIN_INVALID_CHARS" | "SUBDOMAIN_BAD_HYPHEN" | "SUBDOMAIN_TOO_LONG"
  | "WHITESPACE_TRIMMED"
  | "EMAIL_MISSING" | "EMAIL_INVALID" | "EMAIL_HAS_TOKEN_SUFFIX" | "EMAIL_LOOKS_LIKE_TOKEN"
  | "API_TOKEN_MISSING" | "API_TOKEN_INVISIBLE_CHAR" | "API_TOKEN_INVALID_CHARS" | "API_TOKEN_UNUSUAL_LENGTH"
  | "API_TOKEN_WAS_CREDENTIAL_STRING" | "API_TOKEN_WAS_HEADER" | "API_TOKEN_LOOKS_LIKE_OAUTH" | "API_TOKEN_LOOKS_LIKE_PASSWORD"
  | "API_TOKEN_RETIRING"
  | "OAUTH_TOKEN_MISSING" | "OAUTH_TOKEN_HAS_BEARER_PREFIX" | "OAUTH_TOKEN_INVALID_CHARS"
  | "OAUTH_TOKEN_LOOKS_LIKE_API_TOKEN" | "OAUTH_TOKEN_EXPIRED" | "OAUTH_TOKEN_EXPIRES_SOON"
  | "PASSWORD_MISSING" | "PASSWORD_AUTH_REMOVED"
  | "NO_CREDENTIALS" | "AMBIGUOUS_CREDENTIALS" | "UNKNOWN_FIELD" | "NOT_A_STRING" | "NOT_AN_OBJECT" | "UNREADABLE_FIELD"
  | "HEADER_INJECTION" | "SCHEME_UNKNOWN"
  | "HEADER_EMPTY" | "HEADER_HAS_NAME_PREFIX" | "HEADER_MISSING_SCHEME" | "HEADER_UNKNOWN_SCHEME"
  | "HEADER_NOT_BASE64" | "HEADER_DOUBLE_ENCODED" | "HEADER_MALFORMED_CREDENTIALS"
  | "HEADER_MISSING_TOKEN_SUFFIX" | "HEADER_API_TOKEN_AS_BEARER";

/** One finding about one field. `message` says what is wrong; `hint` what to do. Neither contains a secret. */
export interface Diagnostic {
  field: DiagnosticField;
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  hint: string;
}

export interface ValidationResult {
  /** True when no diagnostic is an error. */
  ok: boolean;
  credentials: NormalizedCredentials;
  diagnostics: Diagnostic[];
}

export interface ValidateOptions {
  /** Judge dates (token retirement, JWT expiry) as of this time instead of now. */
  now?: number | Date | undefined;
}

/** `oauth` sends `Bearer`; `api_token` and `password` send `Basic`. */
export type Scheme = "oauth" | "api_token" | "password";

export interface HeaderOptions extends ValidateOptions {
  /** Left out: OAuth when an OAuth token is given, else the API token, else the password. */
  scheme?: Scheme | undefined;
}

export interface HeaderInspection {
  scheme: "api_token" | "password" | "bearer" | "unknown";
  /** The user in Basic credentials. */
  email?: string;
  /** The secret with at most its last 4 characters kept. */
  secretMasked?: string;
  diagnostics: Diagnostic[];
}

/** Codes of errors from talking to Zendesk (ZendeskClient). */
export type ClientErrorCode =
  | "UNAUTHORIZED" | "FORBIDDEN" | "NO_HELP_DESK" | "NOT_FOUND" | "BAD_REQUEST" | "RATE_LIMITED"
  | "SERVER_ERROR" | "TIMEOUT" | "ABORTED" | "NETWORK" | "BAD_RESPONSE" | "REDIRECT_REFUSED"
  | "ANONYMOUS" | "CORS_REQUIRES_OAUTH" | "INVALID_PATH" | "INVALID_OPTION"
  | "INVALID_GRANT" | "INVALID_CLIENT" | "INVALID_SCOPE" | "ON_TOKENS_FAILED" | "CLIENT_FREED"
  | "PAGINATION_LOOP" | "HEADER_NOT_ALLOWED" | "ON_TOKENS_TIMEOUT" | "OAUTH_DENIED" | "STATE_MISMATCH" | "REVOKE_FAILED";

/**
 * Codes the package's proxy (`zendesk-auth/edge`) answers with for itself (with the
 * header X-Zendesk-Auth-Code); the client keeps them as the error's code.
 */
export type ProxyErrorCode =
  | "NOT_SIGNED_IN" | "REAUTH_REQUIRED" | "TOKEN_REFRESH_FAILED" | "OAUTH_CLIENT_REJECTED" | "CALLER_NOT_AUTHENTICATED"
  | "ACCESS_JWT_INVALID" | "ORIGIN_NOT_ALLOWED" | "PATH_NOT_ALLOWED" | "METHOD_NOT_ALLOWED" | "UNSUPPORTED_MEDIA_TYPE"
  | "BODY_TOO_LARGE" | "UPSTREAM_TIMEOUT" | "UPSTREAM_UNREACHABLE" | "UPSTREAM_REDIRECT" | (string & {});

/** Codes of thrown errors: every diagnostic code, the client's codes, and NOT_INITIALIZED. */
export type ErrorCode = DiagnosticCode | ClientErrorCode | "NOT_INITIALIZED";

/**
 * Every error this package throws or rejects with: an `Error` with a stable `code`, the
 * `field` concerned and a `hint`. One class for every entry, so `err instanceof
 * ZendeskAuthError` holds whichever entry threw.
 */
export class ZendeskAuthError extends Error {
  constructor(code: ErrorCode, message: string, hint?: string, details?: Partial<Omit<ZendeskAuthError, "code" | "message" | "hint" | "name">>);
  name: "ZendeskAuthError";
  /** A stable code; from a proxy at baseUrl answering for itself, the proxy's own code. */
  code: ErrorCode | ProxyErrorCode;
  /** The input field at fault; absent for errors not about an input (NOT_INITIALIZED). */
  field?: DiagnosticField;
  hint: string;
  /** Every diagnostic found, when the error came from validation. */
  diagnostics?: Diagnostic[];
  /** HTTP status, when Zendesk answered. */
  status?: number;
  /** Zendesk's request id (X-Request-Id, or X-Zendesk-Request-Id on older answers): quote it to Zendesk support. */
  requestId?: string;
  /** What Zendesk itself said (its error text), when it said something. */
  zendeskError?: string;
  /** A 422's field-level reasons as Zendesk sent them, e.g. `{ email: [{ description, error: "InvalidFormat" }] }`. */
  details?: Record<string, unknown>;
  /** For RATE_LIMITED (and 503): how long Zendesk asked to wait. */
  retryAfterMs?: number;
  /** The rate-limit reading of the answer. */
  rateLimit?: RateLimit;
  /** What the runtime threw: the network error behind NETWORK, your onTokens error behind ON_TOKENS_FAILED. */
  cause?: unknown;
}

/** Every rate-limit header variant in one reading; fields are absent when the headers were not readable. */
export interface RateLimit {
  /** X-Rate-Limit (or ratelimit-limit). */
  limit?: number;
  /** X-Rate-Limit-Remaining (or ratelimit-remaining). */
  remaining?: number;
  /** ratelimit-reset, in seconds. */
  resetSeconds?: number;
  /** Endpoint buckets from zendesk-ratelimit-{name} headers, by name (e.g. "tickets-index"). */
  buckets: Record<string, { total?: number; remaining?: number; resets?: number }>;
}

/** Checks credentials and explains every problem. Never throws for bad input. */
export function validate(credentials: Credentials, options?: ValidateOptions): ValidationResult;

/**
 * The Authorization header value: `Basic base64(email/token:API_TOKEN)`, `Bearer TOKEN` or
 * `Basic base64(email:password)`. Validates first and throws a `ZendeskAuthError` on any error.
 */
export function buildAuthorizationHeader(credentials: Credentials, options?: HeaderOptions): string;

/** Reads an Authorization header value (or a `curl -u` string) and says what it is and what is wrong. Never throws. */
export function inspectAuthorizationHeader(value: string, options?: ValidateOptions): HeaderInspection;

/**
 * Masks credentials in log text, keeping at most the last 4 characters of a secret:
 * Authorization values, `email/token:...`, `curl -u`, URL passwords, values of
 * secret-sounding keys in key=value, header, JSON (also escaped), YAML, .env, Ruby, PHP
 * and Go forms, HAR name/value pairs, cookies, JWTs, API and OAuth tokens, base64
 * credentials. One linear pass; a non-string throws NOT_A_STRING.
 */
export function redact(text: string): string;

/** `https://{subdomain}.zendesk.com` from a validated subdomain; throws a `ZendeskAuthError` if it is not valid. */
export function apiBaseUrl(subdomain: string): string;

/** Where `init()` gets the WebAssembly module: its URL, a fetch Response, the bytes or a compiled module. */
export type InitInput =
  RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Browsers and bundlers: loads this entry's `.wasm` (by default from beside the module;
 * `module_or_path` says where else) and resolves when every function is ready. Memoised:
 * later calls return the same promise. In Node, Deno and Workers it resolves at once.
 * Each entry ("zendesk-auth", "zendesk-auth/client") has its own `.wasm` and its own init.
 */
export default function init(options?: { module_or_path?: InitInput | Promise<InitInput> | undefined }): Promise<void>;

/** Like `init()`, synchronously, from the bytes or a compiled module you already have. */
export function initSync(options: { module: BufferSource | WebAssembly.Module }): void;
