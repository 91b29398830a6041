// What the scanner keeps on the phone (IndexedDB), so that the door keeps working offline:
//   meta       token, device, cursor of the delegate list, last sync, the clock offset
//   delegates  the delegate list, by code_hash (and short_hash, registration_id)
//   revoked    code hashes of badges that were replaced
//   seen       delegates this phone let in (decided here, or answered by the server)
//   queue      scans waiting to be uploaded, by nonce
//   attention  scans the server refused, kept until the staff retry or discard each one
//   conflicts  uploaded scans the server answered otherwise, until the staff have seen them
//
// The service worker installs a new version of the app while an old page may still be open: a
// page whose database is upgraded elsewhere closes it and says so (`onVersionChange`), rather
// than blocking the upgrade.

const DB_NAME = "forum-scanner";
const DB_VERSION = 3;

function promisify(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
  });
}

function upgrade(db, tx, oldVersion) {
  if (oldVersion < 1) {
    db.createObjectStore("meta");
    const delegates = db.createObjectStore("delegates", { keyPath: "code_hash" });
    delegates.createIndex("short_hash", "short_hash", { unique: false });
    db.createObjectStore("revoked", { keyPath: "code_hash" });
    db.createObjectStore("seen", { keyPath: "code_hash" });
    const queue = db.createObjectStore("queue", { keyPath: "nonce" });
    queue.createIndex("created", "created", { unique: false });
  }
  if (oldVersion < 2) {
    // Version 2 finds delegates by registration id (check-in by name offline). A list synced
    // before has no ids: it is fetched again from the start.
    const delegates = tx.objectStore("delegates");
    delegates.clear();
    delegates.createIndex("registration_id", "registration_id", { unique: false });
    tx.objectStore("meta").delete("cursor");
    tx.objectStore("meta").delete("synced_at");
  }
  if (oldVersion < 3) {
    // Version 3 keeps refused scans apart, and conflicts in a store of their own (they were a
    // list in meta); its list entries carry the first entry and the needs: fetched again.
    db.createObjectStore("attention", { keyPath: "nonce" }).createIndex("created", "created");
    const conflicts = db.createObjectStore("conflicts", { keyPath: "nonce" });
    conflicts.createIndex("at", "at", { unique: false });
    const meta = tx.objectStore("meta");
    const old = meta.get("conflicts");
    old.onsuccess = () => {
      const list = Array.isArray(old.result) ? old.result : [];
      // Newest first in the old list: the oldest gets the smallest `at`.
      list.forEach((conflict, index) => {
        if (conflict && conflict.nonce) conflicts.put({ ...conflict, at: list.length - index });
      });
      meta.delete("conflicts");
    };
    tx.objectStore("delegates").clear();
    meta.delete("cursor");
    meta.delete("synced_at");
  }
}

/** Open the store; `onVersionChange` is called once this page has let a newer version in. */
export async function openStore({ indexedDB = globalThis.indexedDB, onVersionChange } = {}) {
  const request = indexedDB.open(DB_NAME, DB_VERSION);
  request.onupgradeneeded = (event) => upgrade(request.result, request.transaction, event.oldVersion);
  const db = await promisify(request);
  return new Store(db, onVersionChange);
}

export class Store {
  constructor(db, onVersionChange = () => {}) {
    this.db = db;
    this.closed = false;
    db.onversionchange = () => {
      db.close();
      this.closed = true;
      onVersionChange();
    };
  }

  close() {
    this.db.close();
    this.closed = true;
  }

  async get(store, key) {
    return promisify(this.db.transaction(store).objectStore(store).get(key));
  }

  async getByIndex(store, index, key) {
    return promisify(this.db.transaction(store).objectStore(store).index(index).get(key));
  }

  async put(store, value, key) {
    const tx = this.db.transaction(store, "readwrite");
    tx.objectStore(store).put(value, key);
    return done(tx);
  }

