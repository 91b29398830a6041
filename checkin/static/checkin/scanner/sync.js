// Talking to the server in the background: uploading the queue, and keeping the delegate list.
//
// An upload is answered scan by scan. A scan the server stored leaves the queue; if its answer
// differs from what the phone decided (someone came in meanwhile at another gate, a badge was
// cancelled), or if it took over a first entry (the badge was let in twice), a conflict is kept
// for the staff. A scan the server refused goes to the attention list with the reason. A scan
// with no answer stays queued. A later delegate list may show that a first entry this phone
// made was taken over by an earlier scan elsewhere: a conflict too.
//
// Pure logic: the store, the API and the clock are passed in.

import { ApiError, NetworkError } from "./api.js";
import { ADMITTED, displayName, entryOfRecord } from "./decide.js";
import { attentionRecord, nextBatch, scannedAt, uploadItem } from "./queue.js";

export const BATCH_SIZE = 50;
export const PAGE_SIZE = 500;
const MAX_PAGES = 200;

function sameMoment(a, b) {
  return Date.parse(a) === Date.parse(b);
}

/** The conflict an uploaded scan's answer raises, or null when server and phone agree. */
export function conflictOf(record, result, { clock, at }) {
  if (!record || !result.result) return null;
  const base = {
    nonce: record.nonce,
    name: displayName(result.delegate) || record.local_name || "",
    scanned_at: scannedAt(record, clock),
    local_result: record.local_result,
    result: result.result,
    first_checkin: result.first_checkin || null,
    at,
  };
  if (result.replaced) return { ...base, kind: "twice", replaced: result.replaced };
  if (record.local_result && result.result !== record.local_result) {
    return { ...base, kind: "verdict" };
  }
  return null;
}

/** A first entry this phone made (`seen`, admitted by the server) that the list now shows
 * elsewhere: it was replaced by an earlier scan and is a re-entry now. */
export function displacedConflict(entry, seen, { at }) {
  if (!seen || seen.admitted !== "server" || !entry.first_checkin) return null;
  // The same first entry has the same time to the millisecond (a renamed gate is no news).
  if (sameMoment(entry.first_checkin.at, seen.at)) return null;
  return {
    nonce: seen.nonce || `seen-${entry.code_hash}`,
    kind: "twice",
    name: seen.name || [entry.title, entry.name].filter(Boolean).join(" "),
    scanned_at: seen.scanned_at || seen.at,
    local_result: "ok",
    result: "already_checked_in",
    first_checkin: entry.first_checkin,
    at,
  };
}

/** What this phone knows of a delegate after the server answered one of its scans. */
function seenAfter(record, result) {
  if (!record.code_hash || !ADMITTED.includes(result.result)) return null;
  const first = result.first_checkin || {};
  return {
    code_hash: record.code_hash,
    at: first.at || "",
    gate: first.gate || "",
    nonce: record.nonce,
    scanned_at: record.scanned_at,
    name: record.name,
    admitted: result.result === "ok" ? "server" : null,
  };
}

/**
 * Upload the queue, a batch at a time. Returns {sent, refused, conflicts: [...], contacted}
 * (contacted: the server answered at least once; an empty queue asks nothing) and, when it had
 * to stop, {auth: true} (access lost) or {unreachable} (network).
 */
