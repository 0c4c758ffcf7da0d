// Cursor and offset pagination for list endpoints, as Zendesk's documentation and Zendesk's
// pagination docs describe them.
//
// Next/previous links are absolute and built from the request's own origin and
// account prefix, so following them reaches the same fake account whichever way
// the account was named (Host header or path prefix).

import { INVALID_PAGINATION_DEPTH, invalidCursor } from "./responses.mjs";
import { take } from "./records.mjs";

const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 100;
const MAX_OFFSET_RECORDS = 10_000;
const PAGING_PARAMS = new Set(["page[size]", "page[after]", "page[before]", "page", "per_page", "__fault"]);

// Cursors are opaque to clients; here they just wrap the boundary record's id.
export function encodeCursor(id) {
  return Buffer.from(`fz1:${id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor) {
  const match = /^fz1:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match ? Number(match[1]) : null;
}

function clampSize(raw) {
  const n = Number.parseInt(raw ?? "", 10);
  if (!Number.isFinite(n) || n < 1) return DEFAULT_PAGE_SIZE;
  return Math.min(n, MAX_PAGE_SIZE);
}

/** Query string with the request's own non-paging params first, then ours; brackets kept literal like Zendesk's links. */
function linkTo(listUrl, searchParams, paging) {
  const parts = [];
  const encode = (s) => encodeURIComponent(s).replace(/%5B/gi, "[").replace(/%5D/gi, "]");
  for (const [k, v] of searchParams) if (!PAGING_PARAMS.has(k)) parts.push(`${encode(k)}=${encode(v)}`);
  for (const [k, v] of paging) parts.push(`${encode(k)}=${encode(String(v))}`);
  return `${listUrl}?${parts.join("&")}`;
}

export function isCursorRequest(searchParams) {
  return ["page[size]", "page[after]", "page[before]"].some((k) => searchParams.has(k));
}

/**
 * One page of a list endpoint.
 * @param {object} o
 * @param {URLSearchParams} o.searchParams  the request's query
 * @param {import("./records.mjs").IdSpace} o.ids
 * @param {(id:number)=>object} o.record
 * @param {string} o.key                    "users" | "tickets"
 * @param {string} o.listUrl                absolute URL of the list, no query
 * @returns {{status:number, body:object}}
 */
export function paginate({ searchParams, ids, record, key, listUrl }) {
  return isCursorRequest(searchParams) ? cursorPage(searchParams, ids, record, key, listUrl) : offsetPage(searchParams, ids, record, key, listUrl);
}

function cursorPage(searchParams, ids, record, key, listUrl) {
  const size = clampSize(searchParams.get("page[size]"));
  const after = searchParams.get("page[after]");
  const before = searchParams.get("page[before]");
  let pageIds;
  let backwards = false;
  if (before !== null && after === null) {
    const id = decodeCursor(before);
    if (id === null) return { status: 400, body: invalidCursor() };
    pageIds = take(ids.descendingBefore(id), size).reverse();
    backwards = true;
  } else {
    const id = after === null ? -Infinity : decodeCursor(after);
    if (id === null) return { status: 400, body: invalidCursor() };
    pageIds = take(ids.ascendingAfter(id), size);
  }
  const first = pageIds[0];
  const last = pageIds[pageIds.length - 1];
  const moreAfter = last !== undefined && !ids.ascendingAfter(last).next().done;
  const moreBefore = first !== undefined && !ids.descendingBefore(first).next().done;
  const afterCursor = last === undefined ? null : encodeCursor(last);
  const beforeCursor = first === undefined ? null : encodeCursor(first);
  return {
    status: 200,
    body: {
      [key]: pageIds.map(record),
      meta: {
        // "More in the direction you are paging" (assumption, README).
        has_more: backwards ? moreBefore : moreAfter,
        after_cursor: afterCursor,
        before_cursor: beforeCursor,
      },
      links: {
        // Present whenever the cursor exists, even on the last page: meta.has_more
        // is the stop signal (assumption, README).
        prev: beforeCursor === null ? null : linkTo(listUrl, searchParams, [["page[size]", size], ["page[before]", beforeCursor]]),
        next: afterCursor === null ? null : linkTo(listUrl, searchParams, [["page[size]", size], ["page[after]", afterCursor]]),
      },
    },
  };
}

function offsetPage(searchParams, ids, record, key, listUrl) {
  const perPage = clampSize(searchParams.get("per_page"));
  const rawPage = Number.parseInt(searchParams.get("page") ?? "", 10);
  const page = Number.isFinite(rawPage) && rawPage >= 1 ? rawPage : 1;
  if (page * perPage > MAX_OFFSET_RECORDS) return { status: 400, body: INVALID_PAGINATION_DEPTH };
  const count = ids.size();
  // Walking from the start is O(offset) <= 10,000 ids: cheap, and simple with deletions.
  const iterator = ids.ascendingAfter(-Infinity);
  take(iterator, (page - 1) * perPage);
  const pageIds = take(iterator, perPage);
  const hasNext = page * perPage < count;
  return {
    status: 200,
    body: {
      [key]: pageIds.map(record),
      next_page: hasNext ? linkTo(listUrl, searchParams, [["page", page + 1], ["per_page", perPage]]) : null,
      previous_page: page > 1 ? linkTo(listUrl, searchParams, [["page", page - 1], ["per_page", perPage]]) : null,
      count,
    },
  };
}
