// The rows of the scanner's lists, built as DOM elements (no HTML strings: names come from the
// delegate list): the gates to choose from, search results, conflicts, refused scans.

import { interpolate, toneOf } from "./ui.js";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(className, text, onClick, label) {
  const node = element("button", className, text);
  node.type = "button";
  if (label) node.setAttribute("aria-label", label);
  node.addEventListener("click", onClick);
  return node;
}

export function gateOption(gate, { catalog, chosen, onChoose }) {
  const item = element("li");
  const choice = button("gate-option", undefined, () => onChoose(gate.code));
  choice.dataset.code = gate.code;
  choice.setAttribute("aria-pressed", String(chosen));
  choice.append(
    element("strong", "gate-name", gate.name),
    element("span", "gate-kind", catalog.gate_kinds[gate.kind] || ""),
  );
  item.append(choice);
  return item;
}

export function resultRow(row, { catalog, onCheckin }) {
  const item = element("li", "result");
  const main = element("div", "result-main");
  const tags = element("span", "result-tags");
  tags.append(element("span", "tag", row.type_label || ""));
  if (row.checked_in) tags.append(element("span", "tag tag-warn", catalog.checked_in));
  if (row.status && row.status !== "approved") {
    tags.append(element("span", "tag tag-stop", catalog.statuses[row.status] || row.status));
  }
  main.append(
    element("strong", "result-name", [row.title, row.name].filter(Boolean).join(" ")),
    element("span", "result-org", row.organisation || ""),
    tags,
  );
  const checkin = button("button button-primary result-checkin", catalog.checkin_button, () =>
    onCheckin(row.registration_id, checkin),
  );
  item.append(main, checkin);
  return item;
}

export function conflictTone(conflict) {
  // Let in but refused by the server is red; the rest (already in, let in twice, or refused
  // here but valid) needs a look, amber.
  return toneOf(conflict.result) === "stop" ? "stop" : "warn";
}

function firstEntryLine(catalog, first, clock) {
  const time = clock(first.at);
  return first.gate
    ? interpolate(catalog.first_entry, { time, gate: first.gate })
    : interpolate(catalog.first_entry_time, { time });
}

export function conflictRow(conflict, { catalog, clock, onDismiss }) {
  const verdictOf = (result) => catalog.verdicts[result] || result;
  const name = conflict.name || catalog.conflict_no_name;
  const item = element("li", "conflict");
  item.dataset.tone = conflictTone(conflict);
  item.dataset.result = conflict.result;
  item.dataset.kind = conflict.kind || "verdict";
  const text = element("div", "conflict-text");
  text.append(
    element("strong", "conflict-name", name),
    element("span", "conflict-server", interpolate(catalog.conflict_server, { verdict: verdictOf(conflict.result) })),
  );
  if (conflict.kind === "twice") text.append(element("span", "conflict-twice", catalog.conflict_twice));
  const first = conflict.first_checkin;
  if (conflict.result === "already_checked_in" && first) {
    text.append(element("span", "conflict-first", firstEntryLine(catalog, first, clock)));
  }
  if (conflict.replaced) {
    const replaced = conflict.replaced;
    const time = clock(replaced.at);
    text.append(
      element(
        "span",
        "conflict-first",
        replaced.gate
          ? interpolate(catalog.conflict_also, { time, gate: replaced.gate })
          : interpolate(catalog.conflict_also_time, { time }),
      ),
    );
  }
  text.append(
    element(
      "span",
      "conflict-local",
      interpolate(catalog.conflict_local, {
        time: clock(conflict.scanned_at),
        verdict: verdictOf(conflict.local_result),
      }),
    ),
  );
  item.append(
    text,
    button("conflict-dismiss", catalog.dismiss, () => onDismiss(conflict.nonce), interpolate(catalog.dismiss_one, { name })),
  );
  return item;
}

/** A refused scan, with why and what the staff can do: send it again, or discard it. */
export function attentionRow(record, { catalog, dateTime, onRetry, onDiscard }) {
  const name = record.local_name || (record.code ? catalog.attention_code : catalog.conflict_no_name);
  const item = element("li", "attention-item");
  item.dataset.reason = record.reason.code;
  const text = element("div", "conflict-text");
  const code = record.reason.code;
  // The server's own words (in this phone's language) when it gave them.
  const reason = record.reason.message || catalog.refusals[code] || catalog.refusals.rejected;
  text.append(
    element("strong", "conflict-name", name),
    element("span", "attention-reason", reason),
    element("span", "conflict-local", interpolate(catalog.attention_sent, { time: dateTime(record.sent_at) })),
  );
  if (!(code in catalog.refusals) || code === "malformed") {
    text.append(element("span", "attention-detail", record.reason.detail));
  }
  const actions = element("div", "attention-actions");
  actions.append(
    button("button button-secondary attention-retry", catalog.retry, () => onRetry(record.nonce), interpolate(catalog.retry_one, { name })),
    button("button button-danger attention-discard", catalog.discard, () => onDiscard(record.nonce), interpolate(catalog.discard_one, { name })),
  );
  item.append(text, actions);
  return item;
}
