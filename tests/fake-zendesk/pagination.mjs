// Cursor and offset pagination for list endpoints, as Zendesk's documentation and Zendesk's
// pagination docs describe them.
//
// Next/previous links are absolute and built from the request's own origin and
// account prefix, so following them reaches the same fake account whichever way
// the account was named (Host header or path prefix).
//
// How a cursor chain ends, whether pages overlap and which fields an offset page
// carries follow the account's `shapes` (shapes.mjs), as recordings show them.

import { INVALID_PAGINATION_DEPTH, invalidCursor } from "./responses.mjs";
import { take } from "./records.mjs";
import { SHAPE_DEFAULTS } from "./shapes.mjs";

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
 * @param {object} [o.shapes]               the account's answer shapes
 * @param {boolean} [o.cursorOnly]          endpoints without offset pagination
 * @returns {{status:number, body:object}}
 */
export function paginate({ searchParams, ids, record, key, listUrl, shapes = SHAPE_DEFAULTS, cursorOnly = false }) {
  return cursorOnly || isCursorRequest(searchParams)
    ? cursorPage(searchParams, ids, record, key, listUrl, shapes)
    : offsetPage(searchParams, ids, record, key, listUrl, shapes);
}

function cursorPage(searchParams, ids, record, key, listUrl, shapes) {
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
  if (first === undefined) {
    // Recordings of an empty cursor page carry no after_cursor or before_cursor at all.
    return { status: 200, body: { [key]: [], meta: { has_more: false }, links: { prev: null, next: null } } };
  }
  const moreAfter = !ids.ascendingAfter(last).next().done;
  const moreBefore = !ids.descendingBefore(first).next().done;
  // The same record on two pages: the after cursor points `overlap` records back.
  // Never the whole page, so a chain always moves forward.
  const overlap = backwards ? 0 : Math.min(shapes.cursorOverlap, pageIds.length - 1);
  const afterCursor = encodeCursor(pageIds[pageIds.length - 1 - overlap]);
  const beforeCursor = encodeCursor(first);
  // "empty-page": a forward page with records always claims more, so the chain ends on an empty page.
  const hasMore = backwards ? moreBefore : shapes.cursorEnd === "empty-page" ? true : moreAfter;
  const links = {
    prev: linkTo(listUrl, searchParams, [["page[size]", size], ["page[before]", beforeCursor]]),
    next: linkTo(listUrl, searchParams, [["page[size]", size], ["page[after]", afterCursor]]),
  };
  // "no-next": at the end of the chain the link in the paging direction is left out, not null.
  if (!hasMore && shapes.cursorEnd === "no-next") delete links[backwards ? "prev" : "next"];
  return {
    status: 200,
    body: {
      [key]: pageIds.map(record),
      meta: {
        // "More in the direction you are paging" (assumption, README).
        has_more: hasMore,
        after_cursor: afterCursor,
        before_cursor: beforeCursor,
      },
      links,
    },
  };
}

function offsetPage(searchParams, ids, record, key, listUrl, shapes) {
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
  const body = {
    [key]: pageIds.map(record),
    next_page: hasNext ? linkTo(listUrl, searchParams, [["page", page + 1], ["per_page", perPage]]) : null,
    previous_page: page > 1 ? linkTo(listUrl, searchParams, [["page", page - 1], ["per_page", perPage]]) : null,
    count,
  };
  if (shapes.offsetFields === "extended") {
    Object.assign(body, { page, per_page: perPage, page_count: Math.ceil(count / perPage), facets: null });
  }
  return { status: 200, body };
}
