// The door scanner: pair the phone, read badges, answer green / amber / red, keep going offline.
//
// Online, every scan is decided by the server (POST /checkin/scan). When the network is gone
// or too slow, the phone decides from its copy of the delegate list (SHA-256 of the code, the
// same hashes the server sends), queues the scan with its nonce and the time it was made, and
// uploads the queue through /checkin/batch when the network is back. The nonce makes a retried
// upload count once. A delegate who lost the badge is found by name in the same list and queued
// by registration id. When the server's answer to an uploaded scan differs from what the phone
// decided (someone came in meanwhile at another gate, a badge was cancelled), the staff are told
// until they dismiss it.
//
// A paired device is bound to its gate. Door staff logged in with their own account choose the
// gate they staff; the phone remembers it and sends it with every scan.

import { Api, ApiError, NetworkError } from "./api.js";
import { codeHash, newNonce, parseCode } from "./codes.js";
import { Camera, loadDecoder } from "./decoder.js";
import { signal, unlock } from "./feedback.js";
import { openStore } from "./store.js";
import { looksLikePhone, searchKey } from "./text.js";
import {
  $,
  $$,
  Verdict,
  applyText,
  closeSheets,
  formatClock,
  interpolate,
  openSheet,
  setText,
  sheetOpen,
  showScreen,
  toneOf,
} from "./ui.js";

const config = JSON.parse(document.getElementById("scanner-config").textContent);

const REPEAT_WINDOW_MS = 3000; // the same badge read again within this is the same scan
const READY_AFTER_MS = 800; // the next badge can be read this soon after an answer
const SCAN_TIMEOUT_MS = 2500; // slower than this, the phone decides alone
const UNSTABLE_FOR_MS = 30000; // after a failed request, decide alone for this long
const SYNC_EVERY_MS = 60000;
const FLUSH_EVERY_MS = 10000;
const BATCH_SIZE = 50;
const PAGE_SIZE = 500;
const CONFLICTS_KEPT = 200;
const SEARCH_LIMIT = 20; // as many as the server's search answers

const state = {
  store: null,
  api: new Api(config.urls.api),
  catalog: config.i18n.vi,
  mode: null, // "device" (paired, bearer token) or "session" (door staff logged in)
  device: null,
  staff: null,
  gate: null, // door staff: the gate chosen on this phone, {code, name, kind}
  gates: null, // the open gates to choose from; null until known
  gatesLoading: false,
  gatesFailed: false,
  afterGate: null, // what was asked for before a gate was chosen
  conflicts: [], // uploaded scans the server answered otherwise than the phone, newest first
  unstableUntil: 0,
  lastCode: null,
  lastCodeAt: 0,
  readyAt: 0,
  busy: false,
  syncing: false,
  flushing: false,
  queueCount: 0,
  delegateCount: 0,
  syncedAt: null,
  decoderPromise: null,
  decoderReady: false,
  workerReady: false,
  cameraWanted: false,
  loopsStarted: false,
};

const verdict = new Verdict(document.getElementById("verdict"));
verdict.onHide = () => offerGatePicker();
const camera = new Camera(document.getElementById("camera"), {
  onCode: (text) => onCode(text),
  onFrameError: (error) => console.warn("scanner: frame", error),
});

// --- Connection state ----------------------------------------------------------------------

function connection() {
  if (!navigator.onLine) return "offline";
  if (Date.now() < state.unstableUntil) return "unstable";
  return "online";
}

function markUnstable() {
  state.unstableUntil = Date.now() + UNSTABLE_FOR_MS;
  renderStatus();
}

function markReachable() {
  if (state.unstableUntil) {
    state.unstableUntil = 0;
    renderStatus();
  }
}

function hasAuth() {
  return Boolean(state.api.token) || state.mode === "session";
}

// --- Rendering -----------------------------------------------------------------------------

function clock(iso) {
  return formatClock(iso, state.catalog.lang, config.time_zone);
}

function renderStatus() {
  const catalog = state.catalog;
  const net = connection();
  const netState = $("#net-state");
  netState.dataset.state = net;
  netState.textContent = catalog[net];
  $("#offline-banner").hidden = net === "online" || document.body.dataset.screen !== "scan";
  const queue = $("#queue-state");
  queue.dataset.count = String(state.queueCount);
  queue.textContent = interpolate(catalog.queue, { count: state.queueCount });
  let syncLine = catalog.never_synced;
  if (state.syncing && !state.syncedAt) syncLine = catalog.syncing;
  else if (state.syncedAt) {
    syncLine = interpolate(catalog.synced, {
      count: state.delegateCount.toLocaleString(catalog.lang === "en" ? "en-GB" : "vi-VN"),
      time: clock(state.syncedAt),
    });
  }
  const line = $("#sync-line");
  line.textContent = syncLine;
  line.dataset.delegates = String(state.delegateCount);
  line.dataset.synced = state.syncedAt ? "yes" : "no";
  setText("sync_line", syncLine);
  // Door staff should know before the Wi-Fi goes: the decoder is loaded, the app is stored on
  // the phone and the delegate list is there.
  const ready = state.decoderReady && state.workerReady && Boolean(state.syncedAt);
  const readiness = $("#offline-ready");
  readiness.dataset.ready = ready ? "yes" : "no";
  readiness.textContent = ready ? catalog.offline_ready : catalog.offline_not_ready;
}

