// The door scanner: pair the phone, read badges, answer green / amber / red, keep going offline.
//
// This module wires the page to the scanner's logic, which lives in modules of its own that
// take the store, the API and the clock as inputs (and are unit-tested with them):
//   decide.js  the answer to a scan: the server's, else the phone's own from its delegate list
//   queue.js   scans waiting to be uploaded, and refused scans waiting for the staff
//   sync.js    uploading the queue, keeping the delegate list, conflicts
//   clock.js   the server's clock, as measured from this phone
//   repeat.js  a badge held in front of the camera is one scan
//   connection.js  online, unstable or offline, from what the server answered
// and render.js draws the header and the lists from the state.
// A paired device is bound to its gate. Door staff logged in with their own account choose the
// gate they staff (gates.js); the phone remembers it and sends it with every scan.

import { Api, NetworkError } from "./api.js";
import { ServerClock } from "./clock.js";
import { newNonce, parsePairing } from "./codes.js";
import { Connection } from "./connection.js";
import { askServer, decideScan, entryOfRecord, learnFromAnswer } from "./decide.js";
import { Camera, loadDecoder } from "./decoder.js";
import { signal, unlock } from "./feedback.js";
import { Gates } from "./gates.js";
import { Lookup } from "./lookup.js";
import { attentionRecord, discardRefused, enqueue, queueRecord, retryRefused } from "./queue.js";
import { RepeatGuard } from "./repeat.js";
import { announceConflicts, renderAttention, renderConflicts, renderStatus as drawStatus, renderWho as drawWho } from "./render.js";
import { openStore } from "./store.js";
import { flushQueue, pullList } from "./sync.js";
import {
  $,
  $$,
  Verdict,
  applyText,
  closeSheets,
  formatClock,
  formatDateTime,
  openSheet,
  sheetOpen,
  showScreen,
  toneOf,
} from "./ui.js";

const config = JSON.parse(document.getElementById("scanner-config").textContent);

const READY_AFTER_MS = 800; // the next badge can be read this soon after an answer
const SCAN_TIMEOUT_MS = 2500; // slower than this, the phone decides alone
const SYNC_EVERY_MS = 60000;
const FLUSH_EVERY_MS = 10000;

const state = {
  store: null,
  api: new Api(config.urls.api),
  clock: new ServerClock(),
  guard: new RepeatGuard(),
  connection: new Connection(),
  catalog: config.i18n.vi,
  mode: null, // "device" (paired, bearer token) or "session" (door staff logged in)
  device: null,
  staff: null,
  conflicts: [], // newest first
  attention: [], // refused scans, oldest first
  readyAt: 0,
  reads: 0,
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
  loops: [],
  repairCode: null,
};

const verdict = new Verdict(document.getElementById("verdict"));
const camera = new Camera(document.getElementById("camera"), {
  onCode: (text) => onCode(text),
  onFrameError: (error) => console.warn("scanner: frame", error),
});
const pairCamera = new Camera(document.getElementById("pair-camera"), {
  onCode: (text) => onPairingCode(text),
  onFrameError: (error) => console.warn("scanner: frame", error),
});
const gates = new Gates({
  state,
  onChange: () => renderWho(),
  onRevoked: () => deviceRevoked(),
  onUnreachable: () => markUnstable(),
  onReachable: () => markReachable(),
  canOffer: () => document.body.dataset.screen === "scan" && !sheetOpen() && !verdict.visible,
});
verdict.onHide = () => gates.offer();
const lookup = new Lookup({
  state,
  gates,
  online: () => connection() === "online",
  show: (answer, options) => showAnswer(answer, options),
  revoked: () => deviceRevoked(),
  reachable: () => markReachable(),
  unreachable: () => markUnstable(),
  changed: () => refreshLists(),
});

/** Log what went wrong in the background; the page carries on. */
function report(where) {
  return (error) => console.warn(`scanner: ${where}`, error);
}

// --- Connection state ----------------------------------------------------------------------

function connection() {
  return state.connection.state;
}

function markUnstable() {
  state.connection.failed();
  renderStatus();
}

function markReachable() {
  if (state.connection.reached()) renderStatus();
}

function hasAuth() {
  return Boolean(state.api.token) || state.mode === "session";
}

