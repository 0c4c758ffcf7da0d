// Request bodies read under a byte limit that holds while the bytes arrive.
//
// Request.arrayBuffer() buffers everything the caller sends before anyone can look at its
// size, so a chunked upload (no Content-Length) of hundreds of MiB would be read whole,
// into an isolate that has 128 MiB, before being refused. Here the declared length is
// judged first, then the stream is counted chunk by chunk and cancelled at the limit.
import { errors } from "./errors.mjs";

/** The body as an ArrayBuffer, or throws BODY_TOO_LARGE (413) as soon as it is known to exceed `max`. */
export async function readBodyLimited(request, max) {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > max) throw errors.tooLarge(max);
  if (request.body === null) return new ArrayBuffer(0);
  const reader = request.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      // Stops the upload: the rest is never read, and the caller sees the 413 at once.
      reader.cancel().catch(() => {});
      throw errors.tooLarge(max);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
}
