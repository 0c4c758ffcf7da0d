// What Zendesk says, in one place: error bodies and the anonymous user.
//
// Bodies marked Zendesk's documentation are quoted from it; the others come from Zendesk's
// public docs or from errors quoted in client issue trackers, or are assumptions
// listed in README.md.

// Zendesk's documentation
export const BASIC_UNAUTHORIZED = { error: "Couldn't authenticate you" };
export const BASIC_CHALLENGE = 'Basic realm="Web Password"';

// Recorded on a Bearer 401 (Speedygeek/ZendeskApi_v2 #139).
export const BEARER_CHALLENGE =
  'Bearer realm="Zendesk::OAuth Bearer Token Authentication", error="invalid_token", error_description="The access token provided is expired, revoked, malformed or invalid for other reasons."';

// Zendesk's documentation
export const BEARER_UNAUTHORIZED = {
  error: "invalid_token",
  error_description: "The access token provided is expired, revoked, malformed or invalid for other reasons.",
};

// Zendesk's documentation (role or plan); the message's full text as Zendesk sends it.
export const ROLE_FORBIDDEN = {
  error: {
    title: "Forbidden",
    message: "You do not have access to this page. Please contact the account owner of this help desk for further help.",
  },
};

// Zendesk's documentation
export function scopeForbidden(scope) {
  return { error: "Forbidden", description: `You are missing the following required scopes: ${scope}` };
}

// Zendesk's documentation gives the title; the message is the one Zendesk's page shows.
export function noHelpDesk(host) {
  return {
    error: {
      title: `No help desk at ${host}`,
      message: "There is no help desk configured at this address. This means that the address is available and that you can claim it at http://www.zendesk.com/signup",
    },
  };
}

// Quoted in client issue trackers (zenpy #484, zendesk-java-client #111).
export const INVALID_ENDPOINT = { error: "InvalidEndpoint", description: "Not found" };
export const RECORD_NOT_FOUND = { error: "RecordNotFound", description: "Not found" };

// Quoted in client issue trackers (pipelinewise #1183, airbyte #38595).
export const INVALID_PAGINATION_DEPTH = {
  errors: [
    {
      code: "InvalidPaginationDepth",
      title: "Pagination requests using Offset Pagination are limited to page 100 or up to 10000 records (page * per_page)",
      detail:
        "There are limits to the page depth in Offset Pagination. Offset Pagination will be deprecated fully in the near future.\n" +
        "Please switch to Cursor Pagination at the earliest. Cursor Pagination does not have any limits.\n" +
        "See https://developer.zendesk.com/documentation/api-basics/pagination/comparing-cursor-pagination-and-offset-pagination\n",
    },
  ],
};

// Assumptions (README): shapes follow Zendesk's `{error, description}` envelope.
export function invalidCursor() {
  return { errors: [{ code: "InvalidPaginationParameter", title: "Invalid cursor", detail: "The page[after] or page[before] cursor could not be read." }] };
}
export const RATE_LIMITED = { error: "APIRateLimitExceeded", description: "Number of allowed API requests per minute exceeded" };
export const SERVICE_UNAVAILABLE = { error: "ServiceUnavailable", description: "Service temporarily unavailable, please retry." };
export const MAINTENANCE = { error: "Maintenance", description: "Zendesk is down for maintenance." };
export const INTERNAL_ERROR = { error: "InternalServerError", description: "Something went wrong." };
export const BAD_GATEWAY = { error: "BadGateway", description: "Bad gateway." };
export const GATEWAY_TIMEOUT = { error: "GatewayTimeout", description: "Gateway timeout." };
export const INVALID_JSON = { error: "InvalidJSON", description: "The request body is not valid JSON." };
export const BODY_TOO_LARGE = { error: "RequestTooLarge", description: "The request body is too large." };
export function recordInvalid(description) {
  return { error: "RecordInvalid", description: "Record validation errors", details: { base: [{ description }] } };
}

// Field-level validation errors: { field: [{ description, error }] }, as recorded
// for a user with a malformed email (mozilla/sumo #2669, node-zendesk #3).
export function fieldInvalid(details) {
  return { error: "RecordInvalid", description: "Record validation errors", details };
}

// Zendesk's documentation: what /users/me.json answers for anonymous callers. The fields
// beyond id and name are the ones a signed-out Zendesk user has (assumption).
export const ANONYMOUS_USER = {
  user: {
    id: null,
    url: null,
    name: "Anonymous user",
    email: "invalid@example.com",
    created_at: null,
    updated_at: null,
    time_zone: "UTC",
    iana_time_zone: "Etc/UTC",
    locale: "en-US",
    role: "end-user",
    verified: false,
    active: true,
    suspended: false,
  },
};