// --- Rendering -----------------------------------------------------------------------------

function clock(iso) {
  return formatClock(iso, state.catalog.lang, config.time_zone);
}

function renderStatus() {
  drawStatus({
    catalog: state.catalog,
    net: connection(),
    queueCount: state.queueCount,
    delegateCount: state.delegateCount,
    syncedAt: state.syncedAt,
    syncing: state.syncing,
    ready: state.decoderReady && state.workerReady && Boolean(state.syncedAt),
    clock,
  });
}

function renderWho() {
  drawWho({
    catalog: state.catalog,
    mode: state.mode,
    device: state.device,
    staff: state.staff,
    gate: gates.current(),
    missing: gates.needed(),
  });
}

function setLanguage() {
  const language = (state.device && state.device.language) || (state.staff && state.staff.language);
  state.catalog = config.i18n[language && language.startsWith("en") ? "en" : "vi"] || config.i18n.vi;
  gates.catalog = state.catalog;
  applyText(state.catalog);
  renderStatus();
  renderWho();
  gates.render();
  renderLists();
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

function renderLists() {
  renderConflicts(state.conflicts, {
    catalog: state.catalog,
    clock,
    onDismiss: (nonce) => dismissConflicts([nonce]),
  });
  renderAttention(state.attention, {
    catalog: state.catalog,
    dateTime: (iso) => formatDateTime(iso, config.time_zone),
    onRetry: retryAttention,
    onDiscard: discardAttention,
  });
}

/** Read the queue, the refused scans and the conflicts again after the store changed. */
async function refreshLists({ announce = [] } = {}) {
  const [queueCount, attention, conflicts] = await Promise.all([
    state.store.count("queue"),
    state.store.attention(),
    state.store.conflicts(),
  ]);
  Object.assign(state, { queueCount, attention, conflicts });
  renderStatus();
  renderLists();
  announceConflicts(announce, state.catalog);
}

async function dismissConflicts(nonces) {
  const buttons = $$(".conflict-dismiss");
  const index = state.conflicts.findIndex((conflict) => conflict.nonce === nonces[0]);
  await state.store.dismissConflicts(nonces);
  await refreshLists();
  const next = $$(".conflict-dismiss")[Math.min(index, buttons.length - 2)];
  if (next) next.focus();
}

async function retryAttention(nonce) {
  await retryRefused(state.store, nonce, { newNonce: newNonce(), created: Date.now() });
  await refreshLists();
  flush();
}

async function discardAttention(nonce) {
  if (!window.confirm(state.catalog.discard_confirm)) return;
  await discardRefused(state.store, nonce);
  await refreshLists();
}

// --- Background: upload, delegate list, clock ----------------------------------------------

/** What every background exchange ends with: lost access, no network, or the server there. */
function settleReply(reply) {
  const outcome = state.connection.settle(reply);
  if (outcome === "auth") deviceRevoked();
  renderStatus();
  return outcome === "fine";
}

async function flush() {
  if (state.flushing || !navigator.onLine || !hasAuth()) return;
  state.flushing = true;
  try {
    const reply = await flushQueue({ store: state.store, api: state.api, clock: state.clock });
    settleReply(reply);
    await refreshLists({ announce: reply.conflicts });
  } finally {
    state.flushing = false;
  }
}

async function measureClock() {
  const sentAt = state.clock.mono();
  const reply = await askServer(() => state.api.me());
  if (reply.data) {
    state.clock.measure({ serverTime: reply.data.server_time, sentAt, receivedAt: state.clock.mono() });
    await state.store.setMeta({ clock_offset: state.clock.offset });
  }
  return reply;
}

async function sync() {
  if (state.syncing || !navigator.onLine || !hasAuth()) return;
  state.syncing = true;
  renderStatus();
  try {
    const me = await measureClock();
    if (!settleReply(me)) return;
    const reply = await pullList({ store: state.store, api: state.api });
    if (!settleReply(reply)) return;
    state.syncedAt = new Date().toISOString();
    await state.store.setMeta({ synced_at: state.syncedAt });
    state.delegateCount = await state.store.count("delegates");
    await refreshLists({ announce: reply.conflicts });
  } finally {
    state.syncing = false;
    renderStatus();
  }
}

function startLoops() {
  if (state.loops.length) return;
  state.loops = [
    setInterval(() => sync().catch(report("sync")), SYNC_EVERY_MS),
    setInterval(() => {
      flush().catch(report("upload"));
      ensureServiceWorker();
    }, FLUSH_EVERY_MS),
    setInterval(renderStatus, 2000),
  ];
}

function stopLoops() {
  for (const id of state.loops) clearInterval(id);
  state.loops = [];
}

// --- Scanning ------------------------------------------------------------------------------

function onCode(raw) {
  const text = String(raw).trim();
  const now = Date.now();
  if (!text) return;
  state.reads += 1;
  $("#viewfinder").dataset.reads = String(state.reads);
  // The badge still in front of the camera: not a second scan while its answer is on screen,
  // nor until it has been out of view for the repeat window. "Scan next" forgets it at once.
  if (state.guard.isRepeat(text, now, { answerShown: verdict.visible || sheetOpen() })) return;
  if (state.busy || sheetOpen() || now < state.readyAt) return;
  state.guard.accept(text, now);
  const pairing = parsePairing(text);
  if (pairing) offerRepair(pairing);
  else submit(text).catch(report("scan"));
}

/** A pairing QR met while scanning badges: offered, never recorded as a scan. */
function offerRepair(pairing) {
  state.repairCode = pairing.code;
  $("#repair-text").textContent = state.catalog.repair_text;
  verdict.hide();
  openSheet("sheet-repair");
  $("#repair-yes").focus();
}

async function keepRefused(record, error) {
  const reason = { code: error.code || "rejected", message: error.detail, detail: `HTTP ${error.status}` };
  // The server gave no name: the phone's list may have it, for the staff to know whom it was.
  const entry = await entryOfRecord(state.store, record);
  if (entry) record.local_name = [entry.title, entry.name].filter(Boolean).join(" ");
  await state.store.settle({ attention: [attentionRecord(record, reason, { clock: state.clock, refusedAt: Date.now() })] });
  await refreshLists();
}

async function submit(code) {
  if (gates.needed()) {
    gates.open();
    return;
  }
  state.busy = true;
  $("#camera-checking").hidden = false;
  const nonce = newNonce();
  const stamp = state.clock.stamp();
  const at = state.clock.isoOf(stamp);
  const gate = gates.current();
  const gateCode = gates.param();
  try {
    const decision = await decideScan({
      code,
      nonce,
      online: connection() === "online" && hasAuth(),
      api: state.api,
      store: state.store,
      gateCode,
      gateName: gate ? gate.name : "",
      at,
      catalog: state.catalog,
      timeout: SCAN_TIMEOUT_MS,
    });
    if (decision.gateGone) gates.forgetChoice();
    const record = queueRecord({ item: { code }, nonce, stamp, gateCode, answer: decision.answer, created: Date.now() });
    if (decision.kind === "auth") {
      deviceRevoked();
    } else if (decision.kind === "server") {
      markReachable();
      showAnswer(decision.answer);
      learnFromAnswer({ store: state.store, code, answer: decision.answer, nonce, scannedAt: at }).catch(report("remember"));
    } else if (decision.kind === "refused") {
      // The server answered: not a network failure. Say what happened; keep the scan.
      markReachable();
      showAnswer({ result: "refused", detail: decision.error.detail });
      await keepRefused(record, decision.error);
    } else {
      if (decision.unreachable) markUnstable();
      // If the request did arrive, the queued copy carries the same nonce: one record.
      await enqueue(state.store, record);
      showAnswer(decision.answer, { local: true });
      await refreshLists();
      if (navigator.onLine) setTimeout(() => flush().catch(report("upload")), 0);
    }
  } finally {
    state.busy = false;
    state.readyAt = Date.now() + READY_AFTER_MS;
    $("#camera-checking").hidden = true;
  }
}

function readyForNext() {
  verdict.hide();
  state.guard.forget();
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
      (error) => {
        console.warn("scanner: decoder", error);
        state.decoderPromise = null;
      },
    );
  }
  return state.decoderPromise;
}

