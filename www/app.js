// The demo page: diagnostics as you type, the Authorization header (masked until
// revealed) with curl and fetch snippets, the header inspector, Test connection
// through the package's ZendeskClient, and an OAuth (PKCE) sign-in against the local
// fake. Plain DOM, no framework.
//
// Secrets: never written to the console, to storage, to the URL or to innerHTML, and
// shown only masked unless "Reveal" (or a field's "Show") is pressed; the sign-in's own
// result never shows a token in full. The one exception to "no storage": the PKCE state
// and code verifier, with the non-secret fields, wait in sessionStorage during the
// sign-in's round trip to the authorization page (see "OAuth (PKCE)" below). Requests go only to the chosen target (the server's
// Content-Security-Policy enforces the list).
import init, {
  validate, buildAuthorizationHeader, inspectAuthorizationHeader, redact, apiBaseUrl, ZendeskClient,
  createAuthorizationUrl, exchangeCode, refreshToken,
} from "/pkg/client/browser.mjs";
import { verifyWebhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "/pkg/webhook/index.mjs";

const FIELDS = ["subdomain", "email", "apiToken", "oauthToken"];
const LABELS = { subdomain: "Subdomain", email: "Email", apiToken: "API token", oauthToken: "OAuth token", "webhook-secret": "signing secret" };
const COPY_NAMES = { header: "Authorization header", curl: "curl command", fetch: "fetch snippet" };
const $ = (id) => document.getElementById(id);

const state = {
  config: null,
  target: "fake",
  edited: new Set(), // fields typed in since the page loaded or was cleared
  touched: new Set(), // fields typed in and then left: their "missing" errors may show
  tested: false, // after Test connection, every error shows
  revealed: false,
  running: false,
  result: null, // the last validate() result
  current: null, // { header|curl|fetch: { shown, full } }
};

// ---- small DOM helpers (textContent only: nothing typed is ever parsed as HTML) ----

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}
const code = (text) => h("code", null, text);

/** The package's convention: at most the last 4 characters of a secret stay visible. */
function mask(secret) {
  return secret.length >= 12 ? `********${secret.slice(-4)}` : "********";
}

/** Text meant to be masked must not hold a secret: if it does anyway, show nothing of it. */
function guard(text, secrets) {
  return secrets.some((s) => s && s.length >= 4 && text.includes(s)) ? "(hidden)" : text;
}

function readForm() {
  const values = {};
  for (const field of FIELDS) {
    const value = $(field).value;
    if (value !== "") values[field] = value;
  }
  return values;
}

function subdomainOk(result) {
  return Boolean(result.credentials.subdomain) && !result.diagnostics.some((d) => d.field === "subdomain" && d.severity === "error");
}

// ---- diagnostics ----------------------------------------------------------------

/** "Missing" errors wait until the person has left the field or pressed Test connection. */
function shown(d, values) {
  if (state.tested) return true;
  if (d.code === "NO_CREDENTIALS") return false;
  if (d.code === "EMAIL_MISSING" && values.apiToken) return true;
  if (d.code.endsWith("_MISSING")) return state.touched.has(d.field);
  return true;
}

/** Errors first, then warnings, each in the package's order. */
function bySeverity(diagnostics) {
  return [...diagnostics.filter((d) => d.severity === "error"), ...diagnostics.filter((d) => d.severity !== "error")];
}

function diagnosticItem(d) {
  return h(
    "li",
    { class: `diagnostic ${d.severity}` },
    h("span", { class: "badge" }, d.severity === "error" ? "Error" : "Warning"),
    " ",
    // Messages and hints never hold a secret (the package's contract); redact() would
    // mangle their examples such as 'email/token:API_TOKEN'.
    h("span", { class: "message" }, d.message),
    h("span", { class: "hint" }, d.hint),
    h("code", { class: "code" }, d.code),
  );
}

function renderNormalized(field, raw, normalized, result) {
  const line = $(`${field}-normalized`);
  const parts = [];
  const changed = raw !== undefined && normalized !== undefined && raw !== normalized;
  if (field === "subdomain") {
    if (changed) parts.push("Normalized: ", code(normalized));
    if (subdomainOk(result)) {
      try {
        const base = apiBaseUrl(normalized);
        parts.push(parts.length ? " · API base " : "API base ", code(base));
      } catch {
        // not valid after all: the diagnostics say why
      }
    }
  } else if (changed) {
    const value = field === "email" ? normalized : mask(normalized);
    parts.push("Normalized: ", code(value));
    if (field !== "email") parts.push(` (${[...normalized].length} characters)`);
  }
  line.replaceChildren(...parts);
}

let announceTimer;
let lastAnnounced = "";
/** Tells screen-reader users what changed for the field they are typing in, once they pause. */
function announce(byField) {
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => {
    const field = document.activeElement?.id;
    if (!FIELDS.includes(field)) return;
    const text = byField[field].map((d) => `${LABELS[field]}: ${d.severity}: ${d.message}`).join(" ") || `${LABELS[field]}: no problem found.`;
    if (text !== lastAnnounced) $("announcer").textContent = lastAnnounced = text;
  }, 900);
}

// ---- target -----------------------------------------------------------------------

function fakeBase(result) {
  const sub = subdomainOk(result) ? result.credentials.subdomain : "{subdomain}";
  return `${state.config.fake.url}/${sub}`;
}

function zendeskBase(result) {
  try {
    if (subdomainOk(result)) return apiBaseUrl(result.credentials.subdomain);
  } catch {}
  return "https://{subdomain}.zendesk.com";
}