function renderWho() {
  const catalog = state.catalog;
  const gate = currentGate();
  const missing = needsGate();
  const staffName = state.staff ? state.staff.name || state.staff.email || "" : "";
  setText("gate_name", gate ? gate.name : missing ? catalog.choose_gate : catalog.app_title);
  setText("gate_fact", gate ? gate.name : missing ? catalog.no_gate : "—");
  setText("device_name", state.mode === "device" && state.device ? state.device.name : staffName);
  setText("staff_name", staffName || "—");
  $("#unpair").hidden = state.mode !== "device";
  $("#change-gate").hidden = state.mode !== "session";
  document.body.dataset.mode = state.mode || "";
  document.body.dataset.gate = gate ? "chosen" : missing ? "missing" : "none";
}

function languageOf() {
  const language = (state.device && state.device.language) || (state.staff && state.staff.language);
  return language && language.startsWith("en") ? "en" : "vi";
}

function setLanguage() {
  const lang = languageOf();
  state.catalog = config.i18n[lang] || config.i18n.vi;
  applyText(state.catalog);
  renderStatus();
  renderWho();
  renderGates();
  renderConflicts();
}

function showAnswer(answer, { local = false } = {}) {
  verdict.show(answer, {
    catalog: state.catalog,
    timeZone: config.time_zone,
    local,
    listTime: state.syncedAt ? clock(state.syncedAt) : "",
  });
  signal(toneOf(answer.result));
}

// --- Local decisions and the upload queue --------------------------------------------------

function localAnswer(result, delegate = null, firstCheckin = null) {
  return {
    result,
    message: state.catalog.results[result],
    delegate,
    first_checkin: firstCheckin,
  };
}

async function findDelegate(parsed) {
  const hash = await codeHash(parsed);
  if (parsed.kind === "token") {
    if (await state.store.get("revoked", hash)) return { revoked: true };
    return { delegate: await state.store.get("delegates", hash) };
  }
  return { delegate: await state.store.getByIndex("delegates", "short_hash", hash) };
}

async function decideLocally(code) {
  const parsed = parseCode(code);
  if (!parsed) return localAnswer("invalid");
  const { revoked, delegate } = await findDelegate(parsed);
  if (revoked) return localAnswer("revoked");
  if (!delegate) return localAnswer("invalid");
  return decideFor(delegate);
}

/** The phone's answer for a delegate of its list; an admission is remembered as seen. */
async function decideFor(delegate) {
  const shown = {
    name: delegate.name,
    title: delegate.title,
    organisation: delegate.organisation,
    type: delegate.type,
    type_label: delegate.type_label,
    needs: delegate.needs || "",
  };
  if (delegate.status === "cancelled") return localAnswer("cancelled", shown);
  if (delegate.status !== "approved") return localAnswer("not_approved", shown);
  const seen = await state.store.get("seen", delegate.code_hash);
  if (seen) return localAnswer("already_checked_in", shown, { at: seen.at, gate: seen.gate });
  if (delegate.checked_in) {
    return localAnswer("already_checked_in", shown, delegate.first_checkin || null);
  }
  const gate = currentGate();
  await state.store.put("seen", {
    code_hash: delegate.code_hash,
    at: new Date().toISOString(),
    gate: gate ? gate.name : "",
  });
  return localAnswer("ok", shown);
}

/** An answer from the server also teaches the local list, for when the network goes. */
async function rememberAnswer(code, answer) {
  if (!["ok", "already_checked_in"].includes(answer.result)) return;
  const parsed = parseCode(code);
  if (!parsed) return;
  const { delegate } = await findDelegate(parsed);
  if (!delegate || (await state.store.get("seen", delegate.code_hash))) return;
  const first = answer.first_checkin || {};
  await state.store.put("seen", {
    code_hash: delegate.code_hash,
    at: first.at || new Date().toISOString(),
    gate: first.gate || "",
  });
}

async function refreshQueueCount() {
  state.queueCount = await state.store.count("queue");
  renderStatus();
}