async function startCamera(which = camera, prefix = "") {
  const viewfinder = $(`#${prefix}viewfinder`);
  const error = $(`#${prefix}camera-error`);
  const hint = $(`#${prefix}camera-hint`);
  const hintText = prefix ? state.catalog.pair_camera_hint : state.catalog.camera_hint;
  if (which === camera) state.cameraWanted = true;
  if (which.running) return;
  error.hidden = true;
  viewfinder.dataset.camera = "starting";
  hint.textContent = state.catalog.camera_starting;
  try {
    await which.start(decoder());
    viewfinder.dataset.camera = "on";
    document.body.dataset.decoder = which.decoder.name;
    hint.textContent = hintText;
  } catch (failure) {
    console.warn("scanner: camera", failure);
    which.stop();
    viewfinder.dataset.camera = "error";
    const cameraProblem =
      failure && /^(NotAllowed|NotFound|NotReadable|Overconstrained|Security)Error$/.test(failure.name);
    error.textContent = cameraProblem || !navigator.mediaDevices ? state.catalog.camera_failed : state.catalog.decoder_failed;
    error.hidden = false;
    hint.textContent = hintText;
  }
}

// --- Pairing, screens ----------------------------------------------------------------------

function enterScan() {
  pairCamera.stop();
  showScreen("scan");
  renderWho();
  renderStatus();
  refreshLists().catch(report("lists"));
  decoder();
  startLoops();
  sync()
    .then(flush)
    .catch(report("sync"));
  if (state.mode === "session") {
    gates.offer();
    gates.load();
  }
}

