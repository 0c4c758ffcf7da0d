// The API route table and its handlers.
//
// Each route says who may call it (`access`), which OAuth resource its scopes
// belong to, and which rate-limit bucket it also draws from. The request
// pipeline (server.mjs) enforces those before calling a handler, so handlers
// only deal with data.
//
// A handler gets `ctx` = { account, user, params, searchParams, apiBase, body, bearer }
// (`bearer`: { record } of the OAuth token the request authenticated with, or null)
// and returns { status, body?, headers? }.
//
// Routes with `access: "client"` are OAuth endpoints (oauth.mjs): the caller is an
// OAuth client, not a user, so the pipeline skips the Authorization header, the
// rate limit and the role/scope checks for them. Their handler gets
// `ctx` = { account, searchParams, rawBody, contentType, now, entry } and returns
// { status, body, headers?, contentType? }.

import { ANONYMOUS_USER, RECORD_NOT_FOUND, fieldInvalid, recordInvalid } from "./responses.mjs";
import { IdSpace, applyTicketFields, invocationById, newTicket, newUser, ticketById, ticketIdSpace, userById, userIdSpace } from "./records.mjs";
import { cursorExport, timeExport } from "./incremental.mjs";
import { paginate } from "./pagination.mjs";
import { createUpload } from "./uploads.mjs";
import { authorize, token } from "./oauth.mjs";
import { revokeCurrentTokenIneffective, revokeToken, showCurrentToken, showToken } from "./tokeninfo.mjs";

const ROUTES = [
  // Anonymous callers get the anonymous user here (Zendesk's documentation), not a 401.
  { method: "GET", path: /^\/api\/v2\/users\/me(?:\.json)?$/, resource: "users", access: "anyone", handler: showMe },
  { method: "GET", path: /^\/api\/v2\/users(?:\.json)?$/, resource: "users", access: "agent", handler: listUsers },
  { method: "GET", path: /^\/api\/v2\/tickets(?:\.json)?$/, resource: "tickets", access: "agent", bucket: "ticketsIndex", handler: listTickets },
  { method: "POST", path: /^\/api\/v2\/tickets(?:\.json)?$/, resource: "tickets", access: "agent", readsBody: true, handler: createTicket },
  { method: "GET", path: /^\/api\/v2\/tickets\/(\d{1,15})(?:\.json)?$/, resource: "tickets", access: "agent", handler: showTicket },
  { method: "PUT", path: /^\/api\/v2\/tickets\/(\d{1,15})(?:\.json)?$/, resource: "tickets", access: "agent", readsBody: true, handler: updateTicket },
  { method: "DELETE", path: /^\/api\/v2\/tickets\/(\d{1,15})(?:\.json)?$/, resource: "tickets", access: "agent", handler: deleteTicket },
  { method: "POST", path: /^\/api\/v2\/users(?:\.json)?$/, resource: "users", access: "agent", readsBody: true, handler: createUser },
  // Incremental exports (incremental.mjs): cursor-based and time-based.
  { method: "GET", path: /^\/api\/v2\/incremental\/tickets\/cursor(?:\.json)?$/, resource: "tickets", access: "agent", handler: cursorExport("tickets") },
  { method: "GET", path: /^\/api\/v2\/incremental\/users\/cursor(?:\.json)?$/, resource: "users", access: "agent", handler: cursorExport("users") },
  { method: "GET", path: /^\/api\/v2\/incremental\/tickets(?:\.json)?$/, resource: "tickets", access: "agent", handler: timeExport("tickets") },
  { method: "GET", path: /^\/api\/v2\/incremental\/users(?:\.json)?$/, resource: "users", access: "agent", handler: timeExport("users") },
  // Webhook invocations: cursor only, and the list recordings show with explicit-port links.
  { method: "GET", path: /^\/api\/v2\/webhooks\/([A-Za-z0-9]{1,40})\/invocations(?:\.json)?$/, resource: "webhooks", access: "agent", linkPort: "explicit", handler: listInvocations },
  // OAuth Tokens API (tokeninfo.mjs). Scopes: `read` to show, `write` to revoke, as for any endpoint.
  { method: "GET", path: /^\/api\/v2\/oauth\/tokens\/current(?:\.json)?$/, resource: "oauth_tokens", access: "user", handler: showCurrentToken },
  { method: "DELETE", path: /^\/api\/v2\/oauth\/tokens\/current(?:\.json)?$/, resource: "oauth_tokens", access: "user", handler: revokeCurrentTokenIneffective },
  { method: "GET", path: /^\/api\/v2\/oauth\/tokens\/(\d{1,15})(?:\.json)?$/, resource: "oauth_tokens", access: "user", handler: showToken },
  { method: "DELETE", path: /^\/api\/v2\/oauth\/tokens\/(\d{1,15})(?:\.json)?$/, resource: "oauth_tokens", access: "user", handler: revokeToken },
  { method: "POST", path: /^\/api\/v2\/uploads(?:\.json)?$/, resource: "tickets", access: "user", readsBody: "raw", handler: createUpload },
  // OAuth (oauth.mjs). Other methods on these paths answer 404 InvalidEndpoint.
  //   GET  /oauth/authorizations/new   authorization page (code + PKCE S256), auto-approved
  //   POST /oauth/tokens               authorization_code | refresh_token | client_credentials
  { method: "GET", path: /^\/oauth\/authorizations\/new$/, access: "client", handler: authorize },
  { method: "POST", path: /^\/oauth\/tokens$/, access: "client", readsBody: "raw", cors: "tokenEndpoint", handler: token },
];

