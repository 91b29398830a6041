// The gate a scan is recorded at. A paired device is bound to its gate. Door staff logged in
// with their own account choose the gate they staff from the open gates; the phone remembers
// the choice and sends its code with every scan.

import { ApiError, NetworkError } from "./api.js";
import { gateOption } from "./lists.js";
import { $, closeSheets, openSheet } from "./ui.js";

export class Gates {
  constructor({ state, onChange = () => {}, onRevoked, onUnreachable, onReachable, canOffer }) {
    this.state = state; // mode, device, store, api of the app
    this.catalog = state.catalog;
    this.onChange = onChange;
    this.onRevoked = onRevoked;
    this.onUnreachable = onUnreachable;
    this.onReachable = onReachable;
    this.canOffer = canOffer;
    this.chosen = null; // door staff: {code, name, kind}
    this.list = null; // the open gates; null until known
    this.loading = false;
    this.failed = false;
    this.afterChoice = null; // what was asked for before a gate was chosen
  }

  restore({ gate, gates }) {
    this.chosen = gate || null;
    this.list = gates || null;
  }

  current() {
    if (this.state.mode === "device") return (this.state.device && this.state.device.gate) || null;
    if (this.state.mode === "session") return this.chosen;
    return null;
  }

  /** The gate code sent with scans: door staff's choice; a device sends none. */
  param() {
    return this.state.mode === "session" && this.chosen ? this.chosen.code : null;
  }

  /** Door staff must choose a gate before scanning, once the open gates are known. */
  needed() {
    return this.state.mode === "session" && !this.chosen && Array.isArray(this.list) && this.list.length > 0;
  }

  async set(gate) {
    this.chosen = gate ? { code: gate.code, name: gate.name, kind: gate.kind } : null;
    await this.state.store.setMeta({ gate: this.chosen });
    this.onChange();
    this.render();
  }

  /** The chosen gate no longer exists on the server: choose again. */
  forgetChoice() {
    this.set(null)
      .then(() => this.load())
      .catch((error) => console.warn("scanner: gates", error));
  }

  async load() {
    if (this.state.mode !== "session" || this.loading || !navigator.onLine) {
      this.render();
      return;
    }
    this.loading = true;
    this.failed = false;
    this.render();
    try {
      const gates = await this.state.api.gates();
      this.list = Array.isArray(gates) ? gates : [];
      this.onReachable();
      await this.state.store.setMeta({ gates: this.list });
      if (this.chosen) {
        // Closed since it was chosen: choose again. Renamed: show the new name.
        await this.set(this.list.find((gate) => gate.code === this.chosen.code) || null);
      }
    } catch (failure) {
      if (failure instanceof ApiError && failure.isAuth) {
        this.onRevoked();
        return;
      }
      if (failure instanceof NetworkError) this.onUnreachable();
      this.failed = true;
    } finally {
      this.loading = false;
      this.render();
      this.onChange();
    }
    this.offer();
  }

  render() {
    const catalog = this.catalog;
    const gates = this.list || [];
    const focused = document.activeElement && document.activeElement.closest(".gate-option");
    $("#gate-list").replaceChildren(
      ...gates.map((gate) =>
        gateOption(gate, {
          catalog,
          chosen: Boolean(this.chosen && this.chosen.code === gate.code),
          onChoose: (code) => this.choose(code),
        }),
      ),
    );
    if (focused) {
      const again = $(`.gate-option[data-code="${CSS.escape(focused.dataset.code)}"]`);
      if (again) again.focus();
    }
    let note = "";
    if (this.loading && !gates.length) note = catalog.gates_loading;
    else if (this.failed && !gates.length) note = catalog.gates_failed;
    else if (this.list === null) note = navigator.onLine ? catalog.gates_loading : catalog.gates_offline;
    else if (!gates.length) note = catalog.gates_empty;
    $("#gate-note").textContent = note;
  }

  open() {
    this.render();
    openSheet("sheet-gate");
    // Focus inside the dialog, without suggesting a choice or that it is to be closed.
    ($('#gate-list [aria-pressed="true"]') || $("#gate-title")).focus();
    this.load();
  }

  /** Open the picker by itself when door staff have not chosen yet and nothing else shows. */
  offer() {
    if (this.needed() && this.canOffer()) this.open();
  }

  require(action) {
    if (!this.needed()) {
      action();
      return;
    }
    this.afterChoice = action;
    this.open();
  }

  cancel() {
    this.afterChoice = null;
  }

  async choose(code) {
    const gate = (this.list || []).find((candidate) => candidate.code === code);
    if (!gate) return;
    await this.set(gate);
    const next = this.afterChoice;
    this.afterChoice = null;
    closeSheets();
    if (next) next();
  }
}