/** Where snippets point: the fake for the demo targets, the real host for "My Zendesk". */
function snippetBase(result) {
  return state.target === "zendesk" || !state.config ? zendeskBase(result) : fakeBase(result);
}

function renderTarget(result) {
  const sub = subdomainOk(result) ? result.credentials.subdomain : "{subdomain}";
  for (const node of document.querySelectorAll(".sub-echo")) node.textContent = sub;
  $("fill-demo").hidden = state.target === "zendesk" || !state.config;
  const note = $("target-note");
  if (state.target === "fake") {
    note.replaceChildren(
      h("p", null, "Requests go to ", code(fakeBase(result)),
        ", a fake Zendesk that ", code("make demo"), " started on another origin, so the browser applies CORS as with Zendesk. Accounts ",
        code("acme"), ", ", code("team"), " and ", code("tokenoff"), " (API tokens off). Unlike Zendesk, it lets the browser read a 401, so a bad OAuth token shows ",
        code("UNAUTHORIZED"), " instead of ", code("NETWORK"), "."),
    );
  } else if (state.target === "zendesk") {
    note.replaceChildren(
      h("p", null, "Requests go to ", code(zendeskBase(result)), ". A browser can only use an ", h("strong", null, "OAuth token"),
        " there: Zendesk sends CORS headers only for OAuth (Bearer) requests, so the browser blocks its answers to API-token (Basic) requests, and to any 403 or 429. ",
        "For an API token, put a same-origin proxy that holds it in front, such as ", code("examples/edge-worker/"), " (a Cloudflare Worker)."),
    );
  } else {
    note.replaceChildren(
      h("p", null, "Requests go to ", code(state.config?.proxy.path ?? "/zendesk-proxy"), " on this server, which adds the demo account's API token (",
        code(state.config?.proxy.email ?? ""), ") itself and forwards a few GET paths to the fake, as ", code("examples/edge-worker/"), " does for a real Zendesk. ",
        "The page sends no credential (the client's scheme is ", code("none"), ")."),
    );
  }
}

// ---- header and snippets ------------------------------------------------------------

