// POST /api/v2/uploads.json?filename=F[&token=T]: Zendesk's "Upload Files" endpoint.
// The body is the file's bytes as sent (any content type); the answer is 201 with
// {"upload":{"token","expires_at","attachments":[...],"attachment":{...}}}, the
// attachment's `size` and `content_type` being what arrived. A `token` adds the file
// to that earlier upload. Nothing else of Zendesk's attachment model is kept.
//
// What arrived is kept per token (the last few only) so a test can compare bytes:
// `uploadedFiles(token)` from this module.

import { randomBytes } from "node:crypto";

const KEPT_UPLOADS = 20;
const kept = new Map();
let nextAttachmentId = 5_000_001;

export function uploadedFiles(token) {
  return kept.get(token) ?? [];
}

export function createUpload({ searchParams, body, contentType, apiBase }) {
  const fileName = searchParams.get("filename");
  if (!fileName) return { status: 400, body: { error: "InvalidValue", description: "filename is required" } };
  const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  const token = searchParams.get("token") || randomBytes(12).toString("base64url");
  const id = nextAttachmentId++;
  const attachment = {
    id,
    file_name: fileName,
    content_type: contentType || "application/binary",
    size: bytes.length,
    content_url: `${apiBase.replace(/\/api\/v2$/, "")}/attachments/token/${token}/?name=${encodeURIComponent(fileName)}`,
    url: `${apiBase}/attachments/${id}.json`,
    inline: false,
  };
  const files = [...uploadedFiles(token), { attachment, bytes }];
  kept.set(token, files);
  if (kept.size > KEPT_UPLOADS) kept.delete(kept.keys().next().value);
  const expiresAt = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return { status: 201, body: { upload: { token, expires_at: expiresAt, attachments: files.map((f) => f.attachment), attachment } } };
}
