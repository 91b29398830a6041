// The server's clock as this phone knows it. A phone's own clock can be hours slow or days
// ahead, and can be set right (by the network, or by hand) while scans wait in the queue.
//
// Every answer of /checkin/me carries the server's time; the app measures against it:
//   - `offset`: server time minus the phone's clock, kept on the phone (it survives a reload);
//   - `base`: server time minus the monotonic clock of this page (performance.now()), which no
//     change of the phone's clock moves, valid while the page lives (its `session`).
// A scan is stamped with both clocks; when it is uploaded, its time on the server's clock is
// the monotonic reading plus `base` if the page measured one, else the phone's clock plus the
// offset known when it was made, else plus the offset known now, else the phone's clock.

const MAX_ROUND_TRIP_MS = 30_000; // slower than this, the midpoint says little

function newSession() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export class ServerClock {
  constructor({
    wall = () => Date.now(),
    mono = () => performance.now(),
    session = newSession(),
    offset = null,
  } = {}) {
    this.wall = wall;
    this.mono = mono;
    this.session = session;
    this.offset = Number.isFinite(offset) ? offset : null;
    this.base = null;
    this.roundTrip = null;
  }

  /** Take the server's time from an answer sent at `sentAt` and received at `receivedAt`
   * (readings of `mono`). Returns the new offset, or null for an answer that cannot say. */
  measure({ serverTime, sentAt, receivedAt }) {
    const server = Date.parse(serverTime);
    const roundTrip = receivedAt - sentAt;
    if (!Number.isFinite(server) || !(roundTrip >= 0) || roundTrip > MAX_ROUND_TRIP_MS) {
      return null;
    }
    // A worse measurement than the one this page already has is not taken.
    if (this.base !== null && roundTrip > this.roundTrip * 4 + 1000) return this.offset;
    const midpoint = sentAt + roundTrip / 2;
    this.base = server - midpoint;
    this.roundTrip = roundTrip;
    const wallAtMidpoint = this.wall() - (this.mono() - midpoint);
    this.offset = Math.round(server - wallAtMidpoint);
    return this.offset;
  }

  /** What a scan records of the time it was made. */
  stamp() {
    return {
      device_at: new Date(this.wall()).toISOString(),
      mono: this.mono(),
      session: this.session,
      offset: this.offset,
    };
  }

  /** When a stamped scan was made, on the server's clock (milliseconds since the epoch). */
  serverTimeOf(stamp) {
    if (stamp.session === this.session && this.base !== null && Number.isFinite(stamp.mono)) {
      return Math.round(this.base + stamp.mono);
    }
    const device = Date.parse(stamp.device_at);
    if (Number.isFinite(stamp.offset)) return device + stamp.offset;
    if (this.offset !== null) return device + this.offset;
    return device;
  }

  /** The time to send for a stamped scan (ISO 8601, UTC). */
  isoOf(stamp) {
    return new Date(this.serverTimeOf(stamp)).toISOString();
  }

  /** Now, on the server's clock. */
  now() {
    return this.serverTimeOf(this.stamp());
  }
}