/** Single-quotes a word for a POSIX shell. */
function sh(word) {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

function snippets(result, header, reveal) {
  const creds = result.credentials;
  const bearer = header.startsWith("Bearer ");
  const secret = bearer ? creds.oauthToken : creds.apiToken;
  const token = reveal ? secret : mask(secret);
  let headerText = header;
  if (!reveal) {
    headerText = bearer ? `Bearer ${mask(secret)}` : redact(header);
    if (headerText === header) headerText = `${header.split(" ")[0]} ********`;
  }
  const url = `${snippetBase(result)}/api/v2/users/me.json`;
  const curl = bearer
    ? `curl ${sh(url)} \\\n  -H ${sh(`Authorization: Bearer ${token}`)}`
    : `curl ${sh(url)} \\\n  -u ${sh(`${creds.email}/token:${token}`)}`;
  let fetchLines;
  if (state.target === "proxy" && state.config) {
    fetchLines = [
      "// The proxy adds the Authorization header: the page holds no secret.",
      `const res = await fetch(${JSON.stringify(`${state.config.proxy.path}/api/v2/users/me.json`)});`,
    ];
  } else {
    fetchLines = [
      ...(bearer ? [] : ["// Basic (API token) works from a server only: browsers get no CORS answer."]),
      `const res = await fetch(${JSON.stringify(url)}, {`,
      `  headers: { Authorization: ${JSON.stringify(headerText)} },`,
      "});",
    ];
  }
  fetchLines.push("const { user } = await res.json();");
  return { header: headerText, curl, fetch: fetchLines.join("\n") };
}

function renderHeader(values, result) {
  // Only where the API token is what the header would carry: beside an OAuth token it is
  // unused, and the field's own warning already says it retires.
  $("retirement").hidden = !values.apiToken || Boolean(values.oauthToken);
  const line = $("scheme-line");
  let header;
  try {
    header = buildAuthorizationHeader(values);
  } catch (error) {
    $("output").hidden = true;
    state.current = null;
    if (error.code === "NO_CREDENTIALS") {
      line.className = "muted";
      line.replaceChildren("It appears here once you enter an OAuth token, or an email and an API token.");
    } else {
      line.className = "blocked";
      const where = LABELS[error.field] ? ` (${LABELS[error.field]})` : "";
      line.replaceChildren(`Not built yet${where}: ${error.message} `, code(error.code));
    }
    return;
  }
  const creds = result.credentials;
  const bearer = header.startsWith("Bearer ");
  line.className = "";
  line.replaceChildren(
    ...(bearer
      ? [code("Bearer"), " with the OAuth token.", values.apiToken ? " The API token is not used: the OAuth token wins when both are given." : ""]
      : [code("Basic"), " with ", code("base64(email/token:API_TOKEN)"), " of the UTF-8 bytes."]),
  );
  const secrets = [creds.apiToken, creds.oauthToken, values.apiToken, values.oauthToken, header.slice(header.indexOf(" ") + 1)];
  const full = snippets(result, header, true);
  const masked = snippets(result, header, false);
  state.current = {};
  for (const key of ["header", "curl", "fetch"]) {
    const text = state.revealed ? full[key] : guard(masked[key], secrets);
    state.current[key] = { shown: text, full: full[key] };
    $(`${key}-value`).textContent = text;
  }
  $("output").hidden = false;
}

// ---- the whole form -------------------------------------------------------------------

function render() {
  const values = readForm();
  const result = validate(values);
  state.result = result;
  const byField = { general: [] };
  for (const field of FIELDS) byField[field] = [];
  for (const d of bySeverity(result.diagnostics)) {
    if (shown(d, values)) (byField[d.field] ?? byField.general).push(d);
  }
  for (const field of FIELDS) {
    $(`${field}-diagnostics`).replaceChildren(...byField[field].map(diagnosticItem));
    if (byField[field].some((d) => d.severity === "error")) $(field).setAttribute("aria-invalid", "true");
    else $(field).removeAttribute("aria-invalid");
    renderNormalized(field, values[field], result.credentials[field], result);
  }
  $("general-diagnostics").replaceChildren(...byField.general.map(diagnosticItem));
  renderTokenSource();
  renderTarget(result);
  renderHeader(values, result);
  announce(byField);
}

// ---- test connection -----------------------------------------------------------------

function formatRateLimit(rl) {
  if (!rl || (rl.limit === undefined && rl.remaining === undefined)) return "Not readable: the answer did not expose the rate-limit headers.";
  let text = `${rl.remaining ?? "?"} of ${rl.limit ?? "?"} requests left this minute`;
  if (rl.resetSeconds !== undefined) text += `, window resets in ${rl.resetSeconds} s`;
  for (const [name, b] of Object.entries(rl.buckets ?? {})) text += `; ${name}: ${b.remaining ?? "?"} of ${b.total ?? "?"}`;
  return text;
}

const SCHEME_TEXT = {
  oauth: " (Authorization: Bearer, the OAuth token)",
  api_token: " (Authorization: Basic, email/token:API_TOKEN)",
  none: " (the page sent no credential: the proxy added its own)",
};

function definitionList(rows) {
  return h("dl", null, rows.filter(([, v]) => v !== undefined && v !== null && v !== "").flatMap(([k, v]) => [h("dt", null, k), h("dd", null, v)]));
}

function showSuccess(verification, client) {
  const u = verification.user;
  $("test-result").replaceChildren(
    h(
      "div",
      { class: "outcome ok" },
      h("p", { class: "outcome-title" }, h("span", { "aria-hidden": "true" }, "✓ "), `Connected as ${u.name ?? `user ${u.id}`}`),
      definitionList([
        ["User", [u.name ?? "", u.email ? ` <${u.email}>` : "", u.role ? `, ${u.role}` : "", `, id ${u.id}`].join("")],
        ["Scheme", [code(verification.authScheme), SCHEME_TEXT[verification.authScheme] ?? ""]],
        ["Rate limit", formatRateLimit(verification.rateLimit)],
        ["Target", code(client.baseUrl)],
      ]),
    ),
  );
}

/**
 * A Bearer request that got no readable answer. The package cannot tell why (the browser
 * hides it), but the page knows the scheme, the target and whether the browser is online,
 * so it lists only the causes that fit an OAuth request; advice about API tokens would
 * send the reader the wrong way.
 */
function bearerNetworkHelp() {
  const fake = state.target === "fake";
  const sub = subdomainOk(state.result) ? state.result.credentials.subdomain : "{subdomain}";
  const causes = [];
  if (navigator.onLine === false) causes.push(h("li", null, h("strong", null, "This browser is offline."), " Reconnect, then test again."));
  causes.push(
    h("li", null, h("strong", null, `${fake ? "The fake" : "Zendesk"} refused the request with 429 or 403`),
      " (too many requests; or the token lacks the ", code("read"), " scope, or the user's role or plan does not allow this). ",
      "Those answers carry no CORS headers, so the browser hides them. The Network tab of the developer tools shows the status."),
    h("li", null, h("strong", null, "The subdomain is wrong."), " ",
      ...(fake
        ? ["The fake knows the accounts ", code("acme"), ", ", code("team"), " and ", code("tokenoff"), "; any other answers without CORS headers, as Zendesk does."]
        : [code(`${sub}.zendesk.com`), " may not be a Zendesk account: check it against the address you sign in at."])),
  );
  if (navigator.onLine !== false) {
    causes.push(h("li", null, h("strong", null, "The connection failed."), " ",
      fake ? "Check that make demo is still running." : "Check the network (a proxy, VPN or firewall in the way), then test again."));
  }
  return h("div", { class: "aside" },
    h("p", null, "The OAuth token was sent as ", code("Bearer"), " and no readable answer came back. What fits:"),
    h("ul", { class: "causes" }, causes));
}

function explain(error, client) {
  switch (error.code) {
    case "CORS_REQUIRES_OAUTH":
      return { aside: "Nothing was sent. Enter an OAuth token, or choose the same-origin proxy target." };
    case "NETWORK": {
      const scheme = error.authScheme ?? client?.authScheme;
      if (scheme === "oauth") return { message: "No readable answer to the OAuth request.", hint: null, aside: bearerNetworkHelp() };
      if (state.target === "fake") return { aside: "The fake knows the accounts acme, team and tokenoff; any other subdomain gets a 404 without CORS headers, as with Zendesk. Otherwise, check that make demo is still running." };
      if (state.target === "proxy") return { aside: "The proxy is part of this page's server: check that make demo is still running." };
      return { aside: navigator.onLine === false ? "This browser is offline: reconnect, then test again." : "Check the subdomain and your connection; the browser's developer tools show the real status." };
    }
    default:
      return {};
  }
}

function showError(error, client) {
  $("test-result").replaceChildren(errorOutcome(error, client, explain(error, client)));
}

/**
 * A failure from the package (or anything thrown), as the page shows it. `words` may
 * replace the package's message or hint (null drops it) and add an aside.
 */
function errorOutcome(error, client, words = {}, titleAttrs) {
  const { aside } = words;
  const title = error?.code ? [h("span", { "aria-hidden": "true" }, "✕ "), code(error.code)] : ["✕ Failed"];
  // A coded error's text holds no secret; anything else is redacted to be safe.
  const message = words.message ?? (error?.code ? error.message : redact(String(error?.message ?? error)));
  const hint = words.hint === undefined ? error?.hint : words.hint;
  return h(
    "div",
    { class: "outcome failed" },
    h("p", { class: "outcome-title", ...titleAttrs }, ...title),
    h("p", { class: "message" }, message),
    hint ? h("p", { class: "hint" }, hint) : null,
    definitionList([
      ["Status", error?.status !== undefined ? String(error.status) : undefined],
      // Zendesk's own words (they could echo anything: redacted), unless the message quotes them already.
      ["Zendesk said", error?.zendeskError && !String(error.message).includes(error.zendeskError) ? redact(error.zendeskError) : undefined],
      ["Request id", error?.requestId ? code(error.requestId) : undefined],
      ["Retry after", error?.retryAfterMs !== undefined ? `${Math.ceil(error.retryAfterMs / 1000)} s` : undefined],
      ["Target", client ? code(client.baseUrl) : undefined],
    ]),
    typeof aside === "string" ? h("p", { class: "aside" }, aside) : aside ?? null,
  );
}

function clientOptions(values, result) {
  const timing = { timeoutMs: 15_000, retry: { maxRetries: 1, maxWaitMs: 15_000 } };
  if (state.target === "proxy") return { baseUrl: new URL(state.config.proxy.path, location.origin).href, ...timing };
  const creds = {};
  for (const field of ["email", "apiToken", "oauthToken"]) if (values[field] !== undefined) creds[field] = values[field];
  if (state.target === "fake") return { baseUrl: `${state.config.fake.url}/${result.credentials.subdomain}`, ...creds, ...timing };
  return { subdomain: values.subdomain, ...creds, ...timing };
}

async function testConnection() {
  if (state.running) return;
  state.tested = true;
  render();
  const values = readForm();
  const result = state.result;
  const out = $("test-result");
  if (state.target !== "proxy") {
    const blocker = !subdomainOk(result)
      ? result.diagnostics.find((d) => d.field === "subdomain" && d.severity === "error")
      : !values.apiToken && !values.oauthToken
        ? result.diagnostics.find((d) => d.code === "NO_CREDENTIALS")
        : undefined;
    if (blocker) {
      showError(blocker);
      return;
    }
  }
  const button = $("test");
  state.running = true;
  button.setAttribute("aria-disabled", "true");
  out.replaceChildren(h("p", { class: "muted" }, "Testing…"));
  let client;
  try {
    client = new ZendeskClient(clientOptions(values, result));
    showSuccess(await client.verify(), client);
  } catch (error) {
    showError(error, client);
  } finally {
    client?.free();
    state.running = false;
    button.removeAttribute("aria-disabled");
  }
}

// ---- inspector ---------------------------------------------------------------------------

const INSPECTED_SCHEME = {
  api_token: "Basic with an API token (email/token:…)",
  password: "Basic with email and password (no /token). Zendesk removed password access in January 2026.",
  bearer: "Bearer (an OAuth access token)",
  unknown: "Not recognised",
};

function renderInspector() {
  const value = $("inspect-input").value;
  const out = $("inspect-result");
  if (value.trim() === "") return out.replaceChildren();
  const r = inspectAuthorizationHeader(value);
  out.replaceChildren(
    definitionList([
      ["Scheme", [code(r.scheme), " ", INSPECTED_SCHEME[r.scheme] ?? ""]],
      ["Email", r.email ?? "none"],
      ["Secret", r.secretMasked ? code(r.secretMasked) : "none"],
    ]),
    r.diagnostics.length
      ? h("ul", { class: "diagnostics", "aria-label": "What is wrong" }, bySeverity(r.diagnostics).map(diagnosticItem))
      : h("p", { class: "fine" }, "Nothing wrong found."),
  );
}

// ---- webhook signature --------------------------------------------------------------------
//
// A pasted webhook checked with the package's zendesk-auth/webhook, in this page: the
// verdict and, when it fails, the diagnosis (its code, message and hint). No request is
// made, and the secret is only ever read from its (password) field, never shown.

const webhook = { run: 0 };

/**
 * The headers in pasted text: "Name: value" lines, as a log or the browser's network panel
 * shows them, or curl's -H 'Name: value' arguments. Names are matched without case.
 */
function parseHeaders(text) {
  const headers = new Map();
  for (const m of text.matchAll(/(?:^|\s)(?:-H|--header)\s+(['"])(.*?)\1/g)) addHeader(headers, m[2]);
  if (headers.size === 0) for (const line of text.split(/\r?\n/)) addHeader(headers, line.replace(/\\\s*$/, ""));
  return headers;
}

function addHeader(headers, line) {
  const i = line.indexOf(":");
  if (i <= 0) return;
  const name = line.slice(0, i).trim().toLowerCase();
  if (/^[a-z0-9-]+$/.test(name)) headers.set(name, line.slice(i + 1).trim());
}

/** When the header is ISO 8601, that moment; otherwise undefined (the verdict then says what it is). */
function timestampMs(value) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(value ?? "")) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

async function checkWebhook() {
  const run = ++webhook.run;
  const headersText = $("webhook-headers").value;
  const body = $("webhook-body").value;
  const secret = $("webhook-secret").value;
  const out = $("webhook-result");
  const found = $("webhook-headers-found");
  if (headersText.trim() === "" && body === "" && secret === "") {
    found.textContent = "";
    return out.replaceChildren();
  }
  const headers = parseHeaders(headersText);
  const signature = headers.get(SIGNATURE_HEADER.toLowerCase());
  const timestamp = headers.get(TIMESTAMP_HEADER.toLowerCase());
  found.textContent = headersText.trim() === ""
    ? ""
    : `Found: ${[signature !== undefined ? "the signature" : null, timestamp !== undefined ? "the timestamp" : null].filter(Boolean).join(" and ") || "neither Zendesk header"}.`;
  const asOf = $("webhook-as-of").checked ? timestampMs(timestamp) : undefined;
  const verdict = await verifyWebhookSignature({
    body,
    signature,
    timestamp,
    secret,
    allowTestSecret: $("webhook-allow-test").checked,
    ...(asOf !== undefined ? { now: asOf } : {}),
  });
  if (run !== webhook.run) return; // typed on meanwhile: a newer check will answer
  const at = timestampMs(timestamp);
  const age = at === undefined ? undefined : Math.round((Date.now() - at) / 1000);
  const rows = [
    ["Timestamp", timestamp ? code(timestamp) : undefined],
    ["Age", age === undefined ? undefined : age >= 0 ? `${age} s ago` : `${-age} s in the future`],
    ["Body", `${new TextEncoder().encode(body).length} bytes (UTF-8)`],
  ];
  if (verdict.ok) {
    const how = verdict.testSecret ? "with the webhook builder's public test secret (accepted because you allowed it)" : "with this secret";
    out.replaceChildren(h("div", { class: "outcome ok" },
      h("p", { class: "outcome-title" }, h("span", { "aria-hidden": "true" }, "✓ "), "Genuine"),
      h("p", { class: "message" }, `The signature matches: Zendesk signed this timestamp and body ${how}.`),
      definitionList(rows)));
    return;
  }
  // Messages and hints of zendesk-auth/webhook never hold the secret or the expected signature.
  out.replaceChildren(h("div", { class: "outcome failed" },
    h("p", { class: "outcome-title" }, h("span", { "aria-hidden": "true" }, "✕ "), "Refused: ", code(verdict.code)),
    h("p", { class: "message" }, verdict.message),
    h("p", { class: "hint" }, verdict.hint),
    definitionList(rows)));
}

/** A webhook signed here with a random secret (WebCrypto), so the section can be tried without Zendesk. */
async function webhookExample() {
  const secret = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const body = JSON.stringify({
    type: "zen:event-type:ticket.created",
    account_id: 10001,
    id: crypto.randomUUID(),
    time: timestamp,
    zendesk_event_version: "2022-11-06",
    subject: "zen:ticket:1",
    detail: { id: "1", subject: "Printer on fire", status: "NEW", priority: "HIGH", requester_id: "1001" },
    event: {},
  });
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(timestamp + body)));
  $("webhook-headers").value = `Content-Type: application/json\n${SIGNATURE_HEADER}: ${btoa(String.fromCharCode(...mac))}\n${TIMESTAMP_HEADER}: ${timestamp}`;
  $("webhook-body").value = body;
  $("webhook-secret").value = secret;
  await checkWebhook();
}

function setUpWebhook() {
  $("webhook-form").addEventListener("submit", (e) => e.preventDefault());
  $("webhook-form").addEventListener("input", checkWebhook);
  $("webhook-form").addEventListener("change", checkWebhook);
  $("webhook-example").addEventListener("click", webhookExample);
}

// ---- OAuth (PKCE) ------------------------------------------------------------------------
//
// The authorization-code flow with PKCE, against the local fake only (a real Zendesk needs
// the app's own OAuth client, registered in Admin Center with this redirect URI; the page
// says so and does not try). createAuthorizationUrl() makes a random state and a one-time
// code verifier and puts only the verifier's SHA-256 (the challenge) into the URL. Then the
// browser leaves for the authorization page, and this page, its memory included, is gone
// until the authorization server sends the browser back to the redirect URI.
//
// So the state and the verifier must outlive one navigation: they wait in sessionStorage,
// which only this tab and this origin can read and which ends with the tab. That is how
// PKCE works in a browser app; the alternatives (cookies, localStorage) live longer or
// travel further. What the person typed that is not secret (subdomain, email, target,
// client id, scopes) travels with them, so the page comes back as it was left; the token
// fields do not, since keeping them would mean storing a secret. The callback takes it all
// out and removes it before anything else, and a load anywhere else removes an abandoned
// entry. The tokens live in `oauth.tokens` in memory only, and a reload forgets them; the
// access token also goes into the OAuth token field (masked, a password input), where the
// header card and Test connection use it like a typed one.

const PKCE_KEY = "zendesk-auth-demo:oauth-pkce";
const DEFAULT_CALLBACK = "/oauth/callback";
const oauth = { tokens: null, baseUrl: null, clientId: null, running: false, fed: null };
/** The form fields that come back after the sign-in: none of them is a secret. */
const KEPT_FIELDS = ["subdomain", "email"];

const callbackPath = () => state.config?.oauth?.callbackPath ?? DEFAULT_CALLBACK;

/** Reads and removes the pending sign-in at once: the pair is good for one callback only. */
function takePendingSignIn() {
  let raw = null;
  try {
    raw = sessionStorage.getItem(PKCE_KEY);
    sessionStorage.removeItem(PKCE_KEY);
  } catch {
    return null;
  }
  try {
    const pending = JSON.parse(raw);
    return typeof pending?.state === "string" && typeof pending?.codeVerifier === "string" ? pending : null;
  } catch {
    return null;
  }
}

function oauthStatus(text) {
  $("oauth-status").textContent = text;
}

function setOAuthFieldError(id, diagnostic) {
  $(`${id}-diagnostics`).replaceChildren(...(diagnostic ? [diagnosticItem(diagnostic)] : []));
  if (diagnostic) $(id).setAttribute("aria-invalid", "true");
  else $(id).removeAttribute("aria-invalid");
}

/** A time of day in the reader's format, as a machine-readable <time>. */
function clock(ms) {
  const at = new Date(ms);
  return h("time", { datetime: at.toISOString() }, at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }));
}

