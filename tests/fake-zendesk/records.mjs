// Users and tickets, generated from their id on demand.
//
// A benchmark may ask for 100,000 records; storing them would be wasteful, and
// generating from the id keeps every page deterministic. Only writes (created,
// updated, deleted tickets) are kept in memory, as an overlay on the generated set.

import { FIRST_USER_ID } from "./seed.mjs";

// Created tickets get ids far above any generated range, so a later change of
// recordCount never collides with them and id order stays creation order.
export const CREATED_TICKET_ID_BASE = 900_000_000;

const EPOCH = Date.UTC(2024, 0, 1);
const STATUSES = ["new", "open", "pending", "hold", "solved", "closed"];
const PRIORITIES = ["low", "normal", "high", "urgent"];

function iso(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The user with this id, or null. `apiBase` is "{origin}{prefix}/api/v2". */
export function userById(account, id, apiBase) {
  const index = id - FIRST_USER_ID;
  if (!Number.isInteger(index) || index < 0 || index >= userCount(account)) return null;
  const seeded = Object.values(account.seed.users).find((u) => u.id === id);
  const base = seeded ?? {
    id,
    name: `Generated User ${id}`,
    email: `user${id}@${account.subdomain}.test`,
    // Every tenth generated user is an agent, so role filters have something to find.
    role: index % 10 === 0 ? "agent" : "end-user",
    verified: true,
  };
  return {
    id: base.id,
    url: `${apiBase}/users/${base.id}.json`,
    name: base.name,
    email: base.email,
    created_at: iso(EPOCH + index * 3_600_000),
    updated_at: iso(EPOCH + index * 3_600_000),
    time_zone: "UTC",
    iana_time_zone: "Etc/UTC",
    locale: "en-US",
    role: base.role,
    verified: base.verified,
    active: true,
    suspended: false,
  };
}

/** Look a user up by email (case-insensitive), including generated `user{id}@{sub}.test`. */
export function userByEmail(account, email, apiBase) {
  const wanted = String(email).toLowerCase();
  const seeded = Object.values(account.seed.users).find((u) => u.email === wanted);
  if (seeded) return userById(account, seeded.id, apiBase);
  const match = /^user(\d+)@([a-z0-9-]+)\.test$/.exec(wanted);
  if (!match || match[2] !== account.subdomain) return null;
  const user = userById(account, Number(match[1]), apiBase);
  // Seeded ids have their own emails; `user1001@...` is not the admin.
  return user && user.email === wanted ? user : null;
}

export function userCount(account) {
  return Math.max(account.config.recordCount.users, Object.keys(account.seed.users).length);
}

function generatedTicket(account, id, apiBase) {
  const requesterId = FIRST_USER_ID + 2 + (id % Math.max(1, userCount(account) - 2));
  const created = EPOCH + id * 60_000;
  return {
    id,
    url: `${apiBase}/tickets/${id}.json`,
    subject: `Generated ticket ${id}`,
    description: `Description of generated ticket ${id}.`,
    status: STATUSES[id % STATUSES.length],
    priority: PRIORITIES[id % PRIORITIES.length],
    type: "question",
    requester_id: requesterId,
    submitter_id: requesterId,
    assignee_id: account.seed.users.agent.id,
    tags: [],
    created_at: iso(created),
    updated_at: iso(created),
  };
}

/** The ticket with this id (generated, created or updated), or null if absent or deleted. */
export function ticketById(account, id, apiBase) {
  const store = account.tickets;
  if (store.deleted.has(id)) return null;
  const stored = store.stored.get(id);
  if (stored) return { ...stored, url: `${apiBase}/tickets/${id}.json` };
  if (Number.isInteger(id) && id >= 1 && id <= account.config.recordCount.tickets) return generatedTicket(account, id, apiBase);
  return null;
}

/**
 * An ordered id space: a generated range [first, first + count) plus extra ids
 * (created records, all above the range), minus deleted ids. Walking it lazily
 * keeps a cursor page O(page size) even at 100,000 records.
 */
export class IdSpace {
  constructor({ first, count, extra = [], deleted = new Set() }) {
    this.first = first;
    this.end = first + count; // exclusive
    this.extra = extra; // ascending
    this.deleted = deleted;
  }

  size() {
    let deletedInRange = 0;
    for (const id of this.deleted) if (id >= this.first && id < this.end) deletedInRange++;
    return this.end - this.first - deletedInRange + this.extra.filter((id) => !this.deleted.has(id)).length;
  }

  /** Live ids greater than `afterId`, ascending. */
  *ascendingAfter(afterId) {
    for (let id = Math.max(this.first, afterId + 1); id < this.end; id++) if (!this.deleted.has(id)) yield id;
    for (const id of this.extra) if (id > afterId && !this.deleted.has(id)) yield id;
  }

  /** Live ids smaller than `beforeId`, descending. */
  *descendingBefore(beforeId) {
    for (let i = this.extra.length - 1; i >= 0; i--) {
      const id = this.extra[i];
      if (id < beforeId && !this.deleted.has(id)) yield id;
    }
    for (let id = Math.min(this.end - 1, beforeId - 1); id >= this.first; id--) if (!this.deleted.has(id)) yield id;
  }
}

/** Up to n values from an iterator, leaving it open (a for..of with break would close it). */
export function take(iterator, n) {
  const out = [];
  while (out.length < n) {
    const step = iterator.next();
    if (step.done) break;
    out.push(step.value);
  }
  return out;
}

export function userIdSpace(account) {
  return new IdSpace({ first: FIRST_USER_ID, count: userCount(account) });
}

export function ticketIdSpace(account) {
  const store = account.tickets;
  return new IdSpace({ first: 1, count: account.config.recordCount.tickets, extra: store.createdIds, deleted: store.deleted });
}

/** Apply a ticket write body's fields (the few this fake understands) to a ticket. */
export function applyTicketFields(ticket, fields) {
  const next = { ...ticket };
  for (const key of ["subject", "status", "priority", "type", "requester_id", "assignee_id", "tags"]) {
    if (fields[key] !== undefined) next[key] = fields[key];
  }
  next.updated_at = iso(Date.now());
  return next;
}

export function newTicket(id, fields, requesterId) {
  const now = iso(Date.now());
  const comment = fields.comment ?? {};
  return applyTicketFields(
    {
      id,
      subject: fields.subject ?? (comment.body ?? "").slice(0, 60),
      description: comment.body ?? comment.html_body ?? "",
      status: "new",
      priority: null,
      type: null,
      requester_id: requesterId,
      submitter_id: requesterId,
      assignee_id: null,
      tags: [],
      created_at: now,
      updated_at: now,
    },
    fields,
  );
}

/** A user created through the API: answered with its fields, never stored. */
export function newUser(account, fields, apiBase) {
  // Kept on the account, so reset() starts the numbering again.
  account.createdUsers = (account.createdUsers ?? 0) + 1;
  const id = CREATED_TICKET_ID_BASE + account.createdUsers;
  const now = iso(Date.now());
  return {
    id,
    url: `${apiBase}/users/${id}.json`,
    name: fields.name.trim(),
    email: fields.email ?? null,
    created_at: now,
    updated_at: now,
    time_zone: "UTC",
    iana_time_zone: "Etc/UTC",
    locale: "en-US",
    role: ["agent", "admin"].includes(fields.role) ? fields.role : "end-user",
    verified: false,
    active: true,
    suspended: false,
  };
}

/** One invocation of a webhook, generated from its position. */
export function invocationById(webhookId, id) {
  return {
    id: String(id),
    webhook_id: webhookId,
    status: "success",
    latest_status_code: 200,
    latest_completed_at: iso(EPOCH + id * 60_000),
  };
}
