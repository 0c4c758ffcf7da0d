// What the commands print, and how: coded errors, exit codes, colour and progress.
//
// stdout carries the result a script reads (a token, a header, JSON); everything for
// the person at the terminal goes to stderr. Colour and the spinner appear only on a
// terminal, and colour never when NO_COLOR is set (no-color.org), so logs and pipes
// get plain text.

/** Exit codes, the same for every command (the README documents them). */
export const EXIT = Object.freeze({ ok: 0, warning: 1, broken: 2 });

/**
 * An error the command line reports: a stable `code`, a `hint` saying what to do, and
 * the exit code. Messages never hold a secret (callers pass masked values only).
 */
export class CliError extends Error {
  constructor(code, message, hint, { exitCode = EXIT.broken, cause, details } = {}) {
    super(message, cause ? { cause } : undefined);
    this.name = "ZendeskAuthCliError";
    this.code = code;
    this.hint = hint;
    this.exitCode = exitCode;
    if (details) this.details = details;
  }
}

/** A package error (ZendeskAuthError) as a CliError, keeping its code and hint. */
export function fromPackageError(err, exitCode = EXIT.broken) {
  if (err instanceof CliError) return err;
  if (err && typeof err.code === "string" && typeof err.hint === "string") {
    const details = {};
    for (const key of ["status", "requestId", "zendeskError", "field"]) if (err[key] !== undefined) details[key] = err[key];
    return new CliError(err.code, err.message, err.hint, { exitCode, details });
  }
  return new CliError("INTERNAL", `Unexpected failure: ${err?.message ?? err}`, "Run the command again; if it keeps failing, report it with this message.", { exitCode });
}

/** Errors from the network or Zendesk's side: trying again later can help. */
export const TRANSIENT_CODES = new Set(["SERVER_ERROR", "TIMEOUT", "NETWORK", "RATE_LIMITED", "BAD_RESPONSE", "ABORTED"]);

const CODES = { reset: 0, bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 };

/** Colour functions for one stream: identity unless it is a terminal and NO_COLOR is unset. */
export function palette(stream, env = process.env) {
  const on = Boolean(stream.isTTY) && !("NO_COLOR" in env && env.NO_COLOR !== "");
  const wrap = (code) => (text) => (on ? `\x1b[${code}m${text}\x1b[0m` : String(text));
  return Object.fromEntries(Object.entries(CODES).map(([name, code]) => [name, wrap(code)]));
}

/**
 * Shows `label` with a spinner on stderr while `promise` runs, on a terminal only;
 * elsewhere it shows nothing, so captured output stays clean.
 */
export async function withProgress(label, promise, stream = process.stderr) {
  if (!stream.isTTY) return promise;
  const frames = ["|", "/", "-", "\\"];
  let i = 0;
  const draw = () => stream.write(`\r${frames[i++ % frames.length]} ${label}`);
  draw();
  const timer = setInterval(draw, 100);
  try {
    return await promise;
  } finally {
    clearInterval(timer);
    stream.write(`\r\x1b[K`);
  }
}

/** Print a CliError for a person (stderr) or, with --json, as JSON on stdout. */
export function reportError(err, { json }) {
  if (json) {
    const body = { code: err.code, message: err.message, hint: err.hint, ...(err.details ?? {}) };
    process.stdout.write(`${JSON.stringify({ error: body }, null, 2)}\n`);
    return;
  }
  const c = palette(process.stderr);
  process.stderr.write(`${c.red("error")} ${c.bold(err.code)}: ${err.message}\n`);
  if (err.hint) process.stderr.write(`  ${c.dim("hint:")} ${err.hint}\n`);
  if (err.details?.requestId) process.stderr.write(`  ${c.dim("request id:")} ${err.details.requestId}\n`);
}

/** A secret shown as its last 4 characters at most: "…2akv"; short ones are hidden entirely. */
export function mask(secret) {
  if (typeof secret !== "string" || secret.length === 0) return "";
  return secret.length <= 8 ? "…" : `…${secret.slice(-4)}`;
}

/** "in 29 min", "in 30 days", "3 min ago": for expiry times. */
export function relativeTime(ms, now = Date.now()) {
  const diff = ms - now;
  const abs = Math.abs(diff);
  const unit =
    abs < 90_000 ? `${Math.round(abs / 1000)} s` : abs < 90 * 60_000 ? `${Math.round(abs / 60_000)} min` : abs < 36 * 3_600_000 ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / 86_400_000)} days`;
  return diff >= 0 ? `in ${unit}` : `${unit} ago`;
}

export function writeJson(value) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
