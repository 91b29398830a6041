// What the scanner keeps on the phone (IndexedDB), so that the door keeps working offline:
//   meta       token, device, cursor of the delegate list, last sync
//   delegates  the delegate list, by code_hash (and short_hash)
//   revoked    code hashes of badges that were replaced
//   seen       delegates this phone let in while it decided alone
//   queue      scans waiting to be uploaded, by nonce

const DB_NAME = "forum-scanner";
const DB_VERSION = 2;

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

export async function openStore() {
  const request = indexedDB.open(DB_NAME, DB_VERSION);
  request.onupgradeneeded = (event) => {
    const db = request.result;
    if (event.oldVersion < 1) {
      db.createObjectStore("meta");
      const delegates = db.createObjectStore("delegates", { keyPath: "code_hash" });
      delegates.createIndex("short_hash", "short_hash", { unique: false });
      db.createObjectStore("revoked", { keyPath: "code_hash" });
      db.createObjectStore("seen", { keyPath: "code_hash" });
      const queue = db.createObjectStore("queue", { keyPath: "nonce" });
      queue.createIndex("created", "created", { unique: false });
    }
    if (event.oldVersion < 2) {
      // Version 2 finds delegates by registration id (check-in by name offline). A list synced
      // before has no ids: it is fetched again from the start.
      const tx = request.transaction;
      const delegates = tx.objectStore("delegates");
      delegates.clear();
      delegates.createIndex("registration_id", "registration_id", { unique: false });
      tx.objectStore("meta").delete("cursor");
      tx.objectStore("meta").delete("synced_at");
    }
  };
  const db = await promisify(request);
  return new Store(db);
}

class Store {
  constructor(db) {
    this.db = db;
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

  async clear(...stores) {
    const tx = this.db.transaction(stores, "readwrite");
    for (const name of stores) tx.objectStore(name).clear();
    return done(tx);
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

  /** One page of the delegate list: new and changed delegates, and revoked badge codes. */
  async applyDelegates(delegates, revoked, cursor) {
    const tx = this.db.transaction(["delegates", "revoked", "meta"], "readwrite");
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
    const tx = this.db.transaction("queue");
    const index = tx.objectStore("queue").index("created");
    return promisify(index.getAll(null, limit));
  }
}
