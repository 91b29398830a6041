"""Renderers write an email's subject and bodies at send time, from the context stored on its
outbox row, so that a service records what to send inside its transaction (its locks held only
for an insert) and the text, in the recipient's language, is written later by the worker.

The app that owns the content registers its renderer when it loads, as with attachment
producers (mail.attachments), so the outbox never imports the apps that use it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str = ""


# renderer(context=dict) -> RenderedEmail, called with the row's language active; it raises
# mail.errors.EmailCancelled when the email should no longer be sent.
Renderer = Callable[..., RenderedEmail]

_RENDERERS: dict[str, Renderer] = {}


def email_renderer_register(name: str, renderer: Renderer) -> None:
    _RENDERERS[name] = renderer


def email_render(*, email) -> RenderedEmail:
    """The row's text: its own, or what its renderer writes now. An unknown renderer is an
    error (the row fails visibly), never an empty email."""
    if not email.renderer:
        return RenderedEmail(email.subject, email.body_text, email.body_html)
    renderer = _RENDERERS.get(email.renderer)
    if renderer is None:
        raise LookupError(f"unknown email renderer {email.renderer!r}")
    rendered = renderer(context=email.context)
    # A subject is one line: template newlines and runs of spaces are folded.
    subject = " ".join(rendered.subject.split())[:400]
    return RenderedEmail(subject, rendered.body_text, rendered.body_html)