/** The route for this method and account-relative path, with its captured params, or null. */
export function matchRoute(method, path) {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.path.exec(path);
    if (match) return { route, params: match.slice(1) };
  }
  return null;
}

/** Whether this user's role may use the route. */
export function roleAllows(route, user) {
  if (route.access === "anyone" || route.access === "user") return true;
  return user.role === "admin" || user.role === "agent";
}

function showMe({ user }) {
  return { status: 200, body: user ? { user } : ANONYMOUS_USER };
}

function listUsers({ account, searchParams, apiBase }) {
  return paginate({
    searchParams,
    ids: userIdSpace(account),
    record: (id) => userById(account, id, apiBase),
    key: "users",
    listUrl: `${apiBase}/users.json`,
    shapes: account.config.shapes,
  });
}

function listTickets({ account, searchParams, apiBase }) {
  return paginate({
    searchParams,
    ids: ticketIdSpace(account),
    record: (id) => ticketById(account, id, apiBase),
    key: "tickets",
    listUrl: `${apiBase}/tickets.json`,
    shapes: account.config.shapes,
  });
}

function listInvocations({ account, params, searchParams, apiBase }) {
  const webhookId = params[0];
  return paginate({
    searchParams,
    ids: new IdSpace({ first: 1, count: account.config.recordCount.invocations }),
    record: (id) => invocationById(webhookId, id),
    key: "invocations",
    listUrl: `${apiBase}/webhooks/${webhookId}/invocations`,
    shapes: account.config.shapes,
    cursorOnly: true,
  });
}

// Loose on purpose: Zendesk's own check is stricter, but a missing @ or dot is what tests send.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function createUser({ account, body, apiBase }) {
  const fields = body && typeof body === "object" && body.user && typeof body.user === "object" && !Array.isArray(body.user) ? body.user : null;
  if (!fields) return { status: 400, body: recordInvalid("User: parameter missing: user") };
  const details = {};
  const name = typeof fields.name === "string" ? fields.name.trim() : "";
  if (!name) details.name = [{ description: "Name: is too short (minimum is 1 characters)", error: "TooShort" }];
  if (fields.email !== undefined && (typeof fields.email !== "string" || !EMAIL.test(fields.email))) {
    details.email = [{ description: `Email: ${String(fields.email)} is not properly formatted`, error: "InvalidFormat" }];
  }
  if (Object.keys(details).length) return { status: 422, body: fieldInvalid(details) };
  // Answered, not stored: the generated user list stays what the seed says.
  const user = newUser(account, fields, apiBase);
  return { status: 201, body: { user }, headers: { Location: user.url } };
}

function showTicket({ account, params, apiBase }) {
  const ticket = ticketById(account, Number(params[0]), apiBase);
  return ticket ? { status: 200, body: { ticket } } : { status: 404, body: RECORD_NOT_FOUND };
}

function ticketFields(body) {
  return body && typeof body === "object" && body.ticket && typeof body.ticket === "object" && !Array.isArray(body.ticket) ? body.ticket : null;
}

function createTicket({ account, user, body, apiBase }) {
  const fields = ticketFields(body);
  if (!fields) return { status: 400, body: recordInvalid("Ticket: parameter missing: ticket") };
  if (!fields.comment?.body && !fields.comment?.html_body) return { status: 422, body: recordInvalid("Description: cannot be blank") };
  const store = account.tickets;
  const id = store.nextId++;
  store.stored.set(id, newTicket(id, fields, fields.requester_id ?? user.id));
  store.createdIds.push(id);
  const ticket = ticketById(account, id, apiBase);
  return { status: 201, body: { ticket }, headers: { Location: ticket.url } };
}

function updateTicket({ account, params, body, apiBase }) {
  const id = Number(params[0]);
  const current = ticketById(account, id, apiBase);
  if (!current) return { status: 404, body: RECORD_NOT_FOUND };
  const fields = ticketFields(body);
  if (!fields) return { status: 400, body: recordInvalid("Ticket: parameter missing: ticket") };
  const { url: _url, ...rest } = current;
  account.tickets.stored.set(id, applyTicketFields(rest, fields));
  return { status: 200, body: { ticket: ticketById(account, id, apiBase) } };
}

function deleteTicket({ account, params, apiBase }) {
  const id = Number(params[0]);
  if (!ticketById(account, id, apiBase)) return { status: 404, body: RECORD_NOT_FOUND };
  account.tickets.deleted.add(id);
  account.tickets.stored.delete(id);
  return { status: 204 };
}
