// Incremental exports, the two ways Zendesk pages them.
//
// Cursor-based (tickets and users; Zendesk documents no cursor export for other
// resources): GET /api/v2/incremental/{tickets,users}/cursor.json with
// start_time= (first call) or cursor=, answering the records under their key
// plus after_url, after_cursor, before_url, before_cursor and end_of_stream.
//
// Time-based: GET /api/v2/incremental/{tickets,users}.json?start_time=,
// answering next_page, count, end_time and end_of_stream. start_time is
// inclusive and next_page starts at end_time, so the last record of a page comes
// back first on the next one, and the last page's next_page still points
// somewhere: following it answers the boundary record again with a next_page
// equal to itself. Clients that follow next_page instead of stopping at
// end_of_stream loop there, as reported against several Zendesk clients.
//
// Records are walked in id order; each carries `generated_timestamp`, the
// seconds of its updated_at. Generated records' times rise with their id.

import { ticketById, ticketIdSpace, userById, userIdSpace } from "./records.mjs";

const MAX_PER_PAGE = 1000;
const KEEP_PARAMS_OUT = new Set(["start_time", "cursor", "__fault"]);

const RESOURCES = {
  tickets: { ids: ticketIdSpace, record: ticketById },
  users: { ids: userIdSpace, record: userById },
};

function invalid(description) {
  // Assumption (README): the shape of Zendesk's other parameter errors.
  return { status: 400, body: { error: "InvalidValue", description } };
}

function perPage(searchParams) {
  const n = Number.parseInt(searchParams.get("per_page") ?? "", 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_PER_PAGE) : MAX_PER_PAGE;
}

function startTime(searchParams) {
  const raw = searchParams.get("start_time");
  if (raw === null || !/^\d{1,12}$/.test(raw)) return null;
  return Number(raw);
}

function withTimestamp(record) {
  return { ...record, generated_timestamp: Math.floor(Date.parse(record.updated_at) / 1000) };
}

/** The records of `resource` at or after `since` (seconds), in the order of `idsOf`'s ids. */
function* stampedSince(account, resource, apiBase, since, idsOf) {
  const { ids, record } = RESOURCES[resource];
  for (const id of idsOf(ids(account))) {
    const r = record(account, id, apiBase);
    if (!r) continue;
    const stamped = withTimestamp(r);
    if (stamped.generated_timestamp >= since) yield stamped;
  }
}

/** Records at or after `since`, starting after id `afterId`, ascending. */
const recordsFrom = (account, resource, apiBase, since, afterId) =>
  stampedSince(account, resource, apiBase, since, (ids) => ids.ascendingAfter(afterId));

/** The same, descending from before id `beforeId`. */
const recordsBefore = (account, resource, apiBase, since, beforeId) =>
  stampedSince(account, resource, apiBase, since, (ids) => ids.descendingBefore(beforeId));

function takeN(iterator, n) {
  const out = [];
  for (const value of iterator) {
    out.push(value);
    if (out.length === n) break;
  }
  return out;
}

// Opaque to clients: direction, boundary id and the export's start time.
function encodeCursor(direction, id, since) {
  return Buffer.from(JSON.stringify({ d: direction, i: id, t: since }), "utf8").toString("base64url");
}

function decodeCursor(cursor) {
  try {
    const c = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if ((c.d === "a" || c.d === "b") && Number.isInteger(c.i) && Number.isInteger(c.t)) return c;
  } catch {
    // unreadable: falls through to null
  }
  return null;
}

function urlWith(base, searchParams, extra) {
  const query = new URLSearchParams();
  for (const [k, v] of searchParams) if (!KEEP_PARAMS_OUT.has(k)) query.append(k, v);
  for (const [k, v] of extra) query.append(k, String(v));
  return `${base}?${query}`;
}

/** Handler for GET /api/v2/incremental/{resource}/cursor.json. */
export function cursorExport(resource) {
  return ({ account, searchParams, apiBase }) => {
    const size = perPage(searchParams);
    const rawCursor = searchParams.get("cursor");
    let position;
    if (rawCursor !== null) {
      position = decodeCursor(rawCursor);
      if (!position) return invalid("The cursor could not be read.");
    } else {
      const since = startTime(searchParams);
      if (since === null) return invalid("start_time or cursor is required.");
      position = { d: "a", i: -Infinity, t: since };
    }
    const since = position.t;
    const records =
      position.d === "b"
        ? takeN(recordsBefore(account, resource, apiBase, since, position.i), size).reverse()
        : takeN(recordsFrom(account, resource, apiBase, since, position.i), size);
    const first = records[0];
    const last = records[records.length - 1];
    const moreAfter = last ? !recordsFrom(account, resource, apiBase, since, last.id).next().done : false;
    const moreBefore = first ? !recordsBefore(account, resource, apiBase, since, first.id).next().done : false;
    // Past the end the after cursor stays where it was, so a later poll picks up new changes.
    const afterCursor = last ? encodeCursor("a", last.id, since) : position.d === "a" ? rawCursor ?? encodeCursor("a", -1, since) : null;
    const beforeCursor = first && moreBefore ? encodeCursor("b", first.id, since) : null;
    const listUrl = `${apiBase}/incremental/${resource}/cursor.json`;
    return {
      status: 200,
      body: {
        [resource]: records,
        after_url: afterCursor === null ? null : urlWith(listUrl, searchParams, [["cursor", afterCursor]]),
        after_cursor: afterCursor,
        before_url: beforeCursor === null ? null : urlWith(listUrl, searchParams, [["cursor", beforeCursor]]),
        before_cursor: beforeCursor,
        end_of_stream: position.d === "a" ? !moreAfter : false,
      },
    };
  };
}

/** Handler for GET /api/v2/incremental/{resource}.json?start_time=. */
export function timeExport(resource) {
  return ({ account, searchParams, apiBase }) => {
    const since = startTime(searchParams);
    if (since === null) return invalid("start_time is required.");
    const size = perPage(searchParams);
    const records = takeN(recordsFrom(account, resource, apiBase, since, -Infinity), size);
    const endTime = records.length ? records[records.length - 1].generated_timestamp : since;
    return {
      status: 200,
      body: {
        [resource]: records,
        // Never null: the end is told by end_of_stream only.
        next_page: urlWith(`${apiBase}/incremental/${resource}.json`, searchParams, [["start_time", endTime]]),
        count: records.length,
        end_time: endTime,
        end_of_stream: records.length < size,
      },
    };
  };
}
