// The token file `login` writes and `token` refreshes, and the lock that keeps
// concurrent `token` calls from spending one single-use refresh token twice.
//
// One file per subdomain, `{config dir}/zendesk-auth/tokens-{subdomain}.json`, readable
// by its owner only (0600, folder 0700). `--token-file` / ZENDESK_TOKEN_FILE names
// another file. Every write is a new file in the same folder, flushed to disk, then
// renamed over the old one: a reader or a crash sees the old pair or the new pair,
// never half of one.

import { randomBytes } from "node:crypto";
import { constants as fsc } from "node:fs";
import { chmod, mkdir, open, readFile, rename, stat, unlink, link } from "node:fs/promises";
import { homedir, hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { CliError, EXIT } from "./ui.mjs";

export const FILE_FORMAT = 1;
const IS_WINDOWS = process.platform === "win32";

/** `%APPDATA%` on Windows, else `$XDG_CONFIG_HOME` or `~/.config`. */
export function configDir(env = process.env) {
  if (IS_WINDOWS && env.APPDATA) return join(env.APPDATA, "zendesk-auth");
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith("/") ? env.XDG_CONFIG_HOME : join(homedir(), ".config");
  return join(base, "zendesk-auth");
}

/** The token file for a subdomain, or the one the user named. */
export function tokenFilePath({ tokenFile, subdomain }, env = process.env) {
  if (tokenFile) return tokenFile;
  if (!subdomain) return null;
  return join(configDir(env), `tokens-${subdomain}.json`);
}

/** The parsed token file, or null when there is none. A damaged file is an error, never silently replaced. */
export async function readTokenFile(path) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if (err.code === "ENOENT") return null;
    throw new CliError("TOKEN_FILE_UNREADABLE", `Cannot read the token file ${path} (${err.code}).`, "Check the file's owner and permissions, or run `zendesk-auth login` again.");
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    data = null;
  }
  if (!data || typeof data !== "object" || data.format !== FILE_FORMAT || typeof data.subdomain !== "string" || typeof data.accessToken !== "string") {
    throw new CliError("TOKEN_FILE_INVALID", `The token file ${path} is not one this command wrote, or is damaged.`, "Run `zendesk-auth login` again to replace it (delete the file first if it is not yours).");
  }
  return data;
}

/** Permission bits of a file (POSIX), or null where they mean nothing (Windows) or it is missing. */
export async function fileMode(path) {
  if (IS_WINDOWS) return null;
  try {
    return (await stat(path)).mode & 0o777;
  } catch {
    return null;
  }
}

/**
 * Write the token file atomically: temp file (0600, created exclusively) in the same
 * folder, fsync, rename over the target, fsync the folder so the rename itself is durable.
 */
export async function writeTokenFile(path, data) {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(`${JSON.stringify({ ...data, format: FILE_FORMAT }, null, 2)}\n`);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw err;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => {});
    throw err;
  }
  // umask can narrow the mode at creation, never widen it; a pre-existing folder keeps its own.
  await chmod(path, 0o600).catch(() => {});
  await syncDir(dir);
}

async function syncDir(dir) {
  if (IS_WINDOWS) return; // directories cannot be opened for fsync there
  let handle;
  try {
    handle = await open(dir, fsc.O_RDONLY);
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await handle?.close();
  }
}

export async function deleteTokenFile(path) {
  try {
    await unlink(path);
    return true;
  } catch (err) {
    if (err.code === "ENOENT") return false;
    throw err;
  }
}

// ---- the refresh lock ------------------------------------------------------------

/** A lock older than this is stale even if its process lives: a refresh takes seconds. */
export const LOCK_STALE_MS = 60_000;
const POLL_MS = 50;

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM"; // exists, owned by someone else
  }
}

async function readLock(lockPath) {
  let text;
  try {
    text = await readFile(lockPath, "utf8");
  } catch (err) {
    if (err.code === "ENOENT") return null;
    throw err;
  }
  try {
    return JSON.parse(text);
  } catch {
    // Being written right now, or left empty by a crash: its age is the file's.
    const mtime = await stat(lockPath).then((s) => s.mtimeMs, () => Date.now());
    return { pid: null, host: null, time: mtime, nonce: null };
  }
}

function isStale(lock, now = Date.now()) {
  if (!lock || typeof lock.time !== "number") return false;
  if (now - lock.time > LOCK_STALE_MS) return true;
  // A dead process on this machine holds nothing; on another host (a shared folder) only age counts.
  return lock.host === hostname() && Number.isInteger(lock.pid) && !processAlive(lock.pid);
}

/**
 * Remove a stale lock without removing a fresh one a faster process put in its place:
 * rename it aside (only one breaker can), check it is the lock judged stale, and put it
 * back with link() (which never overwrites) if it was not.
 */
async function breakStaleLock(lockPath, judged) {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if (err.code === "ENOENT") return;
    throw err;
  }
  const moved = await readLock(aside);
  if (moved?.nonce !== judged.nonce) await link(aside, lockPath).catch(() => {});
  await unlink(aside).catch(() => {});
}

/**
 * Take the lock beside `path`, or resolve `{ acquired: false }` as soon as `ready()`
 * says the work is done by someone else (checked between polls). Waits at most
 * `timeoutMs`. Returns `{ acquired: true, release }` when held.
 */
export async function acquireLock(path, { timeoutMs = 30_000, ready } = {}) {
  const lockPath = `${path}.lock`;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + timeoutMs;
  const mine = { pid: process.pid, host: hostname(), time: Date.now(), nonce: randomBytes(8).toString("hex") };
  for (;;) {
    try {
      const handle = await open(lockPath, "wx", 0o600);
      mine.time = Date.now();
      await handle.writeFile(JSON.stringify(mine));
      await handle.close();
      return {
        acquired: true,
        async release() {
          const current = await readLock(lockPath);
          if (current?.nonce === mine.nonce) await unlink(lockPath).catch(() => {});
        },
      };
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    const held = await readLock(lockPath);
    if (held && isStale(held)) {
      await breakStaleLock(lockPath, held);
      continue;
    }
    if (ready && (await ready())) return { acquired: false };
    if (Date.now() >= deadline) {
      throw new CliError(
        "LOCK_TIMEOUT",
        `Another zendesk-auth process has been refreshing the token for over ${Math.round(timeoutMs / 1000)} s (lock ${lockPath}).`,
        "Run the command again. If no other zendesk-auth is running, delete the lock file.",
        { exitCode: EXIT.warning },
      );
    }
    await sleep(POLL_MS);
  }
}