/** "14:32:05 (in 30 min)". */
function expiryText(ms) {
  if (typeof ms !== "number") return ["not stated by Zendesk"];
  const minutes = Math.round((ms - Date.now()) / 60_000);
  return [clock(ms), minutes > 0 ? ` (in ${minutes} min)` : " (expired)"];
}

function tokenRows(tokens) {
  return [
    ["Scope", code(tokens.scope || "(none granted)")],
    ["Access token", [code(mask(tokens.accessToken)), " expires ", ...expiryText(tokens.accessTokenExpiresAt)]],
    ["Refresh token", tokens.refreshToken ? [code(mask(tokens.refreshToken)), " single use: a refresh replaces it"] : "none"],
  ];
}

function oauthFailure(error, aside, client) {
  $("oauth-result").replaceChildren(errorOutcome(error, client, { aside }, { id: "oauth-outcome", tabindex: "-1" }));
  $("oauth-outcome").focus();
  oauthStatus(`Sign-in failed: ${error?.code ?? ""} ${error?.code ? error.message : "see the page"}`.replace(/\s+/g, " "));
}

/** A failure of the flow itself (not of a request), worded like a package error. */
const flowError = (code, message, hint) => ({ code, message, hint });

function startSignIn(event) {
  event.preventDefault(); // the form only groups the fields; nothing is submitted
  const config = state.config?.oauth;
  if (!config || oauth.running) return;
  const clientId = $("oauth-client-id").value.trim();
  const scopes = $("oauth-scopes").value.trim();
  setOAuthFieldError("oauth-client-id", null);
  setOAuthFieldError("oauth-scopes", null);
  $("oauth-result").replaceChildren();
  const redirectUri = new URL(callbackPath(), location.origin).href;
  let start;
  try {
    start = createAuthorizationUrl({ baseUrl: config.baseUrl, clientId, redirectUri, scopes });
  } catch (error) {
    const where = error.code === "INVALID_SCOPE" ? "oauth-scopes" : /clientId/.test(error.message) ? "oauth-client-id" : null;
    if (where) {
      setOAuthFieldError(where, { severity: "error", code: error.code, message: error.message, hint: error.hint });
      $(where).focus();
    } else {
      oauthFailure(error);
    }
    return;
  }
  try {
    // Only for the round trip (see above): removed by the callback before it does anything.
    const typed = { target: state.target, scopes: $("oauth-scopes").value };
    for (const field of KEPT_FIELDS) typed[field] = $(field).value;
    sessionStorage.setItem(PKCE_KEY, JSON.stringify({ state: start.state, codeVerifier: start.codeVerifier, baseUrl: config.baseUrl, clientId, redirectUri, typed }));
  } catch {
    oauthFailure(flowError("STORAGE_REFUSED", "The browser refused session storage, so the code verifier could not survive the trip to the authorization page.", "Allow site data for this page (or leave private mode), then sign in again."));
    return;
  }
  oauth.running = true;
  $("oauth-start").setAttribute("aria-disabled", "true");
  $("oauth-result").replaceChildren(h("p", { class: "muted" }, "Going to the fake Zendesk's authorization page…"));
  location.assign(start.url);
}