async function enqueue(scan) {
  await state.store.put("queue", scan);
  await refreshQueueCount();
  if (navigator.onLine) setTimeout(flush, 0);
}

/** Queue what the phone decided alone (`item`: the code, or the registration id of a delegate
 * found by name), to be uploaded with its nonce, and show the answer. */
async function queueDecision(answer, item, nonce, scannedAt) {
  await enqueue({
    ...item,
    nonce,
    scanned_at: scannedAt,
    created: Date.now(),
    gate: gateParam(),
    local_result: answer.result,
    local_name: displayName(answer.delegate),
  });
  showAnswer(answer, { local: true });
}

/** Upload queued scans of one gate (door staff may have changed gate while scans waited). */
async function uploadBatch(items, gate) {
  const scans = items.map(({ code, registration_id, nonce, scanned_at }) =>
    code === undefined ? { registration_id, nonce, scanned_at } : { code, nonce, scanned_at },
  );
  try {
    return await state.api.batch(scans, gate);
  } catch (error) {
    // The gate was removed on the server since: the scans still count, without a gate.
    if (gate && error instanceof ApiError && error.status === 400) return state.api.batch(scans);
    throw error;
  }
}

async function flush() {
  if (state.flushing || !navigator.onLine || !hasAuth()) return;
  state.flushing = true;
  try {
    for (;;) {
      const queued = await state.store.queued(BATCH_SIZE);
      if (!queued.length) break;
      // In the order they were made, as long as they are for the same gate.
      const gate = queued[0].gate || null;
      const end = queued.findIndex((item) => (item.gate || null) !== gate);
      const items = end === -1 ? queued : queued.slice(0, end);
      const data = await uploadBatch(items, gate);
      const results = ((data && data.results) || []).filter((result) => result && result.nonce);
      const byNonce = new Map(items.map((item) => [item.nonce, item]));
      // Recorded before the queue forgets the scans, so that a crash in between loses nothing
      // (a retried upload answers the same and a conflict is kept once).
      await addConflicts(
        results
          .map((result) => conflictOf(byNonce.get(result.nonce), result))
          .filter(Boolean),
      );
      for (const result of results) {
        // An answer or a per-scan error: either way the server has seen it; never resend.
        await state.store.delete("queue", result.nonce);
      }
      markReachable();
      if (!results.length) break;
    }
  } catch (error) {
    if (error instanceof ApiError && error.isAuth) deviceRevoked();
    else if (error instanceof NetworkError) markUnstable();
  } finally {
    state.flushing = false;
    await refreshQueueCount();
  }
}

async function sync() {
  if (state.syncing || !navigator.onLine || !hasAuth()) return;
  state.syncing = true;
  renderStatus();
  try {
    let cursor = (await state.store.meta("cursor")) || "";
    for (let page = 0; page < 200; page += 1) {
      const data = await state.api.delegates(cursor, PAGE_SIZE);
      const next = data.cursor === undefined || data.cursor === null ? cursor : String(data.cursor);
      await state.store.applyDelegates(data.delegates || [], data.revoked || [], next);
      cursor = next;
      if (!data.more) break;
    }
    state.syncedAt = new Date().toISOString();
    await state.store.setMeta({ synced_at: state.syncedAt });
    state.delegateCount = await state.store.count("delegates");
  } catch (error) {
    if (error instanceof ApiError && error.isAuth) deviceRevoked();
  } finally {
    state.syncing = false;
    renderStatus();
  }
}

// --- The gate (door staff choose it, a device is bound to it) ------------------------------

function currentGate() {
  if (state.mode === "device") return (state.device && state.device.gate) || null;
  if (state.mode === "session") return state.gate;
  return null;
}

/** The gate code sent with scans: door staff's choice; a device sends none. */
function gateParam() {
  return state.mode === "session" && state.gate ? state.gate.code : null;
}

/** Door staff must choose a gate before scanning, once the open gates are known. */
function needsGate() {
  return (
    state.mode === "session" && !state.gate && Array.isArray(state.gates) && state.gates.length > 0
  );
}

async function setGate(gate) {
  state.gate = gate ? { code: gate.code, name: gate.name, kind: gate.kind } : null;
  await state.store.setMeta({ gate: state.gate });
  renderWho();
  renderGates();
}

