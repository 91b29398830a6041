"""Limits every layer agrees on."""

import datetime as dt

# A session more than a year away from its forum is a typing error (and year 1 or 9999 would
# not even convert between time zones).
DATE_SLACK = dt.timedelta(days=366)


def session_window(edition) -> tuple[dt.datetime, dt.datetime]:
    """When a session of this forum may take place at the earliest and at the latest."""
    return edition.starts_at - DATE_SLACK, edition.ends_at + DATE_SLACK
