// `header` builds an Authorization header from the environment (or the token file);
// `inspect` reads one pasted on stdin and says what is wrong with it. Both are the
// package's own functions with a terminal around them.

import { buildAuthorizationHeader, inspectAuthorizationHeader, validate } from "../client/node.mjs";
import { DEFAULT_MIN_VALID_SECONDS, freshTokens, locateTokenFile, resolveSubdomain } from "./access.mjs";
import { CliError, EXIT, fromPackageError, palette, writeJson } from "./ui.mjs";

const SCHEMES = new Set(["oauth", "api_token"]);
const MAX_STDIN_BYTES = 64 * 1024;

function printDiagnostics(diagnostics, stream = process.stderr) {
  const c = palette(stream);
  for (const d of diagnostics) {
    const tag = d.severity === "error" ? c.red("error") : c.yellow("warning");
    stream.write(`${tag} ${c.bold(d.code)} (${d.field}): ${d.message}\n  ${c.dim("hint:")} ${d.hint}\n`);
  }
}

export async function header(values, env = process.env) {
  const scheme = values.scheme;
  if (scheme !== undefined && !SCHEMES.has(scheme)) throw new CliError("INVALID_OPTION", "--scheme must be oauth or api_token.", "Leave it out to prefer OAuth when both are set.");
  const credentials = {
    email: values.email ?? env.ZENDESK_EMAIL ?? undefined,
    apiToken: env.ZENDESK_API_TOKEN || undefined,
    oauthToken: env.ZENDESK_OAUTH_TOKEN || undefined,
  };
  let source = "environment";
  if (!credentials.apiToken && !credentials.oauthToken) {
    // Nothing in the environment: the token `login` saved, renewed if needed.
    const { subdomain } = resolveSubdomain(values, env);
    const path = await locateTokenFile(values, subdomain, env);
    if (!path) {
      throw new CliError("NO_CREDENTIALS", "No credentials: neither ZENDESK_OAUTH_TOKEN nor ZENDESK_API_TOKEN is set, and no one is logged in.", "Set ZENDESK_OAUTH_TOKEN, or ZENDESK_EMAIL and ZENDESK_API_TOKEN, or run `npx zendesk-auth login`.");
    }
    const { data } = await freshTokens(path, { minValidMs: DEFAULT_MIN_VALID_SECONDS * 1000, values, env, subdomain });
    credentials.oauthToken = data.accessToken;
    source = "token file";
  }
  for (const k of Object.keys(credentials)) if (credentials[k] === undefined) delete credentials[k];
  let value;
  try {
    value = buildAuthorizationHeader(credentials, scheme ? { scheme } : undefined);
  } catch (err) {
    throw fromPackageError(err);
  }
  const diagnostics = validate(credentials).diagnostics.filter((d) => d.field !== "subdomain" && d.code !== "SUBDOMAIN_MISSING");
  const used = value.startsWith("Bearer ") ? "oauth" : "api_token";
  if (values.json) {
    writeJson({ name: "Authorization", value, scheme: used, source, diagnostics });
  } else {
    printDiagnostics(diagnostics.filter((d) => (used === "oauth" ? d.field !== "apiToken" && d.field !== "email" : d.field !== "oauthToken")));
    process.stdout.write(`Authorization: ${value}\n`);
  }
  return EXIT.ok;
}

async function readStdin() {
  if (process.stdin.isTTY) process.stderr.write("Paste the Authorization header (or a curl -u value), then press Ctrl-D:\n");
  const chunks = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += chunk.length;
    if (size > MAX_STDIN_BYTES) throw new CliError("INPUT_TOO_LARGE", "More than 64 KiB arrived on stdin.", "Paste one header value only.");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function inspect(values) {
  const text = (await readStdin()).replace(/\r?\n$/, "");
  const found = inspectAuthorizationHeader(text);
  const worst = found.diagnostics.some((d) => d.severity === "error") ? EXIT.broken : found.diagnostics.length ? EXIT.warning : EXIT.ok;
  if (values.json) {
    writeJson({ ...found, exitCode: worst });
    return worst;
  }
  const c = palette(process.stdout);
  const out = process.stdout;
  out.write(`scheme  ${c.bold(found.scheme)}\n`);
  if (found.email !== undefined) out.write(`email   ${found.email}\n`);
  if (found.secretMasked !== undefined) out.write(`secret  ${found.secretMasked}\n`);
  if (found.diagnostics.length === 0) out.write(`${c.green("No problems found.")}\n`);
  printDiagnostics(found.diagnostics, out);
  return worst;
}
