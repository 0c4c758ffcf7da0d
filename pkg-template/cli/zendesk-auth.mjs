#!/usr/bin/env node
// npx zendesk-auth <command>: the move off API tokens in a terminal. Each command is the
// package's own exports with a terminal around them; see `--help`.

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

import { doctor } from "./doctor.mjs";
import { header, inspect } from "./headers.mjs";
import { login } from "./login.mjs";
import { logout, token } from "./tokens.mjs";
import { CliError, EXIT, fromPackageError, reportError } from "./ui.mjs";

const COMMON = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  subdomain: { type: "string" },
  "base-url": { type: "string" },
  "token-file": { type: "string" },
};

const ENVIRONMENT = `Environment:
  ZENDESK_SUBDOMAIN      the acme of acme.zendesk.com (or --subdomain)
  ZENDESK_EMAIL          email of a verified user, with an API token (or --email)
  ZENDESK_API_TOKEN      an API token (only from the environment: flags show in ps)
  ZENDESK_OAUTH_TOKEN    an OAuth access token
  ZENDESK_CLIENT_ID      OAuth client identifier (or --client-id)
  ZENDESK_CLIENT_SECRET  secret of a confidential OAuth client
  ZENDESK_BASE_URL       send every call here instead of https://SUBDOMAIN.zendesk.com (or --base-url)
  ZENDESK_TOKEN_FILE     the token file (or --token-file); default
                         $XDG_CONFIG_HOME/zendesk-auth/tokens-SUBDOMAIN.json (~/.config without it,
                         %APPDATA% on Windows), mode 0600
  NO_COLOR               no colour even on a terminal`;

const COMMANDS = {
  doctor: {
    run: doctor,
    options: { email: { type: "string" }, offline: { type: "boolean" } },
    usage: `Usage: zendesk-auth doctor [--subdomain acme] [--email EMAIL] [--offline] [--json]

Checks the Zendesk credentials in the environment and the token file \`login\` saved:
validates them, asks Zendesk who they act as (user, role, scheme, rate limit; an OAuth
token's scopes and expiry), and says what applies: the days left before Zendesk
deactivates every API token on 2027-04-30, the 30-day inactivity rule, whether the OAuth
token expires and can be refreshed, and the next step. Never prints a secret (last 4
characters at most).

  --offline   validate only; do not call Zendesk
  --json      the report as JSON on stdout

Exit codes: 0 ok, 1 warning (works, but act before a date), 2 broken.`,
  },
  login: {
    run: login,
    options: {
      "client-id": { type: "string" },
      scopes: { type: "string" },
      port: { type: "string" },
      timeout: { type: "string" },
      "no-browser": { type: "boolean" },
      "client-credentials": { type: "boolean" },
    },
    usage: `Usage: zendesk-auth login --subdomain acme --client-id ID [--scopes "read write"] [--port N]
       zendesk-auth login --subdomain acme --client-id ID --client-credentials [--scopes read]

Signs in with OAuth (authorization code with PKCE S256) through a redirect to
http://127.0.0.1:PORT/callback: prints the address to open (and opens the browser on a
terminal), checks the state, exchanges the code and saves the tokens in a file only you
can read (mode 0600). The OAuth client must allow that redirect URL.

  --client-id ID          the OAuth client's identifier (or ZENDESK_CLIENT_ID)
  --scopes "read write"   space-separated scopes (default "read write"; logout needs write)
  --port N                port for the redirect (default: a free one)
  --timeout S             seconds to wait for the browser (default 300)
  --no-browser            only print the address
  --client-credentials    confidential clients: the client-credentials grant with
                          ZENDESK_CLIENT_SECRET, no browser (the token acts as the client's owner)
  --json                  the result as JSON on stdout`,
  },
  token: {
    run: token,
    options: { "min-valid": { type: "string" } },
    usage: `Usage: zendesk-auth token [--subdomain acme] [--min-valid SECONDS] [--json]

Prints a valid access token, refreshing it first when it expires within --min-valid
seconds (default 60):

  curl -H "Authorization: Bearer $(npx zendesk-auth token)" https://acme.zendesk.com/api/v2/users/me.json

Several processes may call it at once: one refreshes under a lock, the others wait and
read the new token. If Zendesk cannot be reached the saved refresh token is kept (exit 1,
try again); if Zendesk refuses it, log in again (exit 2, LOGIN_EXPIRED).`,
  },
  logout: {
    run: logout,
    options: {},
    usage: `Usage: zendesk-auth logout [--subdomain acme] [--json]

Revokes the saved OAuth token at Zendesk (the access token and its refresh token, by
id) and deletes the token file.`,
  },
  header: {
    run: header,
    options: { email: { type: "string" }, scheme: { type: "string" } },
    usage: `Usage: zendesk-auth header [--scheme oauth|api_token] [--email EMAIL] [--json]

Prints the Authorization header for ZENDESK_OAUTH_TOKEN, or ZENDESK_EMAIL with
ZENDESK_API_TOKEN, or else the token \`login\` saved; warnings go to stderr:

  curl -H "$(npx zendesk-auth header)" https://acme.zendesk.com/api/v2/users/me.json`,
  },
  inspect: {
    run: inspect,
    options: {},
    usage: `Usage: zendesk-auth inspect [--json] < header.txt

Reads an Authorization header (or a curl -u value) on stdin and says what it is and
what is wrong with it. The secret is shown as its last 4 characters.
Exit codes: 0 no problem, 1 warnings, 2 errors.`,
  },
};

