// The demo page: diagnostics as you type, the Authorization header (masked until
// revealed) with curl and fetch snippets, the header inspector, and Test connection
// through the package's ZendeskClient. Plain DOM, no framework.
//
// Secrets: never written to the console, to storage, to the URL or to innerHTML, and
// shown only masked unless "Reveal" is pressed. Requests go only to the chosen target
// (the server's Content-Security-Policy enforces the list).
import init, { validate, buildAuthorizationHeader, inspectAuthorizationHeader, redact, apiBaseUrl, ZendeskClient } from "/pkg/browser.mjs";

const FIELDS = ["subdomain", "email", "apiToken", "oauthToken"];
const LABELS = { subdomain: "Subdomain", email: "Email", apiToken: "API token", oauthToken: "OAuth token" };
const COPY_NAMES = { header: "Authorization header", curl: "curl command", fetch: "fetch snippet" };
const $ = (id) => document.getElementById(id);

const state = {
  config: null,
  target: "fake",
  touched: new Set(), // fields left at least once: their "missing" errors may show
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
  if (state.config) $("fake-desc").replaceChildren("Started by ", code("make demo"), " at ", code(state.config.fake.url), "; works offline.");
  $("fill-demo").hidden = state.target === "zendesk" || !state.config;
  const note = $("target-note");
  if (state.target === "fake") {
    note.replaceChildren(
      h("p", null, "Requests go to ", code(fakeBase(result)),
        ": a fake Zendesk on another port, hence another origin, so your browser applies CORS as it does with Zendesk. Accounts ",
        code("acme"), ", ", code("team"), " and ", code("tokenoff"), " (API tokens off); ", code("make demo"), " printed the demo credentials."),
      h("p", { class: "small" }, "Unlike Zendesk, the fake lets the browser read a 401, so a bad OAuth token shows ", code("UNAUTHORIZED"),
        " instead of ", code("NETWORK"), "."),
    );
  } else if (state.target === "zendesk") {
    note.replaceChildren(
      h("p", null, "Requests go to ", code(zendeskBase(result)), ". A browser can only use an ", h("strong", null, "OAuth token"),
        " there: Zendesk sends CORS headers only for OAuth (Bearer) requests, so the browser blocks its answers to API-token (Basic auth) requests, and to any 403 or 429."),
      h("p", null, "For an API token in a web page, put a same-origin proxy that holds it in front: ", code("examples/edge-worker/"),
        " is a Cloudflare Worker that keeps the secret and forwards an allow-list of API paths. Servers and curl can use an API token directly, until 2027-04-30."),
    );
  } else {
    note.replaceChildren(
      h("p", null, "Requests go to ", code(state.config?.proxy.path ?? "/zendesk-proxy"), " on this server, which adds the demo account's API token (",
        code(state.config?.proxy.email ?? ""), ") itself and forwards a few GET paths to the fake, as ", code("examples/edge-worker/"), " does for a real Zendesk."),
      h("p", null, "The page sends no credential: the tokens typed below are not used for this test, and the client's scheme is ", code("none"), "."),
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
  $("retirement").hidden = !values.apiToken;
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

function explain(error) {
  switch (error.code) {
    case "CORS_REQUIRES_OAUTH":
      return "Nothing was sent. Enter an OAuth token, or choose the same-origin proxy target.";
    case "NETWORK":
      return state.target === "zendesk"
        ? "Check the subdomain and your connection. In a browser a bad token, a 403 or a 429 look like this too, because Zendesk sends no CORS header with them; the browser's developer tools show the real status."
        : "The fake knows the accounts acme, team and tokenoff; any other subdomain gets a 404 without CORS headers, as with Zendesk. Otherwise, check that make demo is still running.";
    default:
      return undefined;
  }
}

function showError(error, client) {
  const title = error?.code ? [h("span", { "aria-hidden": "true" }, "✕ "), code(error.code)] : ["✕ Failed"];
  $("test-result").replaceChildren(
    h(
      "div",
      { class: "outcome failed" },
      h("p", { class: "outcome-title" }, ...title),
      // A coded error's text holds no secret; anything else is redacted to be safe.
      h("p", { class: "message" }, error?.code ? error.message : redact(String(error?.message ?? error))),
      error?.hint ? h("p", { class: "hint" }, error.hint) : null,
      definitionList([
        ["Status", error?.status !== undefined ? String(error.status) : undefined],
        // Zendesk's own words (they could echo anything: redacted), unless the message quotes them already.
        ["Zendesk said", error?.zendeskError && !String(error.message).includes(error.zendeskError) ? redact(error.zendeskError) : undefined],
        ["Request id", error?.requestId ? code(error.requestId) : undefined],
        ["Retry after", error?.retryAfterMs !== undefined ? `${Math.ceil(error.retryAfterMs / 1000)} s` : undefined],
        ["Target", client ? code(client.baseUrl) : undefined],
      ]),
      explain(error) ? h("p", { class: "aside" }, explain(error)) : null,
    ),
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

function setRevealed(revealed) {
  state.revealed = revealed;
  $("reveal").textContent = revealed ? "Hide" : "Reveal";
  $("copy-status").textContent = "";
  render();
}

function wire() {
  const form = $("credentials");
  form.addEventListener("submit", (e) => e.preventDefault()); // Enter submits nothing anywhere
  form.addEventListener("input", render);
  form.addEventListener("focusout", (e) => {
    if (FIELDS.includes(e.target.id) && !state.touched.has(e.target.id)) {
      state.touched.add(e.target.id);
      render();
    }
  });
  for (const radio of document.querySelectorAll('input[name="target"]')) {
    radio.addEventListener("change", () => {
      state.target = radio.value;
      $("test-result").replaceChildren();
      render();
    });
  }
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
  render();
  renderInspector();
  loading.remove();
  document.documentElement.dataset.ready = "true";
}

start();
