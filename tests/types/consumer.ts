// Compiled with `tsc --noEmit --strict` against the installed package: every export,
// used the way the README shows, must type-check; misuse must not.
import init, {
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
} from "zendesk-auth";

async function main(): Promise<void> {
  await init();
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

void main();
