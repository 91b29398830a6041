// The same badge seen again by the camera: a delegate holds it up, the camera reads it eight
// times a second. One scan is made of it, however long it stays in view; it is scanned again
// only once it has been out of view for the repeat window, or when the staff ask ("scan next").
//
// The window counts from the last time the code was seen, not from the first read: a badge
// held for 10 seconds is one scan, not one every few seconds.

export const REPEAT_WINDOW_MS = 3000;

export class RepeatGuard {
  constructor({ windowMs = REPEAT_WINDOW_MS } = {}) {
    this.windowMs = windowMs;
    this.code = null;
    this.seenAt = -Infinity;
    this.repeats = 0;
  }

  /** Whether `code`, read at `now`, is the badge already scanned and still (or again soon) in
   * view. A repeat keeps the badge's last sighting fresh. While its answer is on screen the
   * same code is always a repeat. */
  isRepeat(code, now, { answerShown = false } = {}) {
    if (code !== this.code) return false;
    if (!answerShown && now - this.seenAt >= this.windowMs) return false;
    this.seenAt = now;
    this.repeats += 1;
    return true;
  }

  /** `code` is being scanned now. */
  accept(code, now) {
    this.code = code;
    this.seenAt = now;
  }

  /** Ready for anything, the same badge included ("scan next"). */
  forget() {
    this.code = null;
    this.seenAt = -Infinity;
  }
}