  async delete(store, key) {
    const tx = this.db.transaction(store, "readwrite");
    tx.objectStore(store).delete(key);
    return done(tx);
  }

  async all(store) {
    return promisify(this.db.transaction(store).objectStore(store).getAll());
  }

  async count(store) {
    return promisify(this.db.transaction(store).objectStore(store).count());
  }

  async meta(key) {
    return this.get("meta", key);
  }

  async setMeta(values) {
    const tx = this.db.transaction("meta", "readwrite");
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined || value === null) tx.objectStore("meta").delete(key);
      else tx.objectStore("meta").put(value, key);
    }
    return done(tx);
  }

  /** The records of `store` under `keys`, in order (undefined where there is none). */
  async getMany(store, keys) {
    const objects = this.db.transaction(store).objectStore(store);
    return Promise.all(keys.map((key) => promisify(objects.get(key))));
  }

  /** One page of the delegate list (new and changed delegates, revoked badge codes), with what
   * it taught about this phone's admissions, in one transaction. */
  async applyDelegates(delegates, revoked, cursor, { seen = [], conflicts = [] } = {}) {
    const tx = this.db.transaction(["delegates", "revoked", "meta", "seen", "conflicts"], "readwrite");
    const delegateStore = tx.objectStore("delegates");
    const revokedStore = tx.objectStore("revoked");
    for (const delegate of delegates) {
      delegateStore.put(delegate);
      revokedStore.delete(delegate.code_hash);
    }
    for (const codeHash of revoked) {
      delegateStore.delete(codeHash);
      revokedStore.put({ code_hash: codeHash });
    }
    for (const record of seen) tx.objectStore("seen").put(record);
    for (const conflict of conflicts) tx.objectStore("conflicts").put(conflict);
    tx.objectStore("meta").put(cursor, "cursor");
    return done(tx);
  }

  /** Forget the delegate list: names and organisations stay on a phone only while it may scan. */
  async forgetDelegates() {
    const tx = this.db.transaction(["delegates", "revoked", "meta"], "readwrite");
    tx.objectStore("delegates").clear();
    tx.objectStore("revoked").clear();
    tx.objectStore("meta").delete("cursor");
    tx.objectStore("meta").delete("synced_at");
    return done(tx);
  }

  async queued(limit) {
    const index = this.db.transaction("queue").objectStore("queue").index("created");
    return promisify(index.getAll(null, limit));
  }

  async attention() {
    const index = this.db.transaction("attention").objectStore("attention").index("created");
    return promisify(index.getAll());
  }

  /** Newest first. */
  async conflicts() {
    const index = this.db.transaction("conflicts").objectStore("conflicts").index("at");
    return (await promisify(index.getAll())).reverse();
  }

  /** What an upload's answers change, all at once: scans leave the queue only in the
   * transaction that records where they went (refused, in conflict, let in), so that a phone
   * switched off in between loses nothing. */
  async settle({ remove = [], attention = [], conflicts = [], seen = [] }) {
    const tx = this.db.transaction(["queue", "attention", "conflicts", "seen"], "readwrite");
    for (const record of attention) tx.objectStore("attention").put(record);
    for (const conflict of conflicts) tx.objectStore("conflicts").put(conflict);
    for (const record of seen) tx.objectStore("seen").put(record);
    for (const nonce of remove) tx.objectStore("queue").delete(nonce);
    return done(tx);
  }

  /** A refused scan back into the queue (as `record`, under its new nonce). */
  async retry(nonce, record) {
    const tx = this.db.transaction(["queue", "attention"], "readwrite");
    tx.objectStore("attention").delete(nonce);
    tx.objectStore("queue").put(record);
    return done(tx);
  }

  async discard(nonce) {
    return this.delete("attention", nonce);
  }

  async dismissConflicts(nonces) {
    const tx = this.db.transaction("conflicts", "readwrite");
    for (const nonce of nonces) tx.objectStore("conflicts").delete(nonce);
    return done(tx);
  }
}