function showPairing(message) {
  camera.stop();
  stopLoops();
  state.cameraWanted = false;
  $("#viewfinder").dataset.camera = "off";
  showScreen("pair");
  renderStatus();
  const error = $("#pair-error");
  error.textContent = message || "";
  error.hidden = !message;
}

/** The delegate list leaves the phone (unsent and refused scans stay, for the next pairing). */
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
  state.store.setMeta({ token: null, mode: null }).catch(report("forget token"));
  forgetDelegates().catch(report("forget list"));
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
  const previous = state.api.token;
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
  } catch (failure) {
    state.api.token = previous;
    if (document.body.dataset.screen !== "pair") showPairing("");
    error.textContent =
      failure instanceof NetworkError ? state.catalog.pair_offline : (failure && failure.detail) || state.catalog.pair_failed;
    error.hidden = false;
  } finally {
    button.disabled = false;
    button.textContent = state.catalog.pair_button;
  }
}

function onPairingCode(raw) {
  const pairing = parsePairing(String(raw).trim());
  const hint = $("#pair-camera-hint");
  if (!pairing) {
    hint.textContent = state.catalog.pair_not_pairing;
    return;
  }
  pairCamera.stop();
  $("#pair-viewfinder").dataset.camera = "off";
  $("#pair-code").value = pairing.code;
  pair(pairing.code, $("#pair-name").value).catch(report("pair"));
}

async function refreshMe() {
  const reply = await measureClock();
  if (!settleReply(reply) || !reply.data) return;
  state.device = reply.data.device || state.device;
  state.staff = reply.data.staff || null;
  await state.store.setMeta({ device: state.device, staff: state.staff, edition: reply.data.edition });
  setLanguage();
}

// --- Start ---------------------------------------------------------------------------------

