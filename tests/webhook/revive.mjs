// Turns a case from cases.mjs (JSON, so it can cross into a page or a Worker) back into the
// options verifyWebhookSignature takes: {"$bytes": base64} becomes a Uint8Array and
// {"$buffer": base64} an ArrayBuffer. Runs in Node, Chromium and workerd alike.
const fromBase64 = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

export function revive(value) {
  if (Array.isArray(value)) return value.map(revive);
  if (value === null || typeof value !== "object") return value;
  if ("$bytes" in value) return fromBase64(value.$bytes);
  if ("$buffer" in value) return fromBase64(value.$buffer).buffer;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
}

/** Runs every case through `verify` and answers the verdicts, in order. */
export async function runCases(verify, cases) {
  const out = [];
  for (const c of cases) out.push(await verify(revive(c.options)));
  return out;
}
