// Shared pieces of the scanner's unit tests: a fresh in-memory IndexedDB per test, list entries
// with the hashes the server sends, a catalog, and an API that answers as the server would.

import { IDBFactory } from "fake-indexeddb";

import { ApiError, NetworkError } from "../../../checkin/static/checkin/scanner/api.js";
import { codeHash, parseCode } from "../../../checkin/static/checkin/scanner/codes.js";
import { openStore } from "../../../checkin/static/checkin/scanner/store.js";

export const TOKEN = "MIV1-0A4C9QF3M7T2XK8R5D6W1ZB0NHJK";
export const SHORT = "ABCD-EFGH";

export async function freshStore(options = {}) {
  const indexedDB = new IDBFactory();
  const store = await openStore({ indexedDB, ...options });
  store.factory = indexedDB;
  return store;
}

export const catalog = {
  results: {
    ok: "Mời vào.",
    already_checked_in: "Đã check-in trước đó.",
    invalid: "Mã không hợp lệ.",
    not_approved: "Chưa được duyệt.",
    cancelled: "Đã hủy.",
    revoked: "Đã thu hồi.",
  },
};

/** A list entry as GET /checkin/delegates sends it, for the badge `token` (short code SHORT). */
export async function listEntry(fields = {}, token = TOKEN) {
  return {
    code_hash: await codeHash(parseCode(token)),
    short_hash: await codeHash(parseCode(SHORT)),
    registration_id: 7,
    name: "Đặng Thị Ánh",
    title: "Bà",
    organisation: "Viettel",
    type: "enterprise",
    type_label: "Doanh nghiệp",
    status: "approved",
    needs: "Xe lăn",
    checked_in: false,
    first_checkin: null,
    ...fields,
  };
}

/** An API whose answers are queued per method: a value, an Error to throw, or a function. */
export class FakeApi {
  constructor(answers = {}) {
    this.answers = answers;
    this.calls = [];
  }

  async answer(method, args) {
    this.calls.push([method, ...args]);
    const queue = this.answers[method] || [];
    if (!queue.length) throw new Error(`no answer queued for ${method}`);
    const next = queue.shift();
    if (next instanceof Error) throw next;
    return typeof next === "function" ? next(...args) : next;
  }

  scan(...args) {
    return this.answer("scan", args);
  }

  batch(...args) {
    return this.answer("batch", args);
  }

  delegates(...args) {
    return this.answer("delegates", args);
  }

  me(...args) {
    return this.answer("me", args);
  }
}

export const refused = (status, detail, code = null) => new ApiError(status, detail, code);
export const offline = () => new NetworkError("Failed to fetch");

/** A clock whose phone time and monotonic time the test moves. */
export function fakeTime({ wall = Date.parse("2025-12-30T06:00:00Z"), mono = 1000 } = {}) {
  const time = { wall, mono };
  time.advance = (ms) => {
    time.wall += ms;
    time.mono += ms;
  };
  return time;
}