export async function flushQueue({ store, api, clock, now = () => Date.now() }) {
  const report = { sent: 0, refused: 0, conflicts: [], contacted: false };
  for (;;) {
    const { gate, items } = nextBatch(await store.queued(BATCH_SIZE));
    if (!items.length) return report;
    const body = items.map((record) => uploadItem(record, clock));
    let data;
    try {
      data = await uploadBatch(api, body, gate);
    } catch (failure) {
      if (failure instanceof ApiError && failure.isAuth) return { ...report, auth: true };
      if (failure instanceof NetworkError) return { ...report, unreachable: failure };
      if (!(failure instanceof ApiError)) throw failure;
      // The whole upload refused: every scan in it waits for the staff, with the reason.
      const reason = { code: "rejected", message: failure.detail || "", detail: `HTTP ${failure.status}` };
      await store.settle({
        remove: items.map((record) => record.nonce),
        attention: items.map((record) => attentionRecord(record, reason, { clock, refusedAt: now() })),
      });
      report.refused += items.length;
      report.contacted = true;
      continue;
    }
    report.contacted = true;
    const byNonce = new Map(items.map((record) => [record.nonce, record]));
    const settled = { remove: [], attention: [], conflicts: [], seen: [] };
    for (const result of (data && data.results) || []) {
      const record = result && byNonce.get(result.nonce);
      if (!record) continue;
      byNonce.delete(result.nonce);
      settled.remove.push(record.nonce);
      if (result.error) {
        const reason = { code: result.code, message: result.message, detail: result.error };
        settled.attention.push(attentionRecord(record, reason, { clock, refusedAt: now() }));
        continue;
      }
      const conflict = conflictOf(record, result, { clock, at: now() });
      if (conflict) settled.conflicts.push(conflict);
      const entry = await entryOfRecord(store, record);
      const seen = entry
        ? seenAfter(
            {
              code_hash: entry.code_hash,
              nonce: record.nonce,
              scanned_at: scannedAt(record, clock),
              name: displayName(result.delegate) || record.local_name,
            },
            result,
          )
        : null;
      if (seen) settled.seen.push(seen);
    }
    await store.settle(settled);
    report.sent += settled.remove.length - settled.attention.length;
    report.refused += settled.attention.length;
    report.conflicts.push(...settled.conflicts);
    // Scans the server did not answer stay queued; do not send the same batch again at once.
    if (!settled.remove.length) return report;
  }
}

async function uploadBatch(api, body, gate) {
  try {
    return await api.batch(body, gate);
  } catch (failure) {
    // The gate was removed on the server since: the scans still count, without a gate.
    if (gate && failure instanceof ApiError && failure.code === "unknown_gate") {
      return api.batch(body);
    }
    throw failure;
  }
}

/**
 * Bring the delegate list up to date, page by page. Returns {pages, conflicts} ({restarted:
 * true} when the server did not know the cursor and the list came again from the start) and,
 * when it had to stop, {auth: true} or {unreachable}.
 */
export async function pullList({ store, api, pageSize = PAGE_SIZE, now = () => Date.now() }) {
  let cursor = (await store.meta("cursor")) || "";
  const report = { pages: 0, conflicts: [] };
  for (let page = 0; page < MAX_PAGES; page += 1) {
    let data;
    try {
      data = await api.delegates(cursor, pageSize);
    } catch (failure) {
      if (failure instanceof ApiError && failure.isAuth) return { ...report, auth: true };
      if (failure instanceof NetworkError) return { ...report, unreachable: failure };
      // A cursor the server no longer knows (its data restored, another server): the whole
      // list again, from the start, once.
      if (failure instanceof ApiError && failure.code === "unknown_cursor" && cursor && !report.restarted) {
        cursor = "";
        report.restarted = true;
        continue;
      }
      throw failure;
    }
    const next = data.cursor === undefined || data.cursor === null ? cursor : String(data.cursor);
    const delegates = data.delegates || [];
    const seenRecords = await store.getMany("seen", delegates.map((entry) => entry.code_hash));
    const conflicts = [];
    const seen = [];
    delegates.forEach((entry, index) => {
      const conflict = displacedConflict(entry, seenRecords[index], { at: now() });
      if (conflict) {
        conflicts.push(conflict);
        // Reported once: the phone's record now follows the server's first entry.
        seen.push({ ...seenRecords[index], at: entry.first_checkin.at, gate: entry.first_checkin.gate || "", admitted: null });
      }
    });
    await store.applyDelegates(delegates, data.revoked || [], next, { seen, conflicts });
    report.pages += 1;
    report.conflicts.push(...conflicts);
    cursor = next;
    if (!data.more) return report;
  }
  return report;
}