async function loadGates() {
  if (state.mode !== "session" || state.gatesLoading || !navigator.onLine) {
    renderGates();
    return;
  }
  state.gatesLoading = true;
  state.gatesFailed = false;
  renderGates();
  try {
    const gates = await state.api.gates();
    state.gates = Array.isArray(gates) ? gates : [];
    markReachable();
    await state.store.setMeta({ gates: state.gates });
    if (state.gate) {
      // Closed since it was chosen: choose again. Renamed: show the new name.
      await setGate(state.gates.find((gate) => gate.code === state.gate.code) || null);
    }
  } catch (failure) {
    if (failure instanceof ApiError && failure.isAuth) {
      deviceRevoked();
      return;
    }
    if (failure instanceof NetworkError) markUnstable();
    state.gatesFailed = true;
  } finally {
    state.gatesLoading = false;
    renderGates();
    renderWho();
  }
  offerGatePicker();
}

function gateOption(gate) {
  const item = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "gate-option";
  button.dataset.code = gate.code;
  button.setAttribute("aria-pressed", String(Boolean(state.gate && state.gate.code === gate.code)));
  const name = document.createElement("strong");
  name.className = "gate-name";
  name.textContent = gate.name;
  const kind = document.createElement("span");
  kind.className = "gate-kind";
  kind.textContent = state.catalog.gate_kinds[gate.kind] || "";
  button.append(name, kind);
  button.addEventListener("click", () => chooseGate(gate.code));
  item.append(button);
  return item;
}

function renderGates() {
  const catalog = state.catalog;
  const gates = state.gates || [];
  const focused = document.activeElement && document.activeElement.closest(".gate-option");
  $("#gate-list").replaceChildren(...gates.map(gateOption));
  if (focused) {
    const again = $(`.gate-option[data-code="${CSS.escape(focused.dataset.code)}"]`);
    if (again) again.focus();
  }
  let note = "";
  if (state.gatesLoading && !gates.length) note = catalog.gates_loading;
  else if (state.gatesFailed && !gates.length) note = catalog.gates_failed;
  else if (state.gates === null) note = navigator.onLine ? catalog.gates_loading : catalog.gates_offline;
  else if (!gates.length) note = catalog.gates_empty;
  $("#gate-note").textContent = note;
}

function openGatePicker() {
  renderGates();
  openSheet("sheet-gate");
  // Focus inside the dialog, without suggesting a choice or that it is to be closed.
  ($('#gate-list [aria-pressed="true"]') || $("#gate-title")).focus();
  loadGates();
}

/** Open the picker by itself when door staff have not chosen yet and nothing else is showing. */
function offerGatePicker() {
  if (needsGate() && document.body.dataset.screen === "scan" && !sheetOpen() && !verdict.visible) {
    openGatePicker();
  }
}

function requireGate(action) {
  if (!needsGate()) {
    action();
    return;
  }
  state.afterGate = action;
  openGatePicker();
}

async function chooseGate(code) {
  const gate = (state.gates || []).find((candidate) => candidate.code === code);
  if (!gate) return;
  await setGate(gate);
  const next = state.afterGate;
  state.afterGate = null;
  closeSheets();
  if (next) next();
}

// --- Conflicts: the server answered an uploaded scan otherwise than the phone --------------

function displayName(delegate) {
  return delegate ? [delegate.title, delegate.name].filter(Boolean).join(" ") : "";
}

function conflictOf(item, result) {
  if (!item || !result.result || !item.local_result || result.result === item.local_result) {
    return null;
  }
  return {
    nonce: item.nonce,
    name: displayName(result.delegate) || item.local_name || "",
    scanned_at: item.scanned_at,
    local_result: item.local_result,
    result: result.result,
    first_checkin: result.first_checkin || null,
  };
}

function conflictTone(conflict) {
  // Let in but refused by the server is red; the rest (already in, or refused here but valid)
  // needs a look, amber.
  return toneOf(conflict.result) === "stop" ? "stop" : "warn";
}

async function saveConflicts() {
  await state.store.setMeta({ conflicts: state.conflicts.length ? state.conflicts : null });
  renderConflicts();
}

async function addConflicts(found) {
  const known = new Set(state.conflicts.map((conflict) => conflict.nonce));
  const fresh = found.filter((conflict) => !known.has(conflict.nonce)).reverse();
  if (!fresh.length) return;
  state.conflicts = [...fresh, ...state.conflicts].slice(0, CONFLICTS_KEPT);
  await saveConflicts();
  $("#conflict-announce").textContent = `${state.catalog.conflicts_title}: ${fresh
    .map((conflict) => conflict.name || state.catalog.conflict_no_name)
    .join(", ")}`;
}

async function dismissConflict(nonce) {
  const index = state.conflicts.findIndex((conflict) => conflict.nonce === nonce);
  state.conflicts = state.conflicts.filter((conflict) => conflict.nonce !== nonce);
  await saveConflicts();
  const buttons = $$(".conflict-dismiss");
  const next = buttons[Math.min(index, buttons.length - 1)];
  if (next) next.focus();
}

