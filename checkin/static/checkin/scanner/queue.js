// Scans the phone decided alone wait in the queue until they are uploaded; scans the server
// refused wait in the attention list ("cần xử lý") until the staff send them again or discard
// them. Nothing leaves the phone's store unless the server stored it or the staff said so.
//
// Pure logic over the store and the clock.

import { displayName } from "./decide.js";

/** A queued scan: `item` is {code} or {registration_id} (a delegate found by name). */
export function queueRecord({ item, nonce, stamp, gateCode, answer, created }) {
  return {
    ...item,
    nonce,
    stamp,
    created,
    gate: gateCode || null,
    local_result: answer ? answer.result : null,
    local_name: answer ? displayName(answer.delegate) : "",
  };
}

/** The time of a queued scan on the server's clock (ISO). Scans queued by an older version of
 * the app carry the phone's time only. */
export function scannedAt(record, clock) {
  return record.stamp ? clock.isoOf(record.stamp) : record.scanned_at;
}

/** The item of POST /checkin/batch for a queued scan. */
export function uploadItem(record, clock) {
  const at = scannedAt(record, clock);
  if (record.code === undefined) {
    return { registration_id: record.registration_id, nonce: record.nonce, scanned_at: at };
  }
  return { code: record.code, nonce: record.nonce, scanned_at: at };
}

/** A scan the server refused, with why: {code, message, detail}. */
export function attentionRecord(record, reason, { clock, refusedAt }) {
  return {
    ...record,
    sent_at: scannedAt(record, clock),
    reason: {
      code: reason.code || "rejected",
      message: reason.message || "",
      detail: reason.detail || "",
    },
    refused_at: refusedAt,
  };
}

/** The queued scans of the first gate in line, oldest first (door staff may have changed gate
 * while scans waited; each upload names one gate). */
export function nextBatch(queued) {
  if (!queued.length) return { gate: null, items: [] };
  const gate = queued[0].gate || null;
  const end = queued.findIndex((item) => (item.gate || null) !== gate);
  return { gate, items: end === -1 ? queued : queued.slice(0, end) };
}

export async function enqueue(store, record) {
  await store.put("queue", record);
}

/** Send a refused scan again. It goes back to the queue under a new nonce, since the server
 * keeps the refusal under the old one; its time is worked out again at upload, with what the
 * phone knows of the server's clock by then. */
export async function retryRefused(store, nonce, { newNonce, created }) {
  const record = await store.get("attention", nonce);
  if (!record) return null;
  const { reason: _reason, refused_at: _refusedAt, sent_at: _sentAt, ...queued } = record;
  const again = { ...queued, nonce: newNonce, created, retry_of: record.retry_of || nonce };
  await store.retry(nonce, again);
  return again;
}

/** The staff decided this refused scan is not to be sent: it leaves the phone. */
export async function discardRefused(store, nonce) {
  await store.discard(nonce);
}
