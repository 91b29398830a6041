"""What publishing the draft now would do: the changes, who would be emailed, the warnings."""

from dataclasses import dataclass

from agenda.changes import changes_between, notified
from agenda.selectors.drafts import draft_sessions, draft_snapshot, draft_warnings
from agenda.selectors.personal import Recipient, audience
from agenda.selectors.published import version_latest
from agenda.snapshot import fingerprint


@dataclass
class Preview:
    number: int
    changes: list
    notified: list
    recipients: list[Recipient]
    warnings: list
    fingerprint: str
    unchanged: bool
    first: bool


def publish_preview(*, edition) -> Preview:
    latest = version_latest(edition=edition)
    draft = draft_snapshot(edition=edition)
    changes = changes_between(latest.snapshot if latest else None, draft)
    concerned = notified(changes)
    digest = fingerprint(draft)
    return Preview(
        number=latest.number + 1 if latest else 1,
        changes=changes,
        notified=concerned,
        recipients=audience(edition=edition, session_ids={r["session"] for r in concerned}),
        warnings=draft_warnings(edition=edition, sessions=list(draft_sessions(edition=edition))),
        fingerprint=digest,
        unchanged=latest is not None and latest.fingerprint == digest,
        first=latest is None,
    )