async function dismissAllConflicts() {
  state.conflicts = [];
  await saveConflicts();
}

function conflictRow(conflict) {
  const catalog = state.catalog;
  const verdictOf = (result) => catalog.verdicts[result] || result;
  const item = document.createElement("li");
  item.className = "conflict";
  item.dataset.tone = conflictTone(conflict);
  item.dataset.result = conflict.result;
  const text = document.createElement("div");
  text.className = "conflict-text";
  const name = document.createElement("strong");
  name.className = "conflict-name";
  name.textContent = conflict.name || catalog.conflict_no_name;
  const server = document.createElement("span");
  server.className = "conflict-server";
  server.textContent = interpolate(catalog.conflict_server, { verdict: verdictOf(conflict.result) });
  text.append(name, server);
  const first = conflict.first_checkin;
  if (conflict.result === "already_checked_in" && first) {
    const time = clock(first.at);
    const firstLine = document.createElement("span");
    firstLine.className = "conflict-first";
    firstLine.textContent = first.gate
      ? interpolate(catalog.first_entry, { time, gate: first.gate })
      : interpolate(catalog.first_entry_time, { time });
    text.append(firstLine);
  }
  const local = document.createElement("span");
  local.className = "conflict-local";
  local.textContent = interpolate(catalog.conflict_local, {
    time: clock(conflict.scanned_at),
    verdict: verdictOf(conflict.local_result),
  });
  text.append(local);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "conflict-dismiss";
  button.textContent = catalog.dismiss;
  button.setAttribute("aria-label", interpolate(catalog.dismiss_one, { name: name.textContent }));
  button.addEventListener("click", () => dismissConflict(conflict.nonce));
  item.append(text, button);
  return item;
}

function renderConflicts() {
  const count = state.conflicts.length;
  const tone = state.conflicts.some((conflict) => conflictTone(conflict) === "stop")
    ? "stop"
    : "warn";
  const pill = $("#conflict-state");
  pill.hidden = !count;
  pill.dataset.count = String(count);
  pill.dataset.tone = tone;
  pill.textContent = interpolate(state.catalog.conflict_count, { count });
  const panel = $("#conflicts");
  panel.hidden = !count;
  panel.dataset.tone = tone;
  $("#conflicts-all").hidden = count < 2;
  $("#conflict-list").replaceChildren(...state.conflicts.map(conflictRow));
}

// --- Scanning ------------------------------------------------------------------------------

function onCode(raw) {
  const text = String(raw).trim();
  const now = Date.now();
  if (!text || state.busy || sheetOpen() || now < state.readyAt) return;
  // The badge still in front of the camera: not a second scan while its answer is on screen,
  // nor within the repeat window. "Scan next" forgets it at once.
  if (text === state.lastCode && (verdict.visible || now - state.lastCodeAt < REPEAT_WINDOW_MS)) {
    return;
  }
  state.lastCode = text;
  state.lastCodeAt = now;
  submit(text);
}

async function submit(code) {
  if (needsGate()) {
    openGatePicker();
    return;
  }
  state.busy = true;
  $("#camera-checking").hidden = false;
  const nonce = newNonce();
  const scannedAt = new Date().toISOString();
  let answer = null;
  try {
    if (connection() === "online") {
      try {
        answer = await state.api.scan(code, nonce, scannedAt, SCAN_TIMEOUT_MS, gateParam());
        markReachable();
        rememberAnswer(code, answer).catch(() => {});
      } catch (error) {
        if (error instanceof ApiError && error.isAuth) {
          deviceRevoked();
          return;
        }
        if (error instanceof ApiError && error.status === 400 && gateParam()) {
          // The chosen gate is gone on the server: this scan counts without it, and the staff
          // choose again once its answer is read.
          await setGate(null);
          loadGates();
        } else {
          // No answer in time: decide here. If the request did arrive, the queued copy carries
          // the same nonce and the server keeps one record.
          markUnstable();
        }
      }
    }
    if (answer) showAnswer(answer);
    else await queueDecision(await decideLocally(code), { code }, nonce, scannedAt);
  } finally {
    state.busy = false;
    state.readyAt = Date.now() + READY_AFTER_MS;
    $("#camera-checking").hidden = true;
  }
}

function readyForNext() {
  verdict.hide();
  state.lastCode = null;
  state.lastCodeAt = 0;
  state.readyAt = 0;
}

function decoder() {
  if (!state.decoderPromise) {
    state.decoderPromise = loadDecoder(config.urls);
    state.decoderPromise.then(
      () => {
        state.decoderReady = true;
        renderStatus();
      },
      () => {
        state.decoderPromise = null;
      },
    );
  }
  return state.decoderPromise;
}

