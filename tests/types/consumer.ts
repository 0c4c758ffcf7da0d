// Compiled with `tsc --noEmit --strict` against the installed package: every export,
// used the way the README shows, must type-check; misuse must not.
import init, {
  initSync,
  apiBaseUrl,
  buildAuthorizationHeader,
  inspectAuthorizationHeader,
  redact,
  validate,
  type Credentials,
  type Diagnostic,
  type DiagnosticCode,
  type HeaderInspection,
  type ValidationResult,
  type ZendeskAuthError,
  type RateLimit,
} from "zendesk-auth";
// The client entry: the core's exports again, plus the client and the OAuth calls.
import initClient, {
  validate as validateToo,
  ZendeskClient,
  createAuthorizationUrl,
  exchangeCode,
  refreshToken,
  clientCredentialsToken,
  parseCallback,
  type TokenSet,
  type TokenInfo,
  type ResponseEvent,
  type ZendeskResponse,
} from "zendesk-auth/client";
// @ts-expect-error: the core entry has no client
import { ZendeskClient as NotInCore } from "zendesk-auth";

interface Ticket { id: number; subject: string }

async function client(): Promise<void> {
  const zd = new ZendeskClient({ subdomain: "acme", oauthToken: "t", timeoutMs: 5000, retry: { maxRetries: 2, onRateLimit: "throw" } });
  const scheme: "oauth" | "api_token" | "none" = zd.authScheme;
  const me = await zd.verify({ signal: AbortSignal.timeout(1000) });
  const id: number = me.user.id;
  const r: ZendeskResponse<{ ticket: Ticket }> = await zd.get<{ ticket: Ticket }>("/api/v2/tickets/1.json");
  const subject: string = r.data.ticket.subject;
  const limit: RateLimit = r.rateLimit;
  await zd.post("/api/v2/tickets.json", { ticket: { subject: "x" } });
  await zd.request("PUT", "/api/v2/tickets/1.json", { body: { ticket: { status: "solved" } }, query: { async: true } });
  for await (const page of zd.paginate<{ tickets: Ticket[] }>("/api/v2/tickets.json", { pageSize: 50 })) {
    const n: number = page.data.tickets.length;
    void n;
  }
  // Headers, impersonation, Marketplace identification, byte bodies, uploads, items and caps.
  const busy = new ZendeskClient({
    subdomain: "acme", oauthToken: "t", headers: { "User-Agent": "Sync/1.0", "X-Zendesk-Marketplace-Name": "Sync" }, onTokensTimeoutMs: 5000,
  });
  await busy.get("/api/v2/users/me.json", { headers: new Headers({ "Idempotency-Key": "k" }), asUser: "agent@acme.test" });
  await busy.post("/api/v2/x.json", new Uint8Array([1]), { headers: [["Content-Type", "image/png"]] });
  const up = await busy.post<{ upload: { token: string } }>("/api/v2/uploads.json", new Blob(["x"]), { query: { filename: "a.txt" } });
  const uploadToken: string = up.data.upload.token;
  const pages = busy.paginate<{ tickets: Ticket[] }>("/api/v2/incremental/tickets/cursor.json", { query: { start_time: 0 } });
  for await (const t of pages.items<Ticket>("tickets")) void t.subject;
  try {
    await busy.get("/api/v2/x.json");
  } catch (e) {
    const err = e as ZendeskAuthError;
    if (err.code === "PATH_NOT_ALLOWED" || err.code === "PAGINATION_LOOP") void err.details;
  }
  // @ts-expect-error: items() takes the records' key as a string
  pages.items(1);
  // Hooks, userAgent, Marketplace, page caps, upload(), tokenInfo(), revokeToken(), parseCallback().
  const responses: ResponseEvent[] = [];
  const logged = new ZendeskClient({
    subdomain: "acme", oauthToken: "t", userAgent: "Sync/1.0", marketplace: { name: "Sync", organizationId: 1, appId: "2" },
    onRequest: (e) => void e.headers["authorization"], onResponse: (e) => responses.push(e), onRetry: async (e) => void e.waitMs,
  });
  for await (const t of logged.paginate("/api/v2/tickets.json", { maxPages: 2, maxItems: 150, onPage: (p) => void (p.total ?? p.items) }).items<Ticket>()) void t.id;
  const file = await logged.upload(new Blob(["x"]), { filename: "a.txt", token: uploadToken });
  const fileToken: string | undefined = file.token;
  const info: TokenInfo = await logged.tokenInfo();
  const revoked: { id: number; revoked: true } = await logged.revokeToken({ id: info.id });
  const back = parseCallback(new URL("https://app.example/cb?code=c&state=s"), { state: "s", codeVerifier: "v", redirectUri: "https://app.example/cb" });
  await exchangeCode({ subdomain: "acme", clientId: "app", code: back.code, codeVerifier: "v", redirectUri: "https://app.example/cb" });
  const why: string | undefined = responses[0]?.error;
  void fileToken, revoked, why;
  // @ts-expect-error: a page's progress has no such field
  logged.paginate("/api/v2/tickets.json", { onPage: (p) => void p.percent });
  // @ts-expect-error: upload needs a filename
  await logged.upload(new Uint8Array([1]), {});
  // @ts-expect-error: parseCallback needs the sign-in's state
  parseCallback("https://app.example/cb?code=c", {});
  void uploadToken;
  // @ts-expect-error: auth is a closed set
  new ZendeskClient({ subdomain: "acme", oauthToken: "t", auth: "basic" });
  // @ts-expect-error: not an HTTP method the client sends
  await zd.request("TRACE", "/api/v2/x.json");
  void scheme, id, subject, limit;
}