const MAIN_USAGE = `Usage: zendesk-auth <command> [options]

Commands:
  doctor   is this setup affected by the end of API tokens, does it work, what next
  login    sign in with OAuth (PKCE through the browser, or client credentials)
  token    print a valid access token, refreshing it when needed
  logout   revoke the saved token and delete it
  header   print the Authorization header for the credentials in the environment
  inspect  diagnose an Authorization header pasted on stdin

Run \`zendesk-auth <command> --help\` for a command's options.
Common options: --subdomain acme, --base-url URL, --token-file PATH, --json, --help.

${ENVIRONMENT}

Exit codes: 0 ok, 1 warning or a failure worth retrying, 2 broken (act before retrying).`;

function packageVersion() {
  try {
    return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
  } catch {
    return "unknown";
  }
}

/**
 * parseArgs' own messages quote the argument, which may be a pasted secret
 * (`--api-token=...`, a token as a positional): name the option only, never a value.
 */
function describeParseError(err, args) {
  const option = args.find((a) => a.startsWith("-") && String(err.message).includes(a.split("=")[0]))?.split("=")[0];
  switch (err.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${option ?? ""}${option === "--api-token" || option === "--oauth-token" ? " (secrets come from the environment only)" : ""}`.trim();
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return "this command takes no arguments besides options";
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return `option ${option ?? ""} needs a value (or takes none)`.replace("  ", " ");
    default:
      return "the options could not be read";
  }
}

async function main(argv) {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(`${MAIN_USAGE}\n`);
    return name === undefined ? EXIT.broken : EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(`${packageVersion()}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : null;
  if (!command) {
    throw new CliError("UNKNOWN_COMMAND", `There is no command "${String(name).slice(0, 40)}".`, `Commands: ${Object.keys(COMMANDS).join(", ")}. Run \`zendesk-auth --help\`.`);
  }
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: { ...COMMON, ...command.options }, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new CliError("INVALID_OPTION", `${name}: ${describeParseError(err, rest)}`, `Run \`zendesk-auth ${name} --help\`.`);
  }
  if (values.help) {
    process.stdout.write(`${command.usage}\n\n${ENVIRONMENT}\n`);
    return EXIT.ok;
  }
  return command.run(values, process.env);
}

const json = process.argv.includes("--json");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code ?? EXIT.ok;
  },
  (err) => {
    const e = fromPackageError(err);
    reportError(e, { json });
    process.exitCode = e.exitCode;
  },
);