async function startCamera() {
  const viewfinder = $("#viewfinder");
  const error = $("#camera-error");
  state.cameraWanted = true;
  if (camera.running) return;
  error.hidden = true;
  viewfinder.dataset.camera = "starting";
  $("#camera-hint").textContent = state.catalog.camera_starting;
  try {
    await camera.start(decoder());
    viewfinder.dataset.camera = "on";
    document.body.dataset.decoder = camera.decoder.name;
    $("#camera-hint").textContent = state.catalog.camera_hint;
  } catch (failure) {
    console.warn("scanner: camera", failure);
    camera.stop();
    viewfinder.dataset.camera = "error";
    const cameraProblem = failure && /^(NotAllowed|NotFound|NotReadable|Overconstrained|Security)Error$/.test(failure.name);
    error.textContent = cameraProblem || !navigator.mediaDevices
      ? state.catalog.camera_failed
      : state.catalog.decoder_failed;
    error.hidden = false;
    $("#camera-hint").textContent = state.catalog.camera_hint;
  }
}

// --- Screens -------------------------------------------------------------------------------

function startLoops() {
  if (state.loopsStarted) return;
  state.loopsStarted = true;
  setInterval(sync, SYNC_EVERY_MS);
  setInterval(() => {
    flush();
    ensureServiceWorker();
  }, FLUSH_EVERY_MS);
  setInterval(renderStatus, 2000);
}

function enterScan() {
  showScreen("scan");
  renderWho();
  renderStatus();
  renderConflicts();
  decoder();
  startLoops();
  sync().then(flush);
  if (state.mode === "session") {
    offerGatePicker();
    loadGates();
  }
}

function showPairing(message) {
  camera.stop();
  state.cameraWanted = false;
  $("#viewfinder").dataset.camera = "off";
  showScreen("pair");
  renderStatus();
  const error = $("#pair-error");
  error.textContent = message || "";
  error.hidden = !message;
}

/** The delegate list leaves the phone (unsent scans stay, to be uploaded after pairing again). */
async function forgetDelegates() {
  await state.store.forgetDelegates();
  state.delegateCount = 0;
  state.syncedAt = null;
  renderStatus();
}

function deviceRevoked() {
  // A revoked device must pair again; an expired staff session just logs in again. Either way
  // the phone no longer holds the delegate list: a lost phone, once revoked, forgets it.
  const wasDevice = state.mode === "device";
  state.api.token = null;
  state.mode = null;
  state.store.setMeta({ token: null, mode: null }).catch(() => {});
  forgetDelegates().catch(() => {});
  verdict.hide();
  closeSheets();
  showPairing(wasDevice ? state.catalog.device_revoked : "");
}

async function pair(code, name) {
  const button = $("#pair-form button[type=submit]");
  const error = $("#pair-error");
  error.hidden = true;
  button.disabled = true;
  button.textContent = state.catalog.pairing;
  try {
    state.api.token = null;
    const data = await state.api.pair(code.trim(), name.trim());
    // A new pairing may be for another gate or edition: fetch the whole list again. Scans
    // still queued stay and are uploaded under the new pairing.
    await forgetDelegates();
    await state.store.setMeta({ token: data.token, device: data.device, staff: null, mode: "device" });
    Object.assign(state, { mode: "device", device: data.device, staff: null });
    state.api.token = data.token;
    setLanguage();
    enterScan();
    refreshMe();
  } catch (failure) {
    error.textContent =
      failure instanceof NetworkError
        ? state.catalog.pair_offline
        : (failure && failure.detail) || state.catalog.pair_failed;
    error.hidden = false;
  } finally {
    button.disabled = false;
    button.textContent = state.catalog.pair_button;
  }
}

async function refreshMe() {
  try {
    const me = await state.api.me();
    state.device = me.device || state.device;
    state.staff = me.staff || null;
    await state.store.setMeta({ device: state.device, staff: state.staff, edition: me.edition });
    setLanguage();
    renderWho();
  } catch (failure) {
    if (failure instanceof ApiError && failure.isAuth) deviceRevoked();
  }
}

/**
 * Ask the server, if the phone is online. {data}: its answer. {handled: true}: nothing more to
 * do (the device lost its access, or the server refused and `refused` said so). {}: no answer
 * (offline, or the network failed): the phone carries on alone.
 */
async function askServer(request, refused) {
  if (connection() !== "online") return {};
  try {
    const data = await request();
    markReachable();
    return { data };
  } catch (failure) {
    if (failure instanceof ApiError && failure.isAuth) deviceRevoked();
    else if (!(failure instanceof NetworkError)) refused();
    else {
      markUnstable();
      return {};
    }
    return { handled: true };
  }
}

