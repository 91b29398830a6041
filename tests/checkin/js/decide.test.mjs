import assert from "node:assert/strict";
import { test } from "node:test";

import {
  decideScan,
  learnFromAnswer,
  searchList,
} from "../../../checkin/static/checkin/scanner/decide.js";
import { FakeApi, SHORT, TOKEN, catalog, freshStore, listEntry, offline, refused } from "./helpers.mjs";

const AT = "2025-12-30T06:10:00.000Z";

async function storeWith(...entries) {
  const store = await freshStore();
  await store.applyDelegates(entries, [], "cursor-1");
  return store;
}

function scan(store, api, fields = {}) {
  return decideScan({
    code: TOKEN,
    nonce: "n-1",
    online: true,
    api,
    store,
    gateCode: null,
    gateName: "Cổng A",
    at: AT,
    catalog,
    timeout: 2500,
    ...fields,
  });
}

test("online, the server's answer is the answer", async () => {
  const store = await storeWith(await listEntry());
  const answer = { result: "ok", message: "Mời vào.", delegate: null, first_checkin: null };
  const api = new FakeApi({ scan: [answer] });

  const decision = await scan(store, api);

  assert.deepEqual(decision, { kind: "server", answer, gateGone: false });
  assert.deepEqual(api.calls, [["scan", TOKEN, "n-1", AT, 2500, null]]);
});

test("an error answer from the server is shown as such, not as the network being down", async () => {
  const store = await storeWith(await listEntry());
  const api = new FakeApi({ scan: [refused(400, "scanned_at is more than 24 hours in the future")] });

  const decision = await scan(store, api);

  assert.equal(decision.kind, "refused");
  assert.equal(decision.error.detail, "scanned_at is more than 24 hours in the future");
  assert.equal(decision.answer, undefined);
  // Nothing decided on the phone: the delegate is not marked as let in here.
  assert.equal(await store.count("seen"), 0);
});

test("a revoked device or an ended session is told apart", async () => {
  const store = await storeWith();

  for (const status of [401, 403]) {
    const decision = await scan(store, new FakeApi({ scan: [refused(status, "no")] }));
    assert.deepEqual(decision, { kind: "auth" });
  }
});

test("a gate removed on the server: the scan counts without it, under the same nonce", async () => {
  const store = await storeWith();
  const answer = { result: "ok", message: "", delegate: null, first_checkin: null };
  const api = new FakeApi({ scan: [refused(400, "Cổng này không còn.", "unknown_gate"), answer] });

  const decision = await scan(store, api, { gateCode: "b" });

  assert.deepEqual(decision, { kind: "server", answer, gateGone: true });
  assert.deepEqual(
    api.calls.map((call) => [call[2], call[5]]),
    [
      ["n-1", "b"],
      ["n-1", null],
    ],
  );
});

test("another 400 with a gate chosen keeps the gate", async () => {
  const api = new FakeApi({ scan: [refused(400, "code: too long")] });

  const decision = await scan(await storeWith(), api, { gateCode: "b" });

  assert.equal(decision.kind, "refused");
  assert.equal(decision.gateGone, false);
  assert.equal(api.calls.length, 1);
});

test("no answer: the phone decides from its list, with the needs, and remembers the entry", async () => {
  const store = await storeWith(await listEntry());

  const decision = await scan(store, new FakeApi({ scan: [offline()] }));

  assert.equal(decision.kind, "local");
  assert.equal(decision.unreachable, true);
  assert.equal(decision.answer.result, "ok");
  assert.equal(decision.answer.delegate.needs, "Xe lăn");
  const again = await scan(store, new FakeApi(), { online: false, nonce: "n-2" });
  assert.equal(again.answer.result, "already_checked_in");
  assert.deepEqual(again.answer.first_checkin, { at: AT, gate: "Cổng A" });
});

test("offline, someone already in says when and where they first came in", async () => {
  const first = { at: "2025-12-30T13:02:11.250031+07:00", gate: "Cổng B" };
  const store = await storeWith(await listEntry({ checked_in: true, first_checkin: first }));

  const decision = await scan(store, new FakeApi(), { online: false });

  assert.equal(decision.unreachable, false);
  assert.equal(decision.answer.result, "already_checked_in");
  assert.deepEqual(decision.answer.first_checkin, first);
  assert.equal(decision.answer.delegate.needs, "Xe lăn");
});

test("offline answers for the short code, a cancelled, a pending, a revoked and an unknown badge", async () => {
  const cancelled = await listEntry({ status: "cancelled" });
  const store = await storeWith(cancelled);
  const offlineScan = (code) => scan(store, new FakeApi(), { online: false, code });

  assert.equal((await offlineScan(SHORT.toLowerCase())).answer.result, "cancelled");
  await store.applyDelegates([{ ...cancelled, status: "pending" }], [], "c2");
  assert.equal((await offlineScan(TOKEN)).answer.result, "not_approved");
  await store.applyDelegates([], [cancelled.code_hash], "c3");
  assert.equal((await offlineScan(TOKEN)).answer.result, "revoked");
  assert.equal((await offlineScan("https://example.com/")).answer.result, "invalid");
});

test("an online admission is remembered with the server's first entry and this scan's nonce", async () => {
  const store = await storeWith(await listEntry());
  const first = { at: "2025-12-30T13:10:00.123456+07:00", gate: "Cổng A" };
  const answer = { result: "ok", delegate: { title: "Bà", name: "Đặng Thị Ánh" }, first_checkin: first };

  await learnFromAnswer({ store, code: TOKEN, answer, nonce: "n-9", scannedAt: AT });

  const [seen] = await store.all("seen");
  assert.deepEqual(
    { at: seen.at, gate: seen.gate, nonce: seen.nonce, admitted: seen.admitted, name: seen.name },
    { at: first.at, gate: "Cổng A", nonce: "n-9", admitted: "server", name: "Bà Đặng Thị Ánh" },
  );
});

test("the offline search finds names without accents, in the list's order", async () => {
  const store = await storeWith(
    await listEntry({ registration_id: 2, name: "Đặng Văn Đông", organisation: "VNPT" }),
    await listEntry({ registration_id: 1, name: "Đặng Thị Ánh" }, "MIV1-1A4C9QF3M7T2XK8R5D6W1ZB0NHJK"),
  );

  const found = await searchList(store, "DANG");

  assert.deepEqual(
    found.map((row) => row.name),
    ["Đặng Thị Ánh", "Đặng Văn Đông"],
  );
});
