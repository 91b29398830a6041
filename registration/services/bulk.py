"""Decisions on many delegates at once (approve, promote, waiting list, reject, resend), run as a
job: the organiser follows its progress and lands back on the list with what happened."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forum.errors import ServiceError
from forum.jobs import JobKind, job_create
from forum.models import Job
from registration.models import Registration
from registration.services import notifications, registrations

BULK_JOB = "registration.delegates_bulk"
MAX_BULK = 1000
Status = Registration.Status

BULK_ACTIONS = {
    "approve": gettext_lazy("Duyệt"),
    "promote": gettext_lazy("Duyệt từ danh sách chờ"),
    "waitlist": gettext_lazy("Chuyển vào danh sách chờ"),
    "reject": gettext_lazy("Từ chối"),
    "resend": gettext_lazy("Gửi lại email gần nhất"),
}
DONE_MESSAGES = {
    "approve": gettext_lazy("Đã duyệt %(count)d đăng ký."),
    "promote": gettext_lazy("Đã duyệt %(count)d đăng ký từ danh sách chờ."),
    "waitlist": gettext_lazy("Đã chuyển %(count)d đăng ký vào danh sách chờ."),
    "reject": gettext_lazy("Đã từ chối %(count)d đăng ký."),
}


def delegates_bulk_start(
    *, edition, owner, action: str, ids: list[int], invalid: int, reason: str, back: str
) -> Job:
    """Start `action` on the selected registrations of `edition` (ids not of this edition count
    as missing, with `invalid` selections that were no ids). Raises ServiceError for a request
    that cannot start."""
    if action not in BULK_ACTIONS:
        raise ServiceError(_("Hãy chọn một thao tác."), code="no_action")
    if not ids and not invalid:
        raise ServiceError(_("Chưa chọn đại biểu nào."), code="nothing_selected")
    reason = reason.strip()[:1000]
    if action == "reject" and not reason:
        raise ServiceError(_("Cần nêu lý do từ chối."), code="reason_required")
    ids = list(dict.fromkeys(ids))[:MAX_BULK]
    found = list(
        Registration.objects.filter(edition=edition, pk__in=ids)
        .order_by("sort_key")
        .values_list("pk", flat=True)
    )
    return job_create(
        kind=BULK_JOB,
        owner=owner,
        edition=edition,
        params={
            "action": action,
            "reason": reason,
            "back": back,
            "ids": found,
            "missing": invalid + len(ids) - len(found),
        },
        total=len(found),
    )


def _decide(action: str, registration: Registration, *, actor, reason: str) -> str:
    if action == "approve" and registration.status == Status.APPROVED:
        return "already"
    if action == "approve":
        registrations.registration_approve(registration_id=registration.pk, actor=actor)
    elif action == "promote":
        if registration.status != Status.WAITLISTED:
            raise ServiceError(_("Không ở danh sách chờ."), code="not_waitlisted")
        registrations.registration_approve(registration_id=registration.pk, actor=actor)
    elif action == "waitlist":
        registrations.registration_to_waitlist(registration_id=registration.pk, actor=actor)
    elif action == "reject":
        registrations.registration_reject(
            registration_id=registration.pk, reason=reason, actor=actor
        )
    elif action == "resend":
        return notifications.registration_email_again(registration=registration)
    return "done"


def delegates_bulk_run(job: Job, progress) -> dict:
    """Each registration is decided on its own (its own transaction): one refusal never undoes
    the others, and a job run again decides nothing twice (approving the approved is "already")."""
    params = job.params
    outcomes: dict[str, list[str]] = {}
    failures: dict[str, list[str]] = {}
    missing = params["missing"]
    total = len(params["ids"])
    for done, registration_id in enumerate(params["ids"], start=1):
        registration = Registration.objects.filter(
            edition_id=job.edition_id, pk=registration_id
        ).first()
        if registration is None:
            missing += 1
        else:
            try:
                outcome = _decide(
                    params["action"], registration, actor=job.owner, reason=params["reason"]
                )
            except ServiceError as exc:
                failures.setdefault(str(exc.message), []).append(registration.full_name)
            except Registration.DoesNotExist:
                missing += 1
            else:
                outcomes.setdefault(outcome, []).append(registration.full_name)
        progress(done, total)
    return {"outcomes": outcomes, "failures": failures, "missing": missing}


def _names(names: list[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += _(" và %(count)d người khác") % {"count": len(names) - limit}
    return shown


_RESEND_LABELS = {
    "queued": gettext_lazy("Đã xếp hàng gửi lại %(count)d email: %(names)s."),
    "requeued": gettext_lazy("Đã gửi lại %(count)d email bị lỗi: %(names)s."),
    "in_queue": gettext_lazy("%(count)d email đang chờ gửi, không xếp thêm: %(names)s."),
    "already_sent": gettext_lazy(
        "%(count)d email đã gửi thành công trước đó nên không gửi trùng: %(names)s."
    ),
}


def delegates_bulk_report(job: Job) -> list[tuple[int, str]]:
    """What the organiser reads on the list when the job is done, in the page's language."""
    action = job.params["action"]
    outcomes = job.result.get("outcomes", {})
    failures = job.result.get("failures", {})
    missing = job.result.get("missing", 0)
    lines = []
    if action == "resend":
        for outcome, label in _RESEND_LABELS.items():
            names = outcomes.get(outcome, [])
            if names:
                level = messages.SUCCESS if outcome in ("queued", "requeued") else messages.INFO
                lines.append((level, label % {"count": len(names), "names": _names(names)}))
    else:
        done = len(outcomes.get("done", []))
        if done:
            lines.append((messages.SUCCESS, DONE_MESSAGES[action] % {"count": done}))
        already = outcomes.get("already", [])
        if already:
            lines.append(
                (
                    messages.INFO,
                    _("%(count)d đăng ký đã được duyệt từ trước, không thay đổi: %(names)s.")
                    % {"count": len(already), "names": _names(already)},
                )
            )
    failed = sum(len(names) for names in failures.values())
    if failed:
        details = "; ".join(f"{message} ({_names(names)})" for message, names in failures.items())
        lines.append(
            (
                messages.ERROR,
                _("%(count)d không thực hiện được: %(details)s")
                % {"count": failed, "details": details},
            )
        )
    if missing:
        lines.append(
            (
                messages.ERROR,
                _("%(count)d mục đã chọn không tồn tại trong kỳ diễn đàn này.")
                % {"count": missing},
            )
        )
    return lines


BULK_JOB_KIND = JobKind(
    name=BULK_JOB,
    label=gettext_lazy("Thao tác hàng loạt"),
    run=delegates_bulk_run,
    report=delegates_bulk_report,
    done_url=lambda job: job.params["back"],
)
