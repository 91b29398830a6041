class TransientMailError(Exception):
    """The mail server said "try later" (or could not be reached): the send will be retried."""
