import datetime as dt

import factory
from factory.django import DjangoModelFactory

from registration.models import User
from registration.services.registrations import registration_derive


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    password = factory.django.Password("correct horse battery")


class EditionFactory(DjangoModelFactory):
    class Meta:
        model = "forum.Edition"
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"edition-{n}")
    name = "Diễn đàn quốc gia về phát triển doanh nghiệp công nghệ số Việt Nam 2025"
    name_en = "National Forum on Developing Vietnamese Digital Technology Enterprises 2025"
    starts_at = dt.datetime(2025, 12, 30, 6, 30, tzinfo=dt.UTC)  # 13:30 in Hà Nội
    ends_at = dt.datetime(2025, 12, 30, 10, 30, tzinfo=dt.UTC)
    venue = "Trung tâm Hội nghị Quốc gia"
    capacity = 1500
    is_current = True


class RegistrationFactory(DjangoModelFactory):
    """A registration as submitted, in any status; the given name (unless given), search key and
    sort key are derived the way the registration service derives them."""

    class Meta:
        model = "registration.Registration"

    edition = factory.SubFactory(EditionFactory)
    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "guest@example.vn")
    full_name = "Nguyễn Văn An"
    given_name = ""
    organisation = "Công ty Cổ phần MISA"
    delegate_type = "enterprise"
    province = "Thành phố Hà Nội"
    status = "pending"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # A key passed in explicitly is kept, for tests about a particular key.
        keys = {field: kwargs.pop(field) for field in ("search_key", "sort_key") if field in kwargs}
        registration = model_class(*args, **kwargs)
        registration_derive(registration=registration)
        for field, value in keys.items():
            setattr(registration, field, value)
        registration.save()
        return registration


def submission(**overrides) -> dict:
    """Cleaned form data for registration_submit."""
    data = {
        "full_name": "Nguyễn Văn An",
        "given_name": "",
        "honorific": "Ông",
        "position": "Giám đốc",
        "organisation": "Công ty Cổ phần MISA",
        "delegate_type": "enterprise",
        "phone": "+84912345678",
        "province": "Thành phố Hà Nội",
        "email_language": "vi",
        "needs": "",
    }
    data.update(overrides)
    return data


ALL_CONSENTS = {
    "administration": True,
    "press_photos": False,
    "security_sharing": False,
    "newsletter": False,
}


def user_with_roles(*role_codes, **extra):
    """A user in the given role groups (organiser, door_staff, judge, enterprise)."""
    from django.contrib.auth.models import Group

    user = UserFactory(**extra)
    for code in role_codes:
        user.groups.add(Group.objects.get_or_create(name=code)[0])
    return user
