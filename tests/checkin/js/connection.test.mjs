import assert from "node:assert/strict";
import { test } from "node:test";

import { Connection } from "../../../checkin/static/checkin/scanner/connection.js";

function connection({ onLine = true } = {}) {
  const time = { now: 0, onLine };
  const state = new Connection({ now: () => time.now, onLine: () => time.onLine, unstableForMs: 30_000 });
  return { state, time };
}

test("a cold start with the server down says unstable, not online", () => {
  const { state } = connection();

  assert.equal(state.settle({ unreachable: new Error("Failed to fetch") }), "unreachable");

  assert.equal(state.state, "unstable");
});

test("an exchange that asked the server nothing does not say it is back", () => {
  const { state } = connection();
  state.failed();

  state.settle({ sent: 0, contacted: false });

  assert.equal(state.state, "unstable");
  state.settle({ pages: 1 });
  assert.equal(state.state, "online");
});

test("unstable for a while, then the server is tried again", () => {
  const { state, time } = connection();
  state.failed();

  time.now = 29_999;
  assert.equal(state.state, "unstable");
  time.now = 30_000;
  assert.equal(state.state, "online");
});

test("no network at all is offline, whatever the server did last", () => {
  const { state, time } = connection();
  time.onLine = false;

  assert.equal(state.state, "offline");
});

test("lost access is told apart, and changes nothing of the network", () => {
  const { state } = connection();

  assert.equal(state.settle({ auth: true }), "auth");
  assert.equal(state.state, "online");
});
