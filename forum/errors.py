"""Errors every app raises."""


class ServiceError(Exception):
    """A refused operation, with a stable machine code and a translated message for people."""

    def __init__(self, message, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code
