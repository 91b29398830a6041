from django.contrib.auth.models import Group
from django.db import transaction

from forum.errors import ServiceError
from registration.models import User


def account_ensure(
    *,
    email: str,
    password: str,
    full_name: str = "",
    roles: tuple[str, ...] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
    language: str = "vi",
) -> tuple[User, bool]:
    """Create an account with a verified email, or return the existing one unchanged."""
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name,
                is_staff=is_staff,
                is_superuser=is_superuser,
                language=language,
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if roles:
            user.groups.add(*Group.objects.filter(name__in=roles))
    return user, created


def totp_ensure(*, user: User) -> str:
    """Give a user a TOTP authenticator (if they have none) and return its secret."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import decrypt

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing:
        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_current_code(*, secret: str) -> str:
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def totp_code_of(*, email: str) -> str:
    """The current TOTP code of an account's authenticator (for demo staff accounts)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        raise ServiceError(f"No account {email}", code="no_account")
    auth = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if auth is None:
        raise ServiceError(f"{email} has no TOTP authenticator", code="no_totp")
    return totp_current_code(secret=decrypt(auth.data["secret"]))
