import assert from "node:assert/strict";
import { test } from "node:test";

import { ServerClock } from "../../../checkin/static/checkin/scanner/clock.js";
import { fakeTime } from "./helpers.mjs";

const HOUR = 3_600_000;

function clockOn(time, options = {}) {
  return new ServerClock({ wall: () => time.wall, mono: () => time.mono, ...options });
}

test("a phone 48 hours ahead measures its offset and stamps scans on the server's clock", () => {
  const time = fakeTime();
  const server = time.wall - 48 * HOUR;
  const clock = clockOn(time);

  // Sent at mono 1000, answered 200 ms later: the server's time is read at the midpoint.
  const offset = clock.measure({ serverTime: new Date(server + 100).toISOString(), sentAt: 1000, receivedAt: 1200 });
  time.advance(200);

  assert.equal(offset, -48 * HOUR);
  time.advance(60_000);
  const stamp = clock.stamp();
  assert.equal(clock.serverTimeOf(stamp), server + 200 + 60_000);
});

test("a scan stamped before the offset was measured is corrected once it is", () => {
  const time = fakeTime();
  const clock = clockOn(time);
  const stamp = clock.stamp(); // the phone is 3 hours slow and has not met the server yet
  time.advance(5 * 60_000);

  clock.measure({ serverTime: new Date(time.wall + 3 * HOUR).toISOString(), sentAt: time.mono, receivedAt: time.mono });

  assert.equal(clock.serverTimeOf(stamp), Date.parse(stamp.device_at) + 3 * HOUR);
});

test("the phone's clock set right while scans wait does not move their times", () => {
  const time = fakeTime();
  const clock = clockOn(time);
  clock.measure({ serverTime: new Date(time.wall + 2 * HOUR).toISOString(), sentAt: time.mono, receivedAt: time.mono });
  const madeAt = time.wall + 2 * HOUR;
  const stamp = clock.stamp();

  time.advance(1000);
  time.wall += 2 * HOUR; // the network sets the phone's clock right
  clock.measure({ serverTime: new Date(time.wall).toISOString(), sentAt: time.mono, receivedAt: time.mono });

  assert.equal(clock.offset, 0);
  assert.equal(clock.serverTimeOf(stamp), madeAt);
});

test("after a reload the offset kept on the phone corrects the times", () => {
  const time = fakeTime();
  const before = clockOn(time, { session: "before", offset: -HOUR });
  const stamp = before.stamp();
  const after = clockOn(time, { session: "after", offset: -HOUR });

  assert.equal(after.serverTimeOf(stamp), time.wall - HOUR);
  assert.equal(after.isoOf(stamp), new Date(time.wall - HOUR).toISOString());
});

test("a stamp from another page with no offset takes the offset known now", () => {
  const time = fakeTime();
  const stamp = clockOn(time, { session: "cold-start" }).stamp();
  const clock = clockOn(time, { session: "now", offset: 90_000 });

  assert.equal(clock.serverTimeOf(stamp), time.wall + 90_000);
});

test("without any measurement the phone's own time is used", () => {
  const time = fakeTime();
  const clock = clockOn(time);

  assert.equal(clock.serverTimeOf(clock.stamp()), time.wall);
  assert.equal(clock.offset, null);
});

test("answers that cannot say the time are not taken", () => {
  const time = fakeTime();
  const clock = clockOn(time);

  assert.equal(clock.measure({ serverTime: "not a time", sentAt: 0, receivedAt: 10 }), null);
  assert.equal(clock.measure({ serverTime: new Date().toISOString(), sentAt: 10, receivedAt: 0 }), null);
  assert.equal(clock.measure({ serverTime: new Date().toISOString(), sentAt: 0, receivedAt: 60_000 }), null);
  assert.equal(clock.offset, null);
});

test("a much slower answer does not replace a good measurement", () => {
  const time = fakeTime();
  const clock = clockOn(time);
  clock.measure({ serverTime: new Date(time.wall + 1000).toISOString(), sentAt: time.mono, receivedAt: time.mono + 100 });
  const good = clock.offset;

  clock.measure({ serverTime: new Date(time.wall + 9000).toISOString(), sentAt: time.mono - 20_000, receivedAt: time.mono });

  assert.equal(clock.offset, good);
});

test("the server's time with microseconds and an offset is read", () => {
  const time = fakeTime({ wall: Date.parse("2025-12-30T06:00:00Z") });
  const clock = clockOn(time);

  clock.measure({ serverTime: "2025-12-30T13:00:00.250031+07:00", sentAt: time.mono, receivedAt: time.mono });

  assert.equal(clock.offset, 250);
});
