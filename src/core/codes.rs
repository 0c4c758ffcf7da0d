//! Every code a user can see, in one place: the diagnostic codes (each with its one
//! hint), the client's error codes, and the codes raised by JavaScript alone. Codes are
//! public API: callers branch on them, so a code is never renamed or reused.
//! `tests/registry.rs` checks the TypeScript unions and the JavaScript sources against
//! this file.

macro_rules! codes {
    ($($variant:ident = $name:literal, $hint:literal;)*) => {
        /// A stable diagnostic code. The string form is what JavaScript sees as `code`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Code { $(#[doc = $name] $variant,)* }

        impl Code {
            /// Every code, in declaration order (tests and the boundary's string cache use it).
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as JavaScript sees it, e.g. `"SUBDOMAIN_WAS_URL"`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// What to do about it, in one sentence.
            pub fn hint(self) -> &'static str {
                match self { $(Code::$variant => $hint,)* }
            }
        }
    };
}

codes! {
    SubdomainMissing = "SUBDOMAIN_MISSING",
        "Enter your Zendesk subdomain: the 'acme' in https://acme.zendesk.com.";
    SubdomainWasUrl = "SUBDOMAIN_WAS_URL",
        "Enter just the subdomain (the 'acme' in acme.zendesk.com), not an address.";
    SubdomainUppercase = "SUBDOMAIN_UPPERCASE",
        "Subdomains are lowercase; write it in lowercase to avoid this warning.";
    SubdomainNotZendeskHost = "SUBDOMAIN_NOT_ZENDESK_HOST",
        "The API is served only at https://{subdomain}.zendesk.com, even when your help center uses your own domain. Find the subdomain in Admin Center under Account > Appearance or in your agent URL.";
    SubdomainInvalidChars = "SUBDOMAIN_INVALID_CHARS",
        "A subdomain has only lowercase letters, digits and hyphens.";
    SubdomainBadHyphen = "SUBDOMAIN_BAD_HYPHEN",
        "A subdomain cannot start or end with a hyphen; check for a missing part.";
    SubdomainTooLong = "SUBDOMAIN_TOO_LONG",
        "A subdomain has at most 63 characters; check that nothing else was pasted with it.";
    WhitespaceTrimmed = "WHITESPACE_TRIMMED",
        "Remove the spaces or line breaks around the value where it is stored (a trailing newline often comes from a file or an environment variable).";
    EmailMissing = "EMAIL_MISSING",
        "API token authentication needs the email of a verified user of the account together with the token.";
    EmailInvalid = "EMAIL_INVALID",
        "Enter the email address of a verified Zendesk user, like agent@example.com.";
    EmailHasTokenSuffix = "EMAIL_HAS_TOKEN_SUFFIX",
        "Enter the plain email; the library adds '/token' itself when it builds the header.";
    EmailLooksLikeToken = "EMAIL_LOOKS_LIKE_TOKEN",
        "The email and the API token look swapped: put the address in 'email' and the token in 'apiToken'.";
    ApiTokenMissing = "API_TOKEN_MISSING",
        "Pass 'apiToken', or choose a scheme for the credentials you have.";
    ApiTokenInvisibleChar = "API_TOKEN_INVISIBLE_CHAR",
        "Copy the token again as plain text, or type the character out; chat apps and documents insert invisible characters and smart quotes.";
    ApiTokenInvalidChars = "API_TOKEN_INVALID_CHARS",
        "A Zendesk API token has only letters and digits; check that nothing else was pasted with it.";
    ApiTokenUnusualLength = "API_TOKEN_UNUSUAL_LENGTH",
        "Zendesk API tokens are normally 40 characters; check that the whole token was copied.";
    ApiTokenWasCredentialString = "API_TOKEN_WAS_CREDENTIAL_STRING",
        "Put the email in 'email' and only the part after 'token:' in 'apiToken'.";
    ApiTokenWasHeader = "API_TOKEN_WAS_HEADER",
        "Put only the API token here; the library builds the Authorization header itself.";
    ApiTokenLooksLikeOauth = "API_TOKEN_LOOKS_LIKE_OAUTH",
        "This is an OAuth access token: pass it as 'oauthToken', which is sent as a Bearer token.";
    ApiTokenLooksLikePassword = "API_TOKEN_LOOKS_LIKE_PASSWORD",
        "Zendesk no longer accepts passwords: use an OAuth access token, or an API token with the email.";
    ApiTokenRetiring = "API_TOKEN_RETIRING",
        "Move to OAuth: Zendesk deactivates every API token on 2027-04-30 and no longer lets anyone create new ones.";
    OauthTokenMissing = "OAUTH_TOKEN_MISSING",
        "Pass 'oauthToken', or choose a scheme for the credentials you have.";
    OauthTokenHasBearerPrefix = "OAUTH_TOKEN_HAS_BEARER_PREFIX",
        "Store the token without 'Bearer '; the library adds it when it builds the header.";
    OauthTokenInvalidChars = "OAUTH_TOKEN_INVALID_CHARS",
        "An OAuth access token has only letters, digits and - . _ ~ + / =; copy it again as plain text.";
    OauthTokenLooksLikeApiToken = "OAUTH_TOKEN_LOOKS_LIKE_API_TOKEN",
        "This looks like an API token (40 letters and digits): pass it as 'apiToken' with 'email'; API tokens are not accepted as Bearer tokens.";
    OauthTokenExpired = "OAUTH_TOKEN_EXPIRED",
        "Get a new access token, with the refresh token or by authorizing again.";
    OauthTokenExpiresSoon = "OAUTH_TOKEN_EXPIRES_SOON",
        "Refresh the access token before it expires.";
    PasswordMissing = "PASSWORD_MISSING",
        "Pass 'password', or choose a scheme for the credentials you have.";
    PasswordAuthRemoved = "PASSWORD_AUTH_REMOVED",
        "Zendesk removed password access to the API in January 2026: use an OAuth access token.";
    NoCredentials = "NO_CREDENTIALS",
        "Pass an 'oauthToken', or an 'email' with an 'apiToken'.";
    AmbiguousCredentials = "AMBIGUOUS_CREDENTIALS",
        "Pass either an API token or a password, not both; password access no longer works, so drop the password.";
    UnknownField = "UNKNOWN_FIELD",
        "Rename the field to the one suggested; unknown fields are ignored.";
    NotAString = "NOT_A_STRING",
        "Pass the value as a string; check that the variable it comes from is set.";
    NotAnObject = "NOT_AN_OBJECT",
        "Pass an object such as { subdomain, email, apiToken }.";
    UnreadableField = "UNREADABLE_FIELD",
        "Pass plain data: copy the values into a plain object first.";
    HeaderInjection = "HEADER_INJECTION",
        "Remove the line break or NUL character; it would end the header early or let text be injected.";
    SchemeUnknown = "SCHEME_UNKNOWN",
        "Use scheme 'oauth', 'api_token' or 'password', or leave it out to choose automatically.";
    HeaderEmpty = "HEADER_EMPTY",
        "Paste the value of an Authorization header, like 'Basic ...' or 'Bearer ...', or a curl -u argument.";
    HeaderHasNamePrefix = "HEADER_HAS_NAME_PREFIX",
        "Set only the value: the header name 'Authorization' goes in the name, not in the value.";
    HeaderMissingScheme = "HEADER_MISSING_SCHEME",
        "Start the value with its scheme: 'Basic ' for an API token, 'Bearer ' for an OAuth token.";
    HeaderUnknownScheme = "HEADER_UNKNOWN_SCHEME",
        "Zendesk accepts 'Basic' (API token) and 'Bearer' (OAuth access token).";
    HeaderNotBase64 = "HEADER_NOT_BASE64",
        "After 'Basic ' comes base64 of 'email/token:API_TOKEN'; build it with buildAuthorizationHeader.";
    HeaderDoubleEncoded = "HEADER_DOUBLE_ENCODED",
        "Encode 'email/token:API_TOKEN' with base64 once, not twice.";
    HeaderMalformedCredentials = "HEADER_MALFORMED_CREDENTIALS",
        "The decoded value must be 'email/token:API_TOKEN'.";
    HeaderMissingTokenSuffix = "HEADER_MISSING_TOKEN_SUFFIX",
        "Add '/token' after the email: 'email/token:API_TOKEN'. Without it Zendesk treats the token as a password and answers 401.";
    HeaderApiTokenAsBearer = "HEADER_API_TOKEN_AS_BEARER",
        "API tokens go in a Basic header as 'email/token:API_TOKEN'; Bearer is only for OAuth access tokens.";
}