async function search(q) {
  const note = $("#search-note");
  const list = $("#search-results");
  list.replaceChildren();
  if (!q.trim()) return;
  note.textContent = state.catalog.searching;
  const reply = await askServer(
    () => state.api.search(q.trim()),
    () => {
      note.textContent = state.catalog.search_failed;
    },
  );
  if (reply.handled) return;
  if (reply.data) {
    note.textContent = reply.data.length ? "" : state.catalog.search_empty;
    for (const row of reply.data) list.append(resultRow(row));
    return;
  }
  await searchLocally(q);
}

/** Offline: names and organisations in the phone's delegate list (phones are not on it). */
async function searchLocally(q) {
  const note = $("#search-note");
  const list = $("#search-results");
  if (looksLikePhone(q)) {
    note.textContent = state.catalog.search_phone_offline;
    return;
  }
  if (!state.delegateCount) {
    note.textContent = state.catalog.no_list;
    return;
  }
  const key = searchKey(q);
  const found =
    key.length < 2
      ? []
      : (await state.store.all("delegates"))
          .filter((delegate) => searchKey(`${delegate.name} ${delegate.organisation}`).includes(key))
          .sort((a, b) => a.name.localeCompare(b.name, "vi") || a.registration_id - b.registration_id)
          .slice(0, SEARCH_LIMIT);
  const seen = await Promise.all(found.map((delegate) => state.store.get("seen", delegate.code_hash)));
  note.textContent = found.length ? state.catalog.search_local : state.catalog.search_empty;
  found.forEach((delegate, index) => {
    list.append(
      resultRow({
        registration_id: delegate.registration_id,
        name: delegate.name,
        title: delegate.title,
        organisation: delegate.organisation,
        type_label: delegate.type_label,
        status: delegate.status,
        checked_in: Boolean(delegate.checked_in || seen[index]),
      }),
    );
  });
}

function resultRow(row) {
  const item = document.createElement("li");
  item.className = "result";
  const main = document.createElement("div");
  main.className = "result-main";
  const name = document.createElement("strong");
  name.className = "result-name";
  name.textContent = [row.title, row.name].filter(Boolean).join(" ");
  const organisation = document.createElement("span");
  organisation.className = "result-org";
  organisation.textContent = row.organisation || "";
  const tags = document.createElement("span");
  tags.className = "result-tags";
  const type = document.createElement("span");
  type.className = "tag";
  type.textContent = row.type_label || "";
  tags.append(type);
  if (row.checked_in) {
    const tag = document.createElement("span");
    tag.className = "tag tag-warn";
    tag.textContent = state.catalog.checked_in;
    tags.append(tag);
  }
  if (row.status && row.status !== "approved") {
    const tag = document.createElement("span");
    tag.className = "tag tag-stop";
    tag.textContent = state.catalog.statuses[row.status] || row.status;
    tags.append(tag);
  }
  main.append(name, organisation, tags);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button-primary result-checkin";
  button.textContent = state.catalog.checkin_button;
  button.addEventListener("click", () => manualCheckin(row.registration_id, button));
  item.append(main, button);
  return item;
}

async function manualCheckin(registrationId, button) {
  button.disabled = true;
  // One nonce for the request and, if it gets no answer, for the queued copy: the server keeps
  // one record even when the request did arrive.
  const nonce = newNonce();
  const scannedAt = new Date().toISOString();
  try {
    const reply = await askServer(
      () => state.api.manual(registrationId, nonce, gateParam()),
      () => {
        $("#search-note").textContent = state.catalog.search_failed;
      },
    );
    if (reply.handled) return;
    if (reply.data) {
      closeSheets();
      showAnswer(reply.data);
      return;
    }
    const delegate = await state.store.getByIndex("delegates", "registration_id", registrationId);
    if (!delegate) {
      $("#search-note").textContent = state.catalog.not_on_phone;
      return;
    }
    const answer = await decideFor(delegate);
    closeSheets();
    await queueDecision(answer, { registration_id: registrationId }, nonce, scannedAt);
  } finally {
    button.disabled = false;
  }
}

// --- Start ---------------------------------------------------------------------------------