/** Back from the authorization page: check the state, exchange the code, verify. */
async function finishSignIn() {
  const params = new URLSearchParams(location.search);
  const pending = takePendingSignIn();
  // The code and state have done their job in the address bar: keep them out of the history.
  history.replaceState(null, "", "/");
  if (pending) restoreTyped(pending);
  $("oauth").scrollIntoView();
  $("oauth-h").focus();
  const result = $("oauth-result");

  if (!pending) {
    return oauthFailure(flowError("NO_SIGN_IN_IN_PROGRESS", "This tab did not start a sign-in, or has already finished it: there is no state or code verifier to check the answer against.", "Press Sign in with Zendesk (PKCE) to start one."));
  }
  if (params.get("state") !== pending.state) {
    return oauthFailure(
      flowError("STATE_MISMATCH", "State mismatch: the answer from the authorization page does not carry the state this tab sent, so it is not the answer to this sign-in. The code was not used.", "Start the sign-in again from this page. A mismatch is what a forged or replayed callback (cross-site request forgery) looks like."),
    );
  }
  if (params.has("error")) {
    const description = params.get("error_description");
    return oauthFailure(
      flowError(params.get("error"), `The authorization server refused the sign-in${description ? `: ${redact(description)}` : "."}`, params.get("error") === "access_denied" ? "The user chose Deny. Sign in again to retry." : "Check the client id and the scopes, then sign in again."),
    );
  }
  const code = params.get("code");
  if (!code) return oauthFailure(flowError("NO_CODE", "The authorization server came back without a code.", "Sign in again."));

  oauth.running = true;
  const button = $("oauth-start");
  button.setAttribute("aria-disabled", "true");
  result.replaceChildren(h("p", { class: "muted" }, "Exchanging the code for tokens…"));
  let client;
  try {
    const { baseUrl, clientId, redirectUri, codeVerifier } = pending;
    const tokens = await exchangeCode({ baseUrl, clientId, code, codeVerifier, redirectUri });
    Object.assign(oauth, { tokens, baseUrl, clientId });
    // The client refreshes by itself shortly before expiry and after a 401; onTokens keeps
    // the (rotated) set in memory, where "Refresh now" finds the current refresh token.
    client = new ZendeskClient({ baseUrl, tokens, clientId, onTokens: setTokens, timeoutMs: 15_000, retry: { maxRetries: 1, maxWaitMs: 15_000 } });
    const verification = await client.verify();
    feedToken();
    showSignedIn(verification, client);
  } catch (error) {
    oauthFailure(error, error?.code === "INVALID_GRANT" ? "A code is good for one exchange within two minutes, with the verifier of the same sign-in. Sign in again." : undefined, client);
    oauth.tokens = null;
  } finally {
    client?.free();
    oauth.running = false;
    button.removeAttribute("aria-disabled");
  }
  $("oauth-outcome")?.focus();
}