macro_rules! client_codes {
    ($($variant:ident = $name:literal, $doc:literal;)*) => {
        /// Codes of errors from talking to Zendesk. Stable, like the diagnostic codes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum ClientCode { $(#[doc = $doc] $variant,)* }

        impl ClientCode {
            /// Every client code, in declaration order.
            pub const ALL: &'static [ClientCode] = &[$(ClientCode::$variant,)*];

            /// The code as JavaScript sees it.
            pub fn as_str(self) -> &'static str {
                match self { $(ClientCode::$variant => $name,)* }
            }
        }
    };
}

client_codes! {
    Unauthorized = "UNAUTHORIZED", "401.";
    Forbidden = "FORBIDDEN", "403: role, plan or OAuth scope.";
    NoHelpDesk = "NO_HELP_DESK", "404 for the account itself: no help desk at that subdomain.";
    NotFound = "NOT_FOUND", "404 for the path.";
    BadRequest = "BAD_REQUEST", "400, 409, 422...: Zendesk refused the request as sent.";
    RateLimited = "RATE_LIMITED", "429, or waiting for it would pass the deadline.";
    ServerError = "SERVER_ERROR", "5xx.";
    Timeout = "TIMEOUT", "An attempt ran past `timeoutMs`.";
    Aborted = "ABORTED", "The caller's AbortSignal fired.";
    Network = "NETWORK", "No HTTP answer could be read.";
    BadResponse = "BAD_RESPONSE", "An answer that is not what Zendesk sends (e.g. malformed JSON).";
    RedirectRefused = "REDIRECT_REFUSED", "A redirect that was not followed with credentials.";
    Anonymous = "ANONYMOUS", "200 from `/users/me` for the anonymous user: the credentials were ignored.";
    CorsRequiresOauth = "CORS_REQUIRES_OAUTH", "A browser cannot send an API token cross-origin (Zendesk sends no CORS headers).";
    InvalidPath = "INVALID_PATH", "`path` is not a Zendesk API path (or a URL outside the base URL).";
    InvalidOption = "INVALID_OPTION", "An option has the wrong type or value.";
    InvalidGrant = "INVALID_GRANT", "The token endpoint refused the code or refresh token.";
    InvalidClient = "INVALID_CLIENT", "The token endpoint refused the OAuth client.";
    InvalidScope = "INVALID_SCOPE", "A scope outside Zendesk's grammar, or refused.";
    OnTokensFailed = "ON_TOKENS_FAILED", "`onTokens` threw or rejected: the new tokens are in use but may not be saved.";
    ClientFreed = "CLIENT_FREED", "A method was called after `free()`.";
    PaginationLoop = "PAGINATION_LOOP", "A next-page link repeated one already followed.";
}

