import assert from "node:assert/strict";
import { test } from "node:test";

import { RepeatGuard } from "../../../checkin/static/checkin/scanner/repeat.js";

const BADGE = "MIV1-0A4C9QF3M7T2XK8R5D6W1ZB0NHJK";

/** The camera reads `code` every 120 ms from `from` to `to`; how many scans are made. */
function hold(guard, code, from, to, { answerShownUntil = -1 } = {}) {
  let scans = 0;
  for (let now = from; now <= to; now += 120) {
    if (guard.isRepeat(code, now, { answerShown: now < answerShownUntil })) continue;
    guard.accept(code, now);
    scans += 1;
  }
  return scans;
}

test("a badge held in front of the camera for 10 seconds is one scan", () => {
  const guard = new RepeatGuard({ windowMs: 3000 });

  // Its green answer shows for 3 s; the badge stays in view long after.
  assert.equal(hold(guard, BADGE, 0, 10_000, { answerShownUntil: 3000 }), 1);
});

test("the badge taken away and shown again after the window is a new scan", () => {
  const guard = new RepeatGuard({ windowMs: 3000 });
  hold(guard, BADGE, 0, 1000);

  assert.equal(guard.isRepeat(BADGE, 1000 + 2900), true); // back within the window
  assert.equal(guard.isRepeat(BADGE, 3900 + 3000), false); // away for the whole window
});

test("the window counts from the last sighting, not from the first read", () => {
  const guard = new RepeatGuard({ windowMs: 3000 });
  guard.accept(BADGE, 0);

  assert.equal(guard.isRepeat(BADGE, 2500), true);
  assert.equal(guard.isRepeat(BADGE, 5000), true); // 5 s after the first read, 2.5 s after the last
  assert.equal(guard.isRepeat(BADGE, 8100), false);
});

test("the same badge is always a repeat while its answer is on screen", () => {
  const guard = new RepeatGuard({ windowMs: 3000 });
  guard.accept(BADGE, 0);

  assert.equal(guard.isRepeat(BADGE, 60_000, { answerShown: true }), true);
});

test("another badge is never a repeat", () => {
  const guard = new RepeatGuard({ windowMs: 3000 });
  guard.accept(BADGE, 0);

  assert.equal(guard.isRepeat("ABCD-EFGH", 100), false);
});

test("scan next forgets the badge: the same one is read again at once", () => {
  const guard = new RepeatGuard({ windowMs: 3000 });
  guard.accept(BADGE, 0);

  guard.forget();

  assert.equal(guard.isRepeat(BADGE, 100, { answerShown: true }), false);
});
