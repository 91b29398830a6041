// What the header says of the network: offline (the phone knows it has none), unstable (the
// network is there but the server did not answer lately: the phone decides alone for a while),
// or online. Only an answer from the server shows it online again; an exchange that asked it
// nothing (an empty queue) proves nothing either way.

export const UNSTABLE_FOR_MS = 30_000;

export class Connection {
  constructor({ now = () => Date.now(), onLine = () => navigator.onLine, unstableForMs = UNSTABLE_FOR_MS } = {}) {
    this.now = now;
    this.onLine = onLine;
    this.unstableForMs = unstableForMs;
    this.unstableUntil = 0;
  }

  get state() {
    if (!this.onLine()) return "offline";
    if (this.now() < this.unstableUntil) return "unstable";
    return "online";
  }

  /** The server did not answer (no network, too slow, a server error). */
  failed() {
    this.unstableUntil = this.now() + this.unstableForMs;
  }

  /** The server answered. Returns whether the state changed. */
  reached() {
    const changed = this.unstableUntil > this.now();
    this.unstableUntil = 0;
    return changed;
  }

  /** Take what a background exchange found: {auth}, {unreachable}, or {contacted: false} for
   * one that asked nothing. Returns "auth", "unreachable" or "fine". */
  settle(reply) {
    if (reply.auth) return "auth";
    if (reply.unreachable) {
      this.failed();
      return "unreachable";
    }
    if (reply.contacted !== false) this.reached();
    return "fine";
  }
}
