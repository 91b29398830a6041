"""When a scan can have been made: not before the edition's check-in opens, and not after the
server's clock (give or take a few minutes).

Online scans are recorded at the server's time. A time comes from a phone only with an offline
upload, and a phone's clock can be anything: hours slow, days ahead, year 1. The scanner app
corrects its times with its measured offset from the server's clock; what is still outside the
window is refused as an upload, with the reason, and recorded so that organisers see it.
"""

import datetime as dt
from dataclasses import dataclass

from checkin.models import Scan

# Without an opening time set on the edition (Edition.checkin_opens_at), doors open this long
# before the forum starts.
CHECKIN_OPENS_BEFORE = dt.timedelta(hours=12)
# Ahead of the server by more than this, a phone's time is wrong, not early.
CLOCK_TOLERANCE = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class ScanWindow:
    opens_at: dt.datetime
    closes_at: dt.datetime

    @classmethod
    def around(
        cls, *, starts_at: dt.datetime, now: dt.datetime, opens_at: dt.datetime | None = None
    ) -> "ScanWindow":
        """The window of an edition starting at `starts_at` whose check-in opens at `opens_at`
        (None: CHECKIN_OPENS_BEFORE its start)."""
        return cls(
            opens_at=opens_at or starts_at - CHECKIN_OPENS_BEFORE,
            closes_at=now + CLOCK_TOLERANCE,
        )

    def refusal(self, scanned_at: dt.datetime) -> str | None:
        """The upload refusal for a scan made at `scanned_at` (aware), or None inside the window.

        Aware date-times compare without conversion, so year 1 and 9999 are refused, not raised.
        """
        if scanned_at < self.opens_at:
            return Scan.Result.SCANNED_TOO_EARLY
        if scanned_at > self.closes_at:
            return Scan.Result.SCANNED_IN_FUTURE
        return None
