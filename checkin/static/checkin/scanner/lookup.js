// A delegate who lost the badge: found by name (or phone number, online) and checked in with
// their badge code, by the server while it answers, else from the phone's own list, queued.

import { askServer, decideForEntry, searchList } from "./decide.js";
import { resultRow } from "./lists.js";
import { enqueue, queueRecord } from "./queue.js";
import { looksLikePhone } from "./text.js";
import { $, closeSheets } from "./ui.js";
import { newNonce } from "./codes.js";

export class Lookup {
  /** `app`: the state (store, api, clock, catalog, delegateCount), the gates, and what the page
   * does with an answer (show, revoked, reachable, unreachable, changed). */
  constructor(app) {
    this.app = app;
  }

  async search(q) {
    const { state, online } = this.app;
    const note = $("#search-note");
    const list = $("#search-results");
    list.replaceChildren();
    if (!q.trim()) return;
    note.textContent = state.catalog.searching;
    const reply = online() ? await askServer(() => state.api.search(q.trim())) : {};
    if (reply.auth) return this.app.revoked();
    if (reply.refused) {
      note.textContent = state.catalog.search_failed;
      return;
    }
    const options = { catalog: state.catalog, onCheckin: (id, button) => this.checkIn(id, button) };
    if (reply.data) {
      this.app.reachable();
      note.textContent = reply.data.length ? "" : state.catalog.search_empty;
      list.append(...reply.data.map((row) => resultRow(row, options)));
      return;
    }
    if (reply.unreachable) this.app.unreachable();
    if (looksLikePhone(q)) note.textContent = state.catalog.search_phone_offline;
    else if (!state.delegateCount) note.textContent = state.catalog.no_list;
    else {
      const found = await searchList(state.store, q);
      note.textContent = found.length ? state.catalog.search_local : state.catalog.search_empty;
      list.append(...found.map((row) => resultRow(row, options)));
    }
  }

  async checkIn(registrationId, button) {
    const { state, gates, online } = this.app;
    button.disabled = true;
    // One nonce for the request and, if it gets no answer, for the queued copy: the server
    // keeps one record even when the request did arrive.
    const nonce = newNonce();
    const stamp = state.clock.stamp();
    const gate = gates.current();
    try {
      const reply = online() ? await askServer(() => state.api.manual(registrationId, nonce, gates.param())) : {};
      if (reply.auth) return this.app.revoked();
      if (reply.refused) {
        $("#search-note").textContent = reply.refused.detail || state.catalog.search_failed;
        return;
      }
      if (reply.data) {
        this.app.reachable();
        closeSheets();
        this.app.show(reply.data);
        return;
      }
      if (reply.unreachable) this.app.unreachable();
      const entry = await state.store.getByIndex("delegates", "registration_id", registrationId);
      if (!entry) {
        $("#search-note").textContent = state.catalog.not_on_phone;
        return;
      }
      const answer = await decideForEntry({
        store: state.store,
        entry,
        at: state.clock.isoOf(stamp),
        gateName: gate ? gate.name : "",
        nonce,
        catalog: state.catalog,
      });
      closeSheets();
      const item = { registration_id: registrationId };
      await enqueue(state.store, queueRecord({ item, nonce, stamp, gateCode: gates.param(), answer, created: Date.now() }));
      this.app.show(answer, { local: true });
      await this.app.changed();
    } finally {
      button.disabled = false;
    }
  }
}
