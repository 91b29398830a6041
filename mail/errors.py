class TransientMailError(Exception):
    """The mail server said "try later" (or could not be reached): the send will be retried."""


class EmailCancelled(Exception):
    """What the email announces is no longer true (a renderer says so at send time): the row is
    cancelled and nothing, not even part of it, is sent. The message says why, for organisers."""