/// Codes raised by the package's JavaScript alone, which runs without the wasm module:
/// the browser entries before `init()` has loaded it.
pub const JS_ONLY: &[&str] = &["NOT_INITIALIZED"];

/// The client's error codes that its JavaScript raises alone (src/js/client.js and
/// pkg-template/client/protect.js), which the Rust side never names: kept out of
/// `ClientCode` so that the .wasm carries no string for them. To TypeScript they are
/// client codes like the others (`ClientErrorCode` lists `ClientCode` then these).
/// - HEADER_NOT_ALLOWED: a request header the client sets itself (Authorization, Host,
///   Cookie, framing).
/// - ON_TOKENS_TIMEOUT: `onTokens` did not settle within onTokensTimeoutMs; the new
///   tokens stay in use.
/// - OAUTH_DENIED: the authorization callback carried Zendesk's `error` (access_denied
///   and the others); from parseCallback.
/// - STATE_MISMATCH: the authorization callback's `state` is not the one this sign-in
///   made; from parseCallback.
/// - REVOKE_FAILED: the token still worked after revokeToken deleted it.
pub const CLIENT_JS: &[&str] = &["HEADER_NOT_ALLOWED", "ON_TOKENS_TIMEOUT", "OAUTH_DENIED", "STATE_MISMATCH", "REVOKE_FAILED"];

