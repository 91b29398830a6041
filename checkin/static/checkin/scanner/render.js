// The scanner's standing parts drawn from its state: the header (network, queue, conflicts,
// refused scans), who and where is scanning, the delegate list line, the conflicts and the
// refused scans. Each function takes what it shows; none keeps state.

import { attentionRow, conflictRow, conflictTone } from "./lists.js";
import { $, interpolate, setText } from "./ui.js";

/** {catalog, net, queueCount, delegateCount, syncedAt, syncing, ready, clock} */
export function renderStatus({ catalog, net, queueCount, delegateCount, syncedAt, syncing, ready, clock }) {
  const netState = $("#net-state");
  netState.dataset.state = net;
  netState.textContent = catalog[net];
  $("#offline-banner").hidden = net === "online" || document.body.dataset.screen !== "scan";
  const queue = $("#queue-state");
  queue.dataset.count = String(queueCount);
  queue.textContent = interpolate(catalog.queue, { count: queueCount });
  let syncLine = catalog.never_synced;
  if (syncing && !syncedAt) syncLine = catalog.syncing;
  else if (syncedAt) {
    syncLine = interpolate(catalog.synced, {
      count: delegateCount.toLocaleString(catalog.lang === "en" ? "en-GB" : "vi-VN"),
      time: clock(syncedAt),
    });
  }
  const line = $("#sync-line");
  line.textContent = syncLine;
  line.dataset.delegates = String(delegateCount);
  line.dataset.synced = syncedAt ? "yes" : "no";
  setText("sync_line", syncLine);
  // Door staff should know before the Wi-Fi goes: the decoder is loaded, the app is stored on
  // the phone and the delegate list is there.
  const readiness = $("#offline-ready");
  readiness.dataset.ready = ready ? "yes" : "no";
  readiness.textContent = ready ? catalog.offline_ready : catalog.offline_not_ready;
}

/** {catalog, mode, device, staff, gate, missing}: the gate and who scans, in the header. */
export function renderWho({ catalog, mode, device, staff, gate, missing }) {
  const staffName = staff ? staff.name || staff.email || "" : "";
  setText("gate_name", gate ? gate.name : missing ? catalog.choose_gate : catalog.app_title);
  setText("gate_fact", gate ? gate.name : missing ? catalog.no_gate : "—");
  setText("device_name", mode === "device" && device ? device.name : staffName);
  setText("staff_name", staffName || "—");
  $("#unpair").hidden = mode !== "device";
  $("#change-gate").hidden = mode !== "session";
  document.body.dataset.mode = mode || "";
  document.body.dataset.gate = gate ? "chosen" : missing ? "missing" : "none";
}

export function renderConflicts(conflicts, { catalog, clock, onDismiss }) {
  const count = conflicts.length;
  const tone = conflicts.some((conflict) => conflictTone(conflict) === "stop") ? "stop" : "warn";
  const pill = $("#conflict-state");
  pill.hidden = !count;
  pill.dataset.count = String(count);
  pill.dataset.tone = tone;
  pill.textContent = interpolate(catalog.conflict_count, { count });
  const panel = $("#conflicts");
  panel.hidden = !count;
  panel.dataset.tone = tone;
  $("#conflicts-all").hidden = count < 2;
  $("#conflict-list").replaceChildren(
    ...conflicts.map((conflict) => conflictRow(conflict, { catalog, clock, onDismiss })),
  );
}

export function renderAttention(records, { catalog, dateTime, onRetry, onDiscard }) {
  const count = records.length;
  const pill = $("#attention-state");
  pill.hidden = !count;
  pill.dataset.count = String(count);
  pill.textContent = interpolate(catalog.attention_count, { count });
  $("#attention").hidden = !count;
  $("#attention-list").replaceChildren(
    ...records.map((record) => attentionRow(record, { catalog, dateTime, onRetry, onDiscard })),
  );
}

export function announceConflicts(conflicts, catalog) {
  if (!conflicts.length) return;
  $("#conflict-announce").textContent = `${catalog.conflicts_title}: ${conflicts
    .map((conflict) => conflict.name || catalog.conflict_no_name)
    .join(", ")}`;
}
