import assert from "node:assert/strict";
import { test } from "node:test";

import { IDBFactory } from "fake-indexeddb";

import { openStore } from "../../../checkin/static/checkin/scanner/store.js";

function request(value) {
  return new Promise((resolve, reject) => {
    value.onsuccess = () => resolve(value.result);
    value.onerror = () => reject(value.error);
  });
}

/** The store as version 2 of the app left it: a queued scan, conflicts in meta, a list. */
async function versionTwo(indexedDB) {
  const open = indexedDB.open("forum-scanner", 2);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore("meta");
    const list = db.createObjectStore("delegates", { keyPath: "code_hash" });
    list.createIndex("short_hash", "short_hash");
    list.createIndex("registration_id", "registration_id");
    db.createObjectStore("revoked", { keyPath: "code_hash" });
    db.createObjectStore("seen", { keyPath: "code_hash" });
    db.createObjectStore("queue", { keyPath: "nonce" }).createIndex("created", "created");
  };
  const db = await request(open);
  const tx = db.transaction(["meta", "delegates", "queue"], "readwrite");
  tx.objectStore("meta").put("tok", "token");
  tx.objectStore("meta").put("cursor-old", "cursor");
  tx.objectStore("meta").put(
    [
      { nonce: "newer", result: "cancelled" },
      { nonce: "older", result: "already_checked_in" },
    ],
    "conflicts",
  );
  tx.objectStore("delegates").put({ code_hash: "h1", short_hash: "s1", registration_id: 1 });
  tx.objectStore("queue").put({ nonce: "q1", code: "ABCD-EFGH", scanned_at: "2025-12-30T06:00:00Z", created: 1 });
  await new Promise((resolve) => {
    tx.oncomplete = resolve;
  });
  db.close();
}

test("an upgraded phone keeps its queue, token and conflicts, and fetches the list again", async () => {
  const indexedDB = new IDBFactory();
  await versionTwo(indexedDB);

  const store = await openStore({ indexedDB });

  assert.equal(await store.meta("token"), "tok");
  assert.deepEqual(
    (await store.queued(10)).map((record) => record.nonce),
    ["q1"],
  );
  assert.deepEqual(
    (await store.conflicts()).map((conflict) => conflict.nonce),
    ["newer", "older"],
  );
  assert.equal(await store.meta("conflicts"), undefined);
  assert.equal(await store.count("delegates"), 0);
  assert.equal(await store.meta("cursor"), undefined);
  assert.deepEqual(await store.attention(), []);
});

test("a page open on the old version lets a newer one in, and is told", async () => {
  const indexedDB = new IDBFactory();
  let told = 0;
  const old = await openStore({
    indexedDB,
    onVersionChange: () => {
      told += 1;
    },
  });

  // What a newer app (installed by the service worker) does when it opens the store.
  const newer = indexedDB.open("forum-scanner", 4);
  const db = await new Promise((resolve, reject) => {
    newer.onsuccess = () => resolve(newer.result);
    newer.onerror = () => reject(newer.error);
    newer.onblocked = () => {
      old.close(); // let the test end
      reject(new Error("the old page blocked the upgrade"));
    };
  });

  assert.equal(told, 1);
  assert.equal(old.closed, true);
  assert.equal(db.version, 4);
  db.close();
});

test("settling an upload is one transaction: nothing leaves the queue unless it is recorded", async () => {
  const store = await openStore({ indexedDB: new IDBFactory() });
  await store.put("queue", { nonce: "q1", created: 1 });

  // A refused record the store cannot hold (no key) aborts the whole settlement.
  await assert.rejects(store.settle({ remove: ["q1"], attention: [{ reason: {} }] }));

  assert.equal(await store.count("queue"), 1);
});
