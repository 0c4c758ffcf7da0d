// The same API seen from CommonJS (a .cts file compiles to require() under nodenext),
// so TypeScript resolves the package's `require` types condition.
import { validate, buildAuthorizationHeader, type ValidationResult } from "zendesk-auth";
import { ZendeskClient } from "zendesk-auth/client";

const result: ValidationResult = validate({ subdomain: "acme", oauthToken: "t" });
const header: string = buildAuthorizationHeader({ oauthToken: "t" });
const client = new ZendeskClient({ subdomain: "acme", oauthToken: "t" });
void result, header, client;