/** Puts back what was typed before the sign-in (only the non-secret fields were kept). */
function restoreTyped(pending) {
  const typed = pending.typed ?? {};
  for (const field of KEPT_FIELDS) if (typeof typed[field] === "string") $(field).value = typed[field];
  if (typeof pending.clientId === "string") $("oauth-client-id").value = pending.clientId;
  if (typeof typed.scopes === "string") $("oauth-scopes").value = typed.scopes;
  if (["fake", "zendesk", "proxy"].includes(typed.target) && !$(`target-${typed.target}`).disabled) setTarget(typed.target);
  else render();
}

/**
 * The new access token goes where a typed one would, so the header card and Test connection
 * use it. The fake's demo account issued it and only the fake accepts it, so the fake
 * replaces My Zendesk as the target, and the account fills an empty Subdomain.
 */
function feedToken() {
  const account = state.config.oauth.account;
  $("oauthToken").value = oauth.fed = oauth.tokens.accessToken;
  setSecretVisible("oauthToken", false);
  if (!$("subdomain").value) $("subdomain").value = account;
  if (state.target === "zendesk") setTarget("fake");
  else render();
}

/** A new pair (Refresh now, or the client's own refresh): the field follows if it still holds ours. */
function setTokens(next) {
  const followed = oauth.fed !== null && $("oauthToken").value === oauth.fed;
  oauth.tokens = next;
  if (followed) {
    $("oauthToken").value = oauth.fed = next.accessToken;
    render();
  }
}

