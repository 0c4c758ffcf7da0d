// Shared by the package tests: the check every expected failure gets.
import assert from "node:assert/strict";

/**
 * Awaits `promise`, which must reject with a ZendeskAuthError of `code` that has a hint
 * and, anywhere in its own properties, none of `secrets`. Returns the error.
 */
export async function rejectsCoded(promise, code, secrets = []) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof Error, "not an Error");
    assert.equal(e.name, "ZendeskAuthError");
    assert.equal(e.code, code, e.message);
    assert.ok(typeof e.hint === "string" && e.hint.length > 10);
    const everything = JSON.stringify(e, Object.getOwnPropertyNames(e));
    for (const s of secrets) assert.ok(!everything.includes(s), "error leaks a credential");
    return e;
  }
  assert.fail(`expected ${code}, got success`);
}