function bindEvents() {
  document.addEventListener("pointerdown", unlock, { passive: true });
  document.addEventListener("keydown", unlock);
  $("#staff-login").href = config.urls.login;
  $("#pair-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const code = $("#pair-code").value;
    if (code.trim()) pair(code, $("#pair-name").value).catch(report("pair"));
  });
  $("#pair-scan").addEventListener("click", () => {
    unlock();
    startCamera(pairCamera, "pair-");
  });
  $("#start-scan").addEventListener("click", () => {
    unlock();
    gates.require(() => startCamera());
  });
  $("#verdict-next").addEventListener("click", readyForNext);
  for (const [id, sheet] of [["#verdict-short", "sheet-short"], ["#verdict-search", "sheet-search"]]) {
    $(id).addEventListener("click", () => {
      readyForNext();
      gates.require(() => openSheet(sheet));
    });
  }
  for (const opener of $$("[data-open]")) {
    // Both ways of checking someone in need the gate; the device menu does not.
    const open = () => openSheet(opener.dataset.open);
    opener.addEventListener("click", () => (opener.dataset.open === "sheet-menu" ? open() : gates.require(open)));
  }
  for (const closer of $$("[data-close]")) {
    closer.addEventListener("click", () => {
      gates.cancel();
      closeSheets();
    });
  }
  $("#bar-where").addEventListener("click", () => {
    if (state.mode === "session") gates.open();
    else openSheet("sheet-menu");
  });
  $("#change-gate").addEventListener("click", () => gates.open());
  $("#conflict-state").addEventListener("click", () => {
    closeSheets();
    $("#conflicts-title").focus();
  });
  $("#attention-state").addEventListener("click", () => {
    closeSheets();
    $("#attention-title").focus();
  });
  $("#conflicts-all").addEventListener("click", () => dismissConflicts(state.conflicts.map((c) => c.nonce)));
  $("#repair-yes").addEventListener("click", () => {
    const code = state.repairCode;
    state.repairCode = null;
    closeSheets();
    if (code) pair(code, "").catch(report("pair"));
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    if (sheetOpen()) {
      gates.cancel();
      closeSheets();
    } else if (verdict.visible) readyForNext();
  });
  $("#short-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const field = $("#short-code");
    const code = field.value.trim();
    if (!code) return;
    field.value = "";
    closeSheets();
    submit(code).catch(report("scan"));
  });
  $("#search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    lookup.search($("#search-q").value).catch(report("search"));
  });
  $("#sync-now").addEventListener("click", () => {
    closeSheets(); // back to the door, where what the sync brings shows
    sync()
      .then(flush)
      .catch(report("sync"));
  });
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
    state.connection.reached();
    renderStatus();
    ensureServiceWorker();
    if (document.body.dataset.screen !== "scan") return;
    // A decoder whose download the network cut is fetched again.
    decoder().catch(report("decoder"));
    flush()
      .then(sync)
      .catch(report("sync"));
    gates.load();
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
function ensureServiceWorker() {
  if (!("serviceWorker" in navigator) || registering || !navigator.onLine) return;
  registering = (async () => {
    const registration = await navigator.serviceWorker.getRegistration(config.scope);
    if (registration && (registration.active || registration.installing || registration.waiting)) {
      return;
    }
    await navigator.serviceWorker.register(config.urls.service_worker, { scope: config.scope });
  })()
    .catch(report("service worker"))
    .finally(() => {
      registering = null;
    });
}

/** A newer version of the app opened the store: this page lets go and opens again, once it is
 * not in the middle of a scan (the service worker serves the new version, also offline). */
function reloadForNewVersion() {
  stopLoops();
  $("#update-banner").hidden = false;
  const reload = () => (state.busy ? setTimeout(reload, 200) : window.location.reload());
  reload();
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
  state.store = await openStore({ onVersionChange: reloadForNewVersion });
  const keys = ["token", "device", "staff", "mode", "synced_at", "gate", "gates", "clock_offset"];
  const [token, device, staff, mode, syncedAt, gate, gateList, offset] = await Promise.all(
    keys.map((key) => state.store.meta(key)),
  );
  Object.assign(state, { device, staff, mode, syncedAt: syncedAt || null, clock: new ServerClock({ offset }) });
  gates.restore({ gate, gates: gateList });
  state.api.token = token || null;
  state.delegateCount = await state.store.count("delegates");
  await refreshLists();
  setLanguage();

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
    refreshMe().catch(report("me"));
    return;
  }
  const reply = await measureClock();
  if (reply.data) {
    Object.assign(state, { mode: "session", device: reply.data.device || null, staff: reply.data.staff || null });
    await state.store.setMeta({ mode: "session", device: state.device, staff: state.staff });
    setLanguage();
    enterScan();
  } else if (reply.unreachable && state.mode === "session") {
    // A cold start with the server down: the phone works alone, and says so.
    markUnstable();
    enterScan();
  } else {
    if (reply.unreachable) markUnstable();
    if (state.mode === "session") await state.store.setMeta({ mode: null });
    state.mode = null;
    showPairing(reply.unreachable ? state.catalog.pair_offline : "");
  }
}

boot().catch((error) => {
  console.error("scanner: start", error);
  showPairing(String(error && error.message ? error.message : error));
});