/** Under the OAuth token field: where its value came from, while it is still the signed-in one. */
function renderTokenSource() {
  const line = $("oauthToken-source");
  if (!oauth.fed || $("oauthToken").value !== oauth.fed || !oauth.tokens) return line.replaceChildren();
  line.replaceChildren("From the OAuth sign-in (", code(oauth.tokens.scope || "no scope"), "), expires ", ...expiryText(oauth.tokens.accessTokenExpiresAt), ".");
}

function showSignedIn(verification, client) {
  const u = verification.user;
  const who = u.name ?? `user ${u.id}`;
  $("oauth-result").replaceChildren(
    h(
      "div",
      { class: "outcome ok" },
      h("p", { class: "outcome-title", id: "oauth-outcome", tabindex: "-1" }, h("span", { "aria-hidden": "true" }, "✓ "), `Signed in with OAuth as ${who}`),
      definitionList([
        ["User", [u.name ?? "", u.email ? ` <${u.email}>` : "", u.role ? `, ${u.role}` : "", `, id ${u.id}`].join("")],
        ["Scheme", [code(verification.authScheme), SCHEME_TEXT[verification.authScheme] ?? ""]],
        ["Target", code(client.baseUrl)],
      ]),
      h("div", { id: "oauth-tokens" }, definitionList(tokenRows(oauth.tokens))),
      h("p", { class: "aside", id: "oauth-fed" }, "The access token is now in the ", h("a", { href: "#oauthToken" }, "OAuth token field"),
        ": the Authorization header and ", h("a", { href: "#test-h" }, "Test connection"), " use it."),
      h("div", { class: "actions" }, h("button", { type: "button", id: "oauth-refresh", "aria-describedby": "oauth-refresh-note" }, "Refresh now")),
      h("p", { class: "aside", id: "oauth-refresh-note" }, "Trades the refresh token for a new pair with ", code("refreshToken()"), ". The client would do this by itself before expiry. Reload the page to forget the tokens."),
    ),
  );
  $("oauth-refresh").addEventListener("click", refreshNow);
  oauthStatus(`Signed in with OAuth as ${who}. Scope ${oauth.tokens.scope}. The access token is now in the OAuth token field.`);
}

async function refreshNow() {
  const button = $("oauth-refresh");
  if (oauth.running || !oauth.tokens?.refreshToken) return;
  oauth.running = true;
  button.setAttribute("aria-disabled", "true");
  const before = mask(oauth.tokens.refreshToken);
  const note = $("oauth-refresh-note");
  try {
    setTokens(await refreshToken({ baseUrl: oauth.baseUrl, clientId: oauth.clientId, refreshToken: oauth.tokens.refreshToken }));
    const after = oauth.tokens.refreshToken ? mask(oauth.tokens.refreshToken) : "none";
    $("oauth-tokens").replaceChildren(definitionList(tokenRows(oauth.tokens)));
    note.className = "aside fine";
    note.replaceChildren("Refreshed at ", clock(Date.now()), ": new refresh token ", code(after), " replaces ", code(before), ", which no longer works.");
    oauthStatus(`Refreshed. The new refresh token ends in ${after.slice(-4)}.`);
  } catch (error) {
    note.className = "aside failed";
    note.replaceChildren(code(error?.code ?? "FAILED"), " ", error?.code ? error.message : redact(String(error?.message ?? error)), error?.hint ? ` ${error.hint}` : "");
    oauthStatus(`Refresh failed: ${error?.code ?? "error"}.`);
  } finally {
    oauth.running = false;
    button.removeAttribute("aria-disabled");
  }
}