/// `zendesk-auth/webhook` (JavaScript over WebCrypto; see its `WEBHOOK_CODES`).
pub const WEBHOOK: &[&str] = &[
    "WEBHOOK_OPTIONS_INVALID", "WEBHOOK_SECRET_MISSING", "WEBHOOK_SIGNATURE_MISSING", "WEBHOOK_TIMESTAMP_MISSING",
    "WEBHOOK_BODY_PARSED", "WEBHOOK_CRYPTO_UNAVAILABLE", "WEBHOOK_SIGNATURE_MALFORMED", "WEBHOOK_TIMESTAMP_INVALID",
    "WEBHOOK_SIGNATURE_MISMATCH", "WEBHOOK_TEST_SECRET", "WEBHOOK_ORDER_REVERSED", "WEBHOOK_BODY_REENCODED",
    "WEBHOOK_SECRET_DECODED", "WEBHOOK_SECRET_WHITESPACE", "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW", "WEBHOOK_REQUEST_INVALID",
    "WEBHOOK_BODY_UNREADABLE", "WEBHOOK_BODY_TOO_LARGE",
];

/// `zendesk-auth/edge`: the proxy's own answers (`{ code, message, hint }` and the
/// `X-Zendesk-Auth-Code` header), configuration errors included.
pub const EDGE: &[&str] = &[
    "ACCESS_CONFIG_INCOMPLETE", "ACCESS_JWT_INVALID", "ACCESS_TEAM_DOMAIN_INVALID", "APP_ORIGIN_INVALID",
    "AUTH_MODE_INVALID", "BASE_URL_INVALID", "BODY_TOO_LARGE", "CALLER_CHECK_MISSING", "CALLER_NOT_AUTHENTICATED",
    "CONFIG_INVALID", "CREDENTIALS_INVALID", "EDGE_NEEDS_WORKERD", "INTERNAL", "LOGIN_DENIED", "LOGIN_EXPIRED",
    "LOGIN_FAILED", "LOGIN_STATE_MISMATCH", "METHOD_NOT_ALLOWED", "NOT_SIGNED_IN", "OAUTH_CLIENT_MISSING",
    "OAUTH_CLIENT_REJECTED", "ORIGIN_NOT_ALLOWED", "PATH_NOT_ALLOWED", "PROXY_MISCONFIGURED", "RATE_BUDGET_EXCEEDED",
    "REAUTH_REQUIRED", "SESSION_SECRET_MISSING", "SUBDOMAIN_INVALID", "TOKEN_REFRESH_FAILED", "UNSUPPORTED_MEDIA_TYPE",
    "UPSTREAM_REDIRECT", "UPSTREAM_TIMEOUT", "UPSTREAM_UNREACHABLE", "WEBHOOK_HANDLER_FAILED", "WEBHOOK_HANDLER_INVALID",
    "ZENDESK_RATE_LIMITED",
];

/// The `zendesk-auth` command line (`--json` output carries them).
pub const CLI: &[&str] = &[
    "AUTHORIZATION_DENIED", "CLIENT_ID_MISSING", "CLIENT_SECRET_MISSING", "INPUT_TOO_LARGE", "INTERNAL",
    "LOCK_TIMEOUT", "LOGIN_EXPIRED", "LOGIN_TIMEOUT", "NOT_LOGGED_IN", "PORT_UNAVAILABLE", "TOKEN_FILE_INVALID",
    "TOKEN_FILE_MISMATCH", "TOKEN_FILE_UNREADABLE", "UNKNOWN_COMMAND",
];

/// Every code string a user can see, from every part of the package.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    Code::ALL.iter().map(|c| c.as_str()).chain(ClientCode::ALL.iter().map(|c| c.as_str())).chain([JS_ONLY, CLIENT_JS, WEBHOOK, EDGE, CLI].into_iter().flatten().copied())
}
