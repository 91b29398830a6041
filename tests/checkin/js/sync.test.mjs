import assert from "node:assert/strict";
import { test } from "node:test";

import { ApiError } from "../../../checkin/static/checkin/scanner/api.js";
import { ServerClock } from "../../../checkin/static/checkin/scanner/clock.js";
import { decideScan } from "../../../checkin/static/checkin/scanner/decide.js";
import { enqueue, queueRecord } from "../../../checkin/static/checkin/scanner/queue.js";
import { flushQueue, pullList } from "../../../checkin/static/checkin/scanner/sync.js";
import { FakeApi, TOKEN, catalog, fakeTime, freshStore, listEntry, offline, refused } from "./helpers.mjs";

const HOUR = 3_600_000;

async function phone({ entries = [], offset = null } = {}) {
  const store = await freshStore();
  await store.applyDelegates(entries, [], "c1");
  const time = fakeTime();
  const clock = new ServerClock({ wall: () => time.wall, mono: () => time.mono, offset });
  return { store, time, clock };
}

/** Decide `code` offline as the app does, and queue it. */
async function scanOffline({ store, clock, time }, code = TOKEN, nonce = "n-1", gateCode = null) {
  const stamp = clock.stamp();
  const { answer } = await decideScan({
    code,
    nonce,
    online: false,
    store,
    gateName: "Cổng A",
    at: clock.isoOf(stamp),
    catalog,
  });
  await enqueue(store, queueRecord({ item: { code }, nonce, stamp, gateCode, answer, created: time.wall }));
  time.advance(1000);
  return answer;
}

function okResult(nonce, fields = {}) {
  return {
    nonce,
    result: "ok",
    message: "Mời vào.",
    delegate: { name: "Đặng Thị Ánh", title: "Bà" },
    first_checkin: { at: "2025-12-30T13:00:00+07:00", gate: "Cổng A" },
    replaced: null,
    ...fields,
  };
}

test("a scan the server refused is kept with its reason, never deleted", async () => {
  const device = await phone({ entries: [await listEntry()] });
  await scanOffline(device, TOKEN, "wrong-clock");
  await scanOffline(device, "ABCD-EFGH", "fine");
  const api = new FakeApi({
    batch: [
      {
        results: [
          {
            nonce: "wrong-clock",
            error: "scanned_at is more than 5 minutes ahead of the server's clock.",
            code: "scanned_in_future",
            message: "Giờ quét muộn hơn giờ của máy chủ.",
          },
          okResult("fine", { result: "already_checked_in" }),
        ],
      },
    ],
  });

  const report = await flushQueue({ ...device, api });

  assert.deepEqual([report.sent, report.refused], [1, 1]);
  assert.equal(await device.store.count("queue"), 0);
  const [kept] = await device.store.attention();
  assert.equal(kept.nonce, "wrong-clock");
  assert.equal(kept.code, TOKEN);
  assert.deepEqual(kept.reason, {
    code: "scanned_in_future",
    message: "Giờ quét muộn hơn giờ của máy chủ.",
    detail: "scanned_at is more than 5 minutes ahead of the server's clock.",
  });
  assert.equal(kept.local_name, "Bà Đặng Thị Ánh");
});

test("an upload the server refused as a whole waits for the staff, every scan of it", async () => {
  const device = await phone();
  await scanOffline(device, TOKEN, "a");
  await scanOffline(device, TOKEN, "b");
  const api = new FakeApi({ batch: [refused(400, "No forum edition is set up.")] });

  const report = await flushQueue({ ...device, api });

  assert.equal(report.refused, 2);
  const kept = await device.store.attention();
  assert.deepEqual(
    kept.map((record) => [record.nonce, record.reason.code, record.reason.message]),
    [
      ["a", "rejected", "No forum edition is set up."],
      ["b", "rejected", "No forum edition is set up."],
    ],
  );
});

test("no answer, or a server error, leaves the queue as it was", async () => {
  const device = await phone();
  await scanOffline(device);

  for (const failure of [offline(), refused(401, "revoked")]) {
    const report = await flushQueue({ ...device, api: new FakeApi({ batch: [failure] }) });
    assert.ok(report.unreachable || report.auth);
  }
  const partial = new FakeApi({ batch: [{ results: [] }] });
  await flushQueue({ ...device, api: partial });

  assert.equal(await device.store.count("queue"), 1);
  assert.equal((await device.store.attention()).length, 0);
});

test("queued times are sent on the server's clock, measured after the scans were made", async () => {
  const device = await phone();
  await scanOffline(device); // the phone is 48 hours ahead and has not met the server yet
  const made = device.time.wall - 1000;
  device.clock.measure({
    serverTime: new Date(device.time.wall - 48 * HOUR).toISOString(),
    sentAt: device.time.mono,
    receivedAt: device.time.mono,
  });
  const api = new FakeApi({ batch: [(scans) => ({ results: [okResult(scans[0].nonce)] })] });

  await flushQueue({ ...device, api });

  const [[, [sent]]] = api.calls;
  assert.equal(Date.parse(sent.scanned_at), made - 48 * HOUR);
});

