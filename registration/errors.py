class ServiceError(Exception):
    """A refused operation, with a stable machine code and a translated message for people."""

    def __init__(self, message, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class TransientMailError(Exception):
    """The mail server said "try later" (or could not be reached): the send will be retried."""