function setUpOAuth() {
  const config = state.config?.oauth;
  if (!config) {
    // Served without serve.mjs: no fake to sign in to.
    $("oauth-where").replaceChildren("The sign-in needs the local fake Zendesk: start the page with ", code("make demo"), ".");
    for (const id of ["oauth-client-id", "oauth-scopes", "oauth-start"]) $(id).disabled = true;
    return;
  }
  $("oauth-where").replaceChildren(
    "Signs in to the local fake Zendesk (", code(config.baseUrl), "), which approves at once as the admin and sends the browser back to ",
    code(new URL(callbackPath(), location.origin).href), ". The page then exchanges the code, runs ", code("verify()"),
    " with the access token and puts it in the OAuth token field. Subdomain, Email and the target come back as you left them; typed tokens do not, as that would mean storing them. ",
    "Tokens stay in memory only: a reload forgets them.",
  );
  $("oauth-client-id").value = config.clientId;
  $("oauth-scopes").value = config.scopes ?? "read";
  $("oauth-form").addEventListener("submit", startSignIn);
  // Back from the authorization page into a page kept in the back/forward cache: the
  // sign-in was abandoned, so forget its state and verifier and free the button.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted || !oauth.running) return;
    takePendingSignIn();
    oauth.running = false;
    $("oauth-start").removeAttribute("aria-disabled");
    $("oauth-result").replaceChildren();
  });
}

// ---- copy, reveal, toggles ------------------------------------------------------------

async function copy(what) {
  const item = state.current?.[what];
  const status = $("copy-status");
  if (!item) return;
  try {
    await navigator.clipboard.writeText(item.full);
    status.className = "status-line";
    status.textContent = `Copied the ${COPY_NAMES[what]}, secret included.`;
  } catch {
    status.className = "status-line failed";
    status.textContent = `Could not copy: the browser refused the clipboard. Press Reveal, then select the ${COPY_NAMES[what]} and copy it by hand.`;
  }
}

function setSecretVisible(field, visible) {
  const input = $(field);
  const button = document.querySelector(`[data-toggle="${field}"]`);
  input.type = visible ? "text" : "password";
  button.textContent = visible ? "Hide" : "Show";
  button.setAttribute("aria-label", `${visible ? "Hide" : "Show"} ${LABELS[field]}`);
}

function setTarget(target) {
  state.target = target;
  const radio = document.querySelector(`input[name="target"][value="${target}"]`);
  if (radio) radio.checked = true;
  $("test-result").replaceChildren();
  render();
}

function setRevealed(revealed) {
  state.revealed = revealed;
  $("reveal").textContent = revealed ? "Hide" : "Reveal";
  $("copy-status").textContent = "";
  render();
}

function wire() {
  const form = $("credentials");
  form.addEventListener("submit", (e) => e.preventDefault()); // Enter submits nothing anywhere
  form.addEventListener("input", (e) => {
    if (FIELDS.includes(e.target.id)) state.edited.add(e.target.id);
    render();
  });
  // Leaving a field counts only once something was typed in it: merely passing through
  // an empty field (Tab, or the focus Clear leaves on Subdomain) must not raise a
  // "missing" error, whose sudden appearance would move everything under it mid-click.
  form.addEventListener("focusout", (e) => {
    const id = e.target.id;
    if (state.edited.has(id) && !state.touched.has(id)) {
      state.touched.add(id);
      render();
    }
  });
  for (const radio of document.querySelectorAll('input[name="target"]')) radio.addEventListener("change", () => setTarget(radio.value));
  for (const button of document.querySelectorAll("[data-toggle]")) {
    button.addEventListener("click", () => setSecretVisible(button.dataset.toggle, $(button.dataset.toggle).type === "password"));
  }
  for (const button of document.querySelectorAll("[data-copy]")) button.addEventListener("click", () => copy(button.dataset.copy));
  $("reveal").addEventListener("click", () => setRevealed(!state.revealed));
  $("test").addEventListener("click", testConnection);
  $("inspect-input").addEventListener("input", renderInspector);
  $("fill-demo").addEventListener("click", () => {
    for (const field of FIELDS) $(field).value = state.config.demo[field];
    render();
  });
  $("clear").addEventListener("click", () => {
    form.reset();
    for (const field of ["apiToken", "oauthToken"]) setSecretVisible(field, false);
    state.edited.clear();
    state.touched.clear();
    state.tested = false;
    $("test-result").replaceChildren();
    setRevealed(false);
    $("subdomain").focus();
  });
}

// ---- start -------------------------------------------------------------------------------

async function start() {
  const loading = $("loading");
  try {
    await init();
  } catch {
    loading.textContent = "The checker (WebAssembly) could not be loaded. Start the page with make demo, then reload.";
    return;
  }
  try {
    const answer = await fetch("/config.json", { cache: "no-store" });
    if (answer.ok) state.config = await answer.json();
  } catch {}
  if (!state.config) {
    // Served without serve.mjs: only the real target is possible.
    for (const radio of document.querySelectorAll('input[name="target"]')) radio.disabled = radio.value !== "zendesk";
    state.target = "zendesk";
  } else {
    state.target = state.config.defaultTarget === "zendesk" ? "zendesk" : "fake";
  }
  document.querySelector(`input[name="target"][value="${state.target}"]`).checked = true;
  wire();
  setUpOAuth();
  setUpWebhook();
  render();
  renderInspector();
  loading.remove();
  const callback = location.pathname === callbackPath();
  if (!callback) takePendingSignIn(); // a sign-in abandoned on the way (Back, a new address): forget it
  document.documentElement.dataset.ready = "true";
  if (callback) await finishSignIn();
}

start();
