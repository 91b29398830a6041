"""Emails that failed or stay queued, with a resend button."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mail import selectors as mail_selectors
from mail import services as outbox
from mail.models import OutgoingEmail
from registration.access import organiser_required


@organiser_required
@require_GET
def email_list(request):
    return render(
        request,
        "registration/organiser/email_list.html",
        {"emails": mail_selectors.emails_needing_attention()},
    )


@organiser_required
@require_POST
def email_resend(request, email_id: int):
    try:
        email = outbox.email_resend(email_id=email_id)
    except OutgoingEmail.DoesNotExist:
        raise Http404 from None
    if email.status == OutgoingEmail.Status.QUEUED:
        messages.success(
            request,
            _("Đã xếp hàng gửi lại email tới %(recipient)s.") % {"recipient": email.recipient},
        )
    elif email.status == OutgoingEmail.Status.SENT:
        messages.info(
            request, _("Email tới %(recipient)s đã gửi xong.") % {"recipient": email.recipient}
        )
    else:
        messages.info(
            request,
            _("Email tới %(recipient)s không ở trạng thái lỗi (%(status)s), không gửi lại.")
            % {"recipient": email.recipient, "status": email.get_status_display()},
        )
    return redirect("registration:email_list")
