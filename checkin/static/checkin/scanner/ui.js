// Small DOM helpers: text in the chosen language, screens, sheets and the full-screen answer.

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

/** Django's "%(name)s" placeholders, filled in. */
export function interpolate(format, values) {
  return String(format).replace(/%\((\w+)\)s/g, (_match, key) => (key in values ? values[key] : ""));
}

export function applyText(catalog) {
  document.documentElement.lang = catalog.lang;
  document.title = catalog.app_title;
  for (const element of $$("[data-i18n]")) {
    const text = catalog[element.dataset.i18n];
    if (typeof text === "string") element.textContent = text;
  }
}

export function setText(name, value) {
  for (const element of $$(`[data-text="${name}"]`)) element.textContent = value || "";
}

export function showScreen(name) {
  document.body.dataset.screen = name;
  for (const screen of $$(".screen")) screen.hidden = screen.id !== `screen-${name}`;
  $("#open-menu").hidden = name !== "scan";
  $("#bar-where").disabled = name !== "scan";
}

export function openSheet(id) {
  closeSheets();
  const sheet = document.getElementById(id);
  sheet.hidden = false;
  document.body.dataset.sheet = id;
  const field = $("input", sheet);
  if (field) field.focus();
  else $("[data-close]", sheet).focus();
}

export function closeSheets() {
  for (const sheet of $$(".sheet")) sheet.hidden = true;
  delete document.body.dataset.sheet;
}

export function sheetOpen() {
  return Boolean(document.body.dataset.sheet);
}

export const TONES = {
  ok: "ok",
  already_checked_in: "warn",
  // A room's door during a seat-limited session: a valid badge, not for this session.
  no_seat: "warn",
  seat_waitlisted: "warn",
};
// How long an answer stays: green clears itself quickly; amber long enough to be read; red
// until the staff have had time to act on it (another badge replaces it at once).
const SHOWN_MS = { ok: 3000, warn: 6000, stop: 12000 };

export function toneOf(result) {
  return TONES[result] || "stop";
}

function clock(iso, lang, timeZone) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "vi-VN", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(date);
}

export function formatClock(iso, lang, timeZone) {
  return clock(iso, lang, timeZone);
}

/** dd/mm/yyyy HH:MM in the venue's time zone, in both languages. */
export function formatDateTime(iso, timeZone) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return "";
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone,
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** The full-screen answer: green (come in), amber (already in), red (stop). */
export class Verdict {
  constructor(root) {
    this.root = root;
    this.timer = null;
    this.onHide = () => {};
  }

  get visible() {
    return !this.root.hidden;
  }

  /** Show `answer` (a door answer, or {result: "refused", detail} for a request the server
   * refused). */
  show(answer, { catalog, timeZone, local, listTime }) {
    const result = answer.result;
    const tone = toneOf(result);
    const refused = result === "refused";
    const delegate = answer.delegate;
    const first = answer.first_checkin;
    const fill = (id, text) => {
      const element = document.getElementById(id);
      element.textContent = text || "";
      element.hidden = !text;
    };
    this.root.dataset.result = result;
    this.root.dataset.tone = tone;
    // One word never breaks across lines ("CHECK-IN" stays whole); lines break between words.
    const title = document.getElementById("verdict-title");
    const words = document.createElement("span");
    const titleText = refused ? catalog.refused_title : catalog.verdicts[result] || catalog.verdicts.invalid;
    words.append(
      ...titleText.split(" ").flatMap((word, index) => {
        const span = document.createElement("span");
        span.className = "nowrap";
        span.textContent = word;
        return index ? [" ", span] : [span];
      }),
    );
    title.replaceChildren(words);
    fill("verdict-name", delegate ? [delegate.title, delegate.name].filter(Boolean).join(" ") : "");
    fill("verdict-role", delegate ? delegate.organisation : "");
    fill("verdict-type", delegate ? delegate.type_label : "");
    if (delegate) {
      document.getElementById("verdict-type").dataset.type = delegate.type || "";
    }
    let firstText = "";
    if (result === "already_checked_in" && first) {
      const time = clock(first.at, catalog.lang, timeZone);
      firstText = first.gate
        ? interpolate(catalog.first_entry, { time, gate: first.gate })
        : interpolate(catalog.first_entry_time, { time });
    }
    fill("verdict-first", firstText);
    fill("verdict-needs", delegate && delegate.needs ? `${catalog.needs} ${delegate.needs}` : "");
    fill(
      "verdict-message",
      refused
        ? interpolate(catalog.refused_message, { detail: answer.detail || catalog.refusals.rejected })
        : answer.message || catalog.results[result] || "",
    );
    // Red says what to do next: the short code, a search by name, the help desk.
    fill("verdict-help", tone === "stop" ? (refused ? catalog.refused_help : catalog.stop_help) : "");
    document.getElementById("verdict-actions").hidden = tone !== "stop" || refused;
    let localText = "";
    if (local) {
      localText = catalog.decided_locally;
      if (tone === "stop") {
        localText += ` · ${
          listTime ? interpolate(catalog.list_age, { time: listTime }) : catalog.no_list
        }`;
      }
    }
    fill("verdict-local", localText);
    this.root.hidden = false;
    document.body.dataset.verdict = tone;
    // Restart the entrance animation for a new answer that replaces the previous one.
    this.root.classList.remove("verdict-enter");
    void this.root.offsetWidth;
    this.root.classList.add("verdict-enter");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.hide(), SHOWN_MS[tone]);
  }

  hide() {
    clearTimeout(this.timer);
    if (this.root.hidden) return;
    this.root.hidden = true;
    delete document.body.dataset.verdict;
    this.onHide();
  }
}