test("a scan the server answered otherwise is a conflict, kept with the scan's removal", async () => {
  const device = await phone({ entries: [await listEntry()] });
  await scanOffline(device); // green on the phone
  const first = { at: "2025-12-30T12:55:00+07:00", gate: "Cổng B" };
  const api = new FakeApi({
    batch: [{ results: [okResult("n-1", { result: "already_checked_in", first_checkin: first })] }],
  });

  const report = await flushQueue({ ...device, api });

  const [conflict] = await device.store.conflicts();
  assert.deepEqual(report.conflicts, [conflict]);
  assert.deepEqual(
    [conflict.kind, conflict.local_result, conflict.result, conflict.first_checkin, conflict.name],
    ["verdict", "ok", "already_checked_in", first, "Bà Đặng Thị Ánh"],
  );
  assert.equal(await device.store.count("queue"), 0);
});

test("an upload that took over a first entry tells this phone the badge was let in twice", async () => {
  const device = await phone({ entries: [await listEntry()] });
  await scanOffline(device);
  const replaced = { at: "2025-12-30T13:00:12+07:00", gate: "Cổng A" };
  const api = new FakeApi({ batch: [{ results: [okResult("n-1", { replaced })] }] });

  await flushQueue({ ...device, api });

  const [conflict] = await device.store.conflicts();
  assert.deepEqual([conflict.kind, conflict.result, conflict.replaced], ["twice", "ok", replaced]);
});

test("the list shows a first entry this phone made was taken over: a conflict, once", async () => {
  const device = await phone({ entries: [await listEntry()] });
  await scanOffline(device);
  const mine = { at: "2025-12-30T13:00:12.000100+07:00", gate: "Cổng A" };
  await flushQueue({ ...device, api: new FakeApi({ batch: [{ results: [okResult("n-1", { first_checkin: mine })] }] }) });
  const earlier = { at: "2025-12-30T13:00:00+07:00", gate: "Cổng B" };
  const moved = await listEntry({ checked_in: true, first_checkin: earlier });
  const unchanged = await listEntry({ checked_in: true, first_checkin: mine });
  const page = (entry) => ({ cursor: "c2", more: false, delegates: [entry], revoked: [] });

  const nothing = await pullList({ store: device.store, api: new FakeApi({ delegates: [page(unchanged)] }) });
  const report = await pullList({ store: device.store, api: new FakeApi({ delegates: [page(moved)] }) });
  const again = await pullList({ store: device.store, api: new FakeApi({ delegates: [page(moved)] }) });

  assert.equal(nothing.conflicts.length, 0);
  assert.equal(report.conflicts.length, 1);
  assert.equal(again.conflicts.length, 0);
  const [conflict] = await device.store.conflicts();
  assert.deepEqual(
    [conflict.nonce, conflict.kind, conflict.local_result, conflict.result, conflict.first_checkin],
    ["n-1", "twice", "ok", "already_checked_in", earlier],
  );
});

test("the list is fetched page by page from the last cursor", async () => {
  const device = await phone();
  const api = new FakeApi({
    delegates: [
      { cursor: "c2", more: true, delegates: [await listEntry()], revoked: [] },
      { cursor: "c3", more: false, delegates: [], revoked: [] },
    ],
  });

  const report = await pullList({ store: device.store, api, pageSize: 1 });

  assert.equal(report.pages, 2);
  assert.deepEqual(
    api.calls.map((call) => call[1]),
    ["c1", "c2"],
  );
  assert.equal(await device.store.meta("cursor"), "c3");
  assert.equal(await device.store.count("delegates"), 1);
});

test("a cursor the server no longer knows: the list comes again from the start, once", async () => {
  const device = await phone();
  const unknown = () => new ApiError(400, "Unknown cursor.", "unknown_cursor");
  const api = new FakeApi({
    delegates: [unknown(), { cursor: "d9", more: false, delegates: [await listEntry()], revoked: [] }],
  });

  const report = await pullList({ store: device.store, api });

  assert.deepEqual(api.calls.map((call) => call[1]), ["c1", ""]);
  assert.equal(report.restarted, true);
  assert.equal(await device.store.meta("cursor"), "d9");
  assert.equal(await device.store.count("delegates"), 1);
  // A server that refuses the start too is an error to show, not a loop.
  const stubborn = new FakeApi({ delegates: [unknown(), unknown()] });
  await assert.rejects(
    pullList({ store: device.store, api: stubborn }),
    (failure) => failure.code === "unknown_cursor",
  );
  assert.deepEqual(stubborn.calls.map((call) => call[1]), ["d9", ""]);
});

test("a list the server cannot send says so: the connection is not reported fine", async () => {
  const device = await phone();

  const report = await pullList({ store: device.store, api: new FakeApi({ delegates: [offline()] }) });

  assert.ok(report.unreachable);
});

test("scans of two gates are uploaded gate by gate, each under its own gate", async () => {
  const device = await phone();
  await scanOffline(device, TOKEN, "a1", "a");
  await scanOffline(device, TOKEN, "b1", "b");
  const echo = (scans) => ({ results: scans.map((item) => okResult(item.nonce)) });
  const api = new FakeApi({ batch: [echo, echo] });

  await flushQueue({ ...device, api });

  assert.deepEqual(
    api.calls.map((call) => [call[1].map((item) => item.nonce), call[2]]),
    [
      [["a1"], "a"],
      [["b1"], "b"],
    ],
  );
});

test("an empty queue asks the server nothing, and so says nothing of the connection", async () => {
  const device = await phone();
  const api = new FakeApi();

  const report = await flushQueue({ ...device, api });

  assert.deepEqual(api.calls, []);
  assert.equal(report.contacted, false);
});
