from registration.demo import demo_person
from registration.models import User


def demo_delegate_email(index: int) -> str:
    return f"daibieu{index:05d}@demo.forum.test"


def demo_delegates_ensure(*, edition, count: int) -> int:
    """Ensure synthetic delegates 1..count exist; returns how many were created."""
    from allauth.account.models import EmailAddress

    wanted = {demo_delegate_email(i): i for i in range(1, count + 1)}
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    new_users = []
    for email, index in wanted.items():
        if email in existing:
            continue
        person = demo_person(index)
        user = User(email=email, full_name=person.full_name)
        user.set_unusable_password()
        new_users.append(user)
    User.objects.bulk_create(new_users, batch_size=500)
    users = User.objects.filter(email__in=[u.email for u in new_users])
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=500,
    )
    return len(new_users)