function bindEvents() {
  document.addEventListener("pointerdown", unlock, { passive: true });
  document.addEventListener("keydown", unlock);
  $("#staff-login").href = config.urls.login;
  $("#pair-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const code = $("#pair-code").value;
    if (code.trim()) pair(code, $("#pair-name").value);
  });
  $("#start-scan").addEventListener("click", () => {
    unlock();
    requireGate(startCamera);
  });
  $("#verdict-next").addEventListener("click", readyForNext);
  for (const opener of $$("[data-open]")) {
    // Both ways of checking someone in need the gate; the device menu does not.
    const open = () => openSheet(opener.dataset.open);
    opener.addEventListener("click", () =>
      opener.dataset.open === "sheet-menu" ? open() : requireGate(open),
    );
  }
  for (const closer of $$("[data-close]")) {
    closer.addEventListener("click", () => {
      state.afterGate = null;
      closeSheets();
    });
  }
  $("#bar-where").addEventListener("click", () => {
    if (state.mode === "session") openGatePicker();
    else openSheet("sheet-menu");
  });
  $("#change-gate").addEventListener("click", openGatePicker);
  $("#conflict-state").addEventListener("click", () => {
    closeSheets();
    $("#conflicts-title").focus();
  });
  $("#conflicts-all").addEventListener("click", dismissAllConflicts);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      if (sheetOpen()) {
        state.afterGate = null;
        closeSheets();
      } else if (verdict.visible) readyForNext();
    }
  });
  $("#short-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const field = $("#short-code");
    const code = field.value.trim();
    if (!code) return;
    field.value = "";
    closeSheets();
    submit(code);
  });
  $("#search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    search($("#search-q").value);
  });
  $("#sync-now").addEventListener("click", () => sync().then(flush));
  $("#unpair").addEventListener("click", async () => {
    if (!window.confirm(state.catalog.unpair_confirm)) return;
    state.api.token = null;
    state.mode = null;
    state.device = null;
    await state.store.setMeta({ token: null, device: null, mode: null, staff: null });
    await forgetDelegates();
    closeSheets();
    showPairing("");
  });
  window.addEventListener("online", () => {
    state.unstableUntil = 0;
    renderStatus();
    ensureServiceWorker();
    // A decoder whose download the network cut is fetched again.
    if (document.body.dataset.screen === "scan") decoder().catch(() => {});
    flush().then(sync);
    loadGates();
  });
  window.addEventListener("offline", renderStatus);
  document.addEventListener("visibilitychange", () => {
    // Give the camera back while the app is in the background; take it again on return.
    if (document.hidden) camera.stop();
    else if (state.cameraWanted && document.body.dataset.screen === "scan") startCamera();
  });
}

let registering = null;

/** Install the offline copy of the app; again later if the network dropped while it installed. */
async function ensureServiceWorker() {
  if (!("serviceWorker" in navigator) || registering || !navigator.onLine) return;
  registering = (async () => {
    const registration = await navigator.serviceWorker.getRegistration(config.scope);
    if (registration && (registration.active || registration.installing || registration.waiting)) {
      return;
    }
    await navigator.serviceWorker.register(config.urls.service_worker, { scope: config.scope });
  })()
    .catch((error) => console.warn("scanner: service worker", error))
    .finally(() => {
      registering = null;
    });
}

async function boot() {
  applyText(state.catalog);
  bindEvents();
  ensureServiceWorker();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.ready.then(() => {
      state.workerReady = true;
      renderStatus();
    });
  }
  state.store = await openStore();
  const [token, device, staff, mode, syncedAt, gate, gates, conflicts] = await Promise.all(
    ["token", "device", "staff", "mode", "synced_at", "gate", "gates", "conflicts"].map((key) =>
      state.store.meta(key),
    ),
  );
  Object.assign(state, {
    device,
    staff,
    mode,
    syncedAt: syncedAt || null,
    gate: gate || null,
    gates: gates || null,
    conflicts: conflicts || [],
  });
  state.api.token = token || null;
  state.queueCount = await state.store.count("queue");
  state.delegateCount = await state.store.count("delegates");
  setLanguage();
  renderWho();

  const pairingCode = new URLSearchParams(window.location.search).get("pair");
  if (pairingCode) {
    // The code is single-use: keep it out of the history and the address bar.
    window.history.replaceState(null, "", config.scope);
    $("#pair-code").value = pairingCode;
    showPairing("");
    await pair(pairingCode, "");
    return;
  }
  if (state.mode === "device" && state.api.token) {
    enterScan();
    refreshMe();
    return;
  }
  try {
    const me = await state.api.me();
    Object.assign(state, { mode: "session", device: me.device || null, staff: me.staff || null });
    await state.store.setMeta({ mode: "session", device: state.device, staff: state.staff });
    setLanguage();
    enterScan();
  } catch (failure) {
    if (failure instanceof NetworkError && state.mode === "session") enterScan();
    else {
      if (state.mode === "session") await state.store.setMeta({ mode: null });
      state.mode = null;
      showPairing(failure instanceof NetworkError ? state.catalog.pair_offline : "");
    }
  }
}

boot().catch((error) => {
  console.error("scanner: start", error);
  showPairing(String(error && error.message ? error.message : error));
});
