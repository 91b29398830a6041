import assert from "node:assert/strict";
import { test } from "node:test";

import { ServerClock } from "../../../checkin/static/checkin/scanner/clock.js";
import {
  attentionRecord,
  discardRefused,
  queueRecord,
  retryRefused,
  uploadItem,
} from "../../../checkin/static/checkin/scanner/queue.js";
import { TOKEN, fakeTime, freshStore } from "./helpers.mjs";

function refusedRecord(clock) {
  const record = queueRecord({
    item: { code: TOKEN },
    nonce: "n-1",
    stamp: clock.stamp(),
    gateCode: "b",
    answer: { result: "ok", delegate: { name: "An" } },
    created: 1,
  });
  return attentionRecord(record, { code: "scanned_too_early", message: "Sớm quá." }, { clock, refusedAt: 2 });
}

test("a refused scan sent again goes back to the queue under a new nonce", async () => {
  const store = await freshStore();
  const clock = new ServerClock();
  await store.settle({ attention: [refusedRecord(clock)] });

  const again = await retryRefused(store, "n-1", { newNonce: "n-2", created: 3 });

  assert.deepEqual(await store.attention(), []);
  const [queued] = await store.queued(10);
  assert.deepEqual(queued, again);
  assert.deepEqual(
    [queued.nonce, queued.retry_of, queued.code, queued.gate, queued.local_result, queued.reason],
    ["n-2", "n-1", TOKEN, "b", "ok", undefined],
  );
});

test("a refused scan discarded leaves the phone; nothing else is touched", async () => {
  const store = await freshStore();
  const clock = new ServerClock();
  await store.settle({ attention: [refusedRecord(clock), { ...refusedRecord(clock), nonce: "n-9" }] });

  await discardRefused(store, "n-1");

  assert.deepEqual(
    (await store.attention()).map((record) => record.nonce),
    ["n-9"],
  );
});

test("a scan queued by the previous version is uploaded with the time it carries", () => {
  const clock = new ServerClock();
  const old = { code: TOKEN, nonce: "old", scanned_at: "2025-12-30T06:00:00.000Z", created: 1 };
  const byName = { registration_id: 7, nonce: "byname", stamp: clock.stamp() };

  assert.deepEqual(uploadItem(old, clock), { code: TOKEN, nonce: "old", scanned_at: old.scanned_at });
  assert.deepEqual(Object.keys(uploadItem(byName, clock)), ["registration_id", "nonce", "scanned_at"]);
});

test("the time sent is the stamp on the server's clock", () => {
  const time = fakeTime();
  const clock = new ServerClock({ wall: () => time.wall, mono: () => time.mono, offset: -60_000 });
  const record = queueRecord({ item: { code: TOKEN }, nonce: "n", stamp: clock.stamp(), created: 1 });

  assert.equal(uploadItem(record, clock).scanned_at, new Date(time.wall - 60_000).toISOString());
});
