// Compiled with exactOptionalPropertyTypes and noUncheckedIndexedAccess under every
// moduleResolution mode (see scripts/test-package.sh): values read from the environment
// or a config (string | undefined) go straight into every optional field.
import init, { initSync, validate, buildAuthorizationHeader, inspectAuthorizationHeader, ZendeskAuthError, type Credentials } from "zendesk-auth";
import { ZendeskClient, createAuthorizationUrl } from "zendesk-auth/client";

declare const env: Record<string, string | undefined>;

const credentials: Credentials = { subdomain: env.ZENDESK_SUBDOMAIN, email: env.ZENDESK_EMAIL, apiToken: env.ZENDESK_API_TOKEN, oauthToken: env.ZENDESK_OAUTH_TOKEN, password: undefined };
const result = validate({ subdomain: env.ZENDESK_SUBDOMAIN, oauthToken: env.ZENDESK_OAUTH_TOKEN }, { now: undefined });
buildAuthorizationHeader(credentials, { scheme: undefined, now: undefined });
inspectAuthorizationHeader("Bearer x", { now: undefined });

// What comes back is exact: a normalized field is a string when present, never undefined.
const subdomain: string = result.credentials.subdomain ?? "";
// noUncheckedIndexedAccess: the first diagnostic may not exist.
// @ts-expect-error: diagnostics[0] is possibly undefined
const first: string = result.diagnostics[0].code;

const client = new ZendeskClient({
  subdomain: env.ZENDESK_SUBDOMAIN,
  oauthToken: env.ZENDESK_OAUTH_TOKEN,
  baseUrl: env.ZENDESK_PROXY,
  clientId: env.ZENDESK_CLIENT_ID,
  clientSecret: undefined,
  timeoutMs: undefined,
  retry: { maxRetries: undefined, onRateLimit: undefined },
});
createAuthorizationUrl({ subdomain: env.ZENDESK_SUBDOMAIN, clientId: "app", redirectUri: "https://app.example/cb", scopes: "read", state: undefined });

// init() is what a page needs: a promise to await; its value is not for use.
const ready: Promise<void> = init();
const fromUrl: Promise<void> = init({ module_or_path: new URL("https://cdn.example/zendesk_auth_bg.wasm") });
initSync({ module: new Uint8Array(0) });
async function rawExportsAreHidden(): Promise<void> {
  // @ts-expect-error: the wasm instance's raw exports are not part of the API
  void (await init()).memory;
}

// ZendeskAuthError is a class: instanceof narrows.
try {
  buildAuthorizationHeader({});
} catch (e) {
  if (e instanceof ZendeskAuthError) {
    const code: string = e.code;
    const hint: string = e.hint;
    void code, hint;
  }
}
void subdomain, first, client, ready, fromUrl, rawExportsAreHidden;
export {};
