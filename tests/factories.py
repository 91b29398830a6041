import datetime as dt

import factory
from factory.django import DjangoModelFactory

from registration.models import User


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