async function main(): Promise<void> {
  await init();
  // Synchronous instantiation from bytes or a compiled module you already have.
  if (Date.now() < 0) initSync({ module: new Uint8Array(0) });
  const credentials: Credentials = { subdomain: "acme", email: "agent@example.com", apiToken: "x" };
  const result: ValidationResult = validate(credentials, { now: new Date() });
  const firstCode: DiagnosticCode | undefined = result.diagnostics[0]?.code;
  const errors: Diagnostic[] = result.diagnostics.filter((d) => d.severity === "error");
  const header: string = buildAuthorizationHeader(credentials, { scheme: "api_token", now: Date.now() });
  const inspection: HeaderInspection = inspectAuthorizationHeader(header);
  const scheme: "api_token" | "password" | "bearer" | "unknown" = inspection.scheme;
  const safe: string = redact(`Authorization: ${header}`);
  const base: string = apiBaseUrl(result.credentials.subdomain ?? "acme");
  try {
    buildAuthorizationHeader({});
  } catch (e) {
    const err = e as ZendeskAuthError;
    const code: string = err.code;
    const hint: string = err.hint;
    void code, hint;
  }
  // @ts-expect-error: unknown fields are rejected by the types
  validate({ token: "x" });
  // @ts-expect-error: scheme is a closed set
  buildAuthorizationHeader(credentials, { scheme: "digest" });
  void firstCode, errors, scheme, safe, base;
}

async function oauth(): Promise<void> {
  const { url, state, codeVerifier } = createAuthorizationUrl({ subdomain: "acme", clientId: "app", redirectUri: "https://app.example/cb", scopes: ["read"] });
  const tokens: TokenSet = await exchangeCode({ subdomain: "acme", clientId: "app", code: "c", codeVerifier, redirectUri: "https://app.example/cb" });
  const next: TokenSet = await refreshToken({ subdomain: "acme", clientId: "app", refreshToken: tokens.refreshToken ?? "" });
  const service: TokenSet = await clientCredentialsToken({ subdomain: "acme", clientId: "svc", clientSecret: "s", scopes: "read" });
  const zd = new ZendeskClient({ subdomain: "acme", tokens, clientId: "app", onTokens: async (t: TokenSet) => { void t.accessToken; } });
  // @ts-expect-error: client credentials need a secret
  await clientCredentialsToken({ subdomain: "acme", clientId: "svc", scopes: "read" });
  void url, state, next, service, zd;
}

void main();
void oauth();
void client();

async function clientEntry(): Promise<void> {
  await initClient();
  const same: ValidationResult = validateToo({ subdomain: "acme", oauthToken: "t" });
  void same, NotInCore;
}
void clientEntry;
