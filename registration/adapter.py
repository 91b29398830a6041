from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from mail.services import email_queue


class AccountAdapter(DefaultAccountAdapter):
    """Account emails (verification, login codes, password reset) go through the outbox."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        user = ctx.get("user")
        email_queue(
            recipient=email,
            kind=template_prefix.rsplit("/", 1)[-1],
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            language=translation.get_language() or "vi",
            user=user if getattr(user, "pk", None) else None,
        )
