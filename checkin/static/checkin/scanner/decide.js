// Deciding a scan: the server's answer while it can be reached, else the phone's own, from its
// copy of the delegate list (SHA-256 of the code, the same hashes the server sends). The answer
// the phone gives alone says what the server's would: who it is, their needs, and for someone
// already in, when and where they first came in.
//
// Pure logic: the store, the API and the time are passed in.

import { ApiError, NetworkError } from "./api.js";
import { codeHash, parseCode } from "./codes.js";
import { searchKey } from "./text.js";

/** The fields of a delegate list entry (GET /checkin/delegates) that the phone reads. */
export const LIST_FIELDS = [
  "code_hash",
  "short_hash",
  "registration_id",
  "name",
  "title",
  "organisation",
  "type",
  "type_label",
  "status",
  "needs",
  "checked_in",
  "first_checkin",
];
/** Door results (as the server answers them) in which the delegate was let in or is in. */
export const ADMITTED = ["ok", "already_checked_in"];
const SEARCH_LIMIT = 20; // as many as the server's search answers

/** Who the delegate is, as an answer shows it. */
export function shownDelegate(entry) {
  return {
    name: entry.name,
    title: entry.title,
    organisation: entry.organisation,
    type: entry.type,
    type_label: entry.type_label,
    needs: entry.needs || "",
  };
}

export function displayName(delegate) {
  return delegate ? [delegate.title, delegate.name].filter(Boolean).join(" ") : "";
}

export function localAnswer(catalog, result, delegate = null, firstCheckin = null) {
  return { result, message: catalog.results[result], delegate, first_checkin: firstCheckin };
}

/** The list entry for a code: {entry}, {revoked: true}, or {} when it is not on the list. */
export async function findEntry(store, code) {
  const parsed = parseCode(code);
  if (!parsed) return {};
  const hash = await codeHash(parsed);
  if (parsed.kind === "token") {
    if (await store.get("revoked", hash)) return { revoked: true };
    const entry = await store.get("delegates", hash);
    return entry ? { entry } : {};
  }
  const entry = await store.getByIndex("delegates", "short_hash", hash);
  return entry ? { entry } : {};
}

/** The list entry of a queued scan ({code} or {registration_id}), or null. */
export async function entryOfRecord(store, record) {
  if (record.code === undefined) {
    return (await store.getByIndex("delegates", "registration_id", record.registration_id)) || null;
  }
  return (await findEntry(store, record.code)).entry || null;
}

/** The phone's answer for a delegate of its list, at `at` (ISO) at gate `gateName`; a delegate
 * let in is remembered as seen, so that a second scan here is amber. */
export async function decideForEntry({ store, entry, at, gateName = "", nonce, catalog }) {
  const shown = shownDelegate(entry);
  if (entry.status === "cancelled") return localAnswer(catalog, "cancelled", shown);
  if (entry.status !== "approved") return localAnswer(catalog, "not_approved", shown);
  const seen = await store.get("seen", entry.code_hash);
  if (seen || entry.checked_in) {
    // The server's first entry when the list has it: truer than what this phone saw.
    const first = entry.first_checkin || (seen ? { at: seen.at, gate: seen.gate } : null);
    return localAnswer(catalog, "already_checked_in", shown, first);
  }
  await store.put("seen", { code_hash: entry.code_hash, at, gate: gateName, nonce, admitted: "local" });
  return localAnswer(catalog, "ok", shown);
}

export async function decideOffline({ store, code, at, gateName, nonce, catalog }) {
  const { revoked, entry } = await findEntry(store, code);
  if (revoked) return localAnswer(catalog, "revoked");
  if (!entry) return localAnswer(catalog, "invalid");
  return decideForEntry({ store, entry, at, gateName, nonce, catalog });
}

/**
 * Ask the server. {data}: its answer. {auth: true}: the phone lost its access. {refused}: the
 * server answered with an error (an ApiError): not a network failure, the answer is shown.
 * {unreachable}: no answer (no network, too slow, a server error): the phone decides alone.
 */
export async function askServer(request) {
  try {
    return { data: await request() };
  } catch (failure) {
    if (failure instanceof ApiError) return failure.isAuth ? { auth: true } : { refused: failure };
    if (failure instanceof NetworkError) return { unreachable: failure };
    throw failure;
  }
}

/**
 * Decide one scan of `code` (nonce: the scan's; gate: {code, name} or null; `gateCode` is sent
 * by door staff only). Returns {kind}:
 *   "server"  {answer, gateGone}: the server decided (gateGone: the chosen gate no longer
 *             exists there; the scan was recorded without it);
 *   "auth":   the device was revoked or the session ended;
 *   "refused" {error}: the server refused the request: shown as such, kept for the staff;
 *   "local"   {answer, unreachable}: decided here, to be queued (unreachable: the server was
 *             tried and did not answer).
 */
export async function decideScan({ code, nonce, online, api, store, gateCode, gateName, at, catalog, timeout }) {
  let unreachable = false;
  if (online) {
    const send = (gate) => api.scan(code, nonce, at, timeout, gate);
    let reply = await askServer(() => send(gateCode));
    let gateGone = false;
    if (reply.refused && gateCode && reply.refused.code === "unknown_gate") {
      // The chosen gate was removed on the server: this scan counts without it, under the same
      // nonce, and the staff choose again.
      gateGone = true;
      reply = await askServer(() => send(null));
    }
    if (reply.data) return { kind: "server", answer: reply.data, gateGone };
    if (reply.auth) return { kind: "auth" };
    if (reply.refused) return { kind: "refused", error: reply.refused, gateGone };
    unreachable = true;
  }
  const answer = await decideOffline({ store, code, at, gateName, nonce, catalog });
  return { kind: "local", answer, unreachable };
}

/** What the phone learns from the server's answer to a scan of `code` it made, for when the
 * network goes, and to notice later that another scan took this first entry over. */
export async function learnFromAnswer({ store, code, answer, nonce, scannedAt }) {
  if (!ADMITTED.includes(answer.result)) return null;
  const { entry } = await findEntry(store, code);
  if (!entry) return null;
  const first = answer.first_checkin || {};
  const record = {
    code_hash: entry.code_hash,
    at: first.at || scannedAt,
    gate: first.gate || "",
    nonce,
    scanned_at: scannedAt,
    name: displayName(answer.delegate),
    // This phone's scan is the first entry: if the list later names another, it was replaced.
    admitted: answer.result === "ok" ? "server" : null,
  };
  await store.put("seen", record);
  return record;
}

/** Offline search: names and organisations in the phone's list (phones are not on it). */
export async function searchList(store, query) {
  const key = searchKey(query);
  if (key.length < 2) return [];
  const found = (await store.all("delegates"))
    .filter((entry) => searchKey(`${entry.name} ${entry.organisation}`).includes(key))
    .sort((a, b) => a.name.localeCompare(b.name, "vi") || a.registration_id - b.registration_id)
    .slice(0, SEARCH_LIMIT);
  const seen = await store.getMany("seen", found.map((entry) => entry.code_hash));
  return found.map((entry, index) => ({
    registration_id: entry.registration_id,
    name: entry.name,
    title: entry.title,
    organisation: entry.organisation,
    type_label: entry.type_label,
    status: entry.status,
    checked_in: Boolean(entry.checked_in || seen[index]),
  }));
}
