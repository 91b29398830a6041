import assert from "node:assert/strict";
import { test } from "node:test";

import { toneOf } from "../../../checkin/static/checkin/scanner/ui.js";

test("green lets in, amber is a valid badge that needs a look, anything else stops", () => {
  assert.equal(toneOf("ok"), "ok");
  assert.equal(toneOf("already_checked_in"), "warn");
  // A room's door during a seat-limited session: a valid badge without a seat here.
  assert.equal(toneOf("no_seat"), "warn");
  assert.equal(toneOf("seat_waitlisted"), "warn");
  for (const result of ["invalid", "not_approved", "cancelled", "revoked", "anything else"]) {
    assert.equal(toneOf(result), "stop");
  }
});
