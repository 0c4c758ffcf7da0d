// Encryption at rest and opaque ids, with WebCrypto only.
//
// One Worker secret (SESSION_SECRET) gives, through HKDF, a separate AES-GCM key per
// purpose, so a sealed login cookie can never be replayed as a stored token set. The
// additional data binds each sealed value to where it lives (a Durable Object's id, or
// the cookie's name), so a blob copied elsewhere does not open.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const keys = new Map();

export function b64url(bytes) {
  let s = "";
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromB64url(text) {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** A random id of `bytes` bytes, base64url: a session id, nothing derived from anything. */
export function randomId(bytes = 32) {
  return b64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function keyFor(secret, purpose) {
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = keys.get(cacheKey);
  if (!key) {
    const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
    key = crypto.subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: encoder.encode("zendesk-auth/edge"), info: encoder.encode(purpose) },
      material, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"],
    );
    keys.set(cacheKey, key);
  }
  return key;
}

/** AES-GCM(JSON(value)) as one base64url string: 12-byte IV, then ciphertext and tag. */
export async function seal(secret, purpose, where, value) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(where) },
    await keyFor(secret, purpose), encoder.encode(JSON.stringify(value)),
  );
  const out = new Uint8Array(12 + data.byteLength);
  out.set(iv);
  out.set(new Uint8Array(data), 12);
  return b64url(out);
}

/** The value, or undefined when the blob is malformed, tampered with, or sealed elsewhere. */
export async function unseal(secret, purpose, where, blob) {
  try {
    const bytes = fromB64url(blob);
    if (bytes.length < 12 + 16) return undefined;
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.subarray(0, 12), additionalData: encoder.encode(where) },
      await keyFor(secret, purpose), bytes.subarray(12),
    );
    return JSON.parse(decoder.decode(plain));
  } catch {
    return undefined;
  }
}

export async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
