import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from forum.models import Edition

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def edition_seed_2025() -> Edition:
    """The 2025 forum as organisers first entered it (demo data; every field is editable)."""
    defaults = dict(
        name="Diễn đàn quốc gia về phát triển doanh nghiệp công nghệ số Việt Nam 2025",
        name_en="National Forum on Developing Vietnamese Digital Technology Enterprises 2025",
        short_name="Make in Viet Nam 2025",
        theme="Sản phẩm công nghệ số Việt Nam giải các bài toán thực tiễn của Việt Nam",
        theme_en="Vietnamese digital products solving Viet Nam's real-world problems",
        organiser="Bộ Khoa học và Công nghệ",
        organiser_en="Ministry of Science and Technology",
        starts_at=dt.datetime(2025, 12, 30, 13, 30, tzinfo=VN),
        ends_at=dt.datetime(2025, 12, 30, 17, 30, tzinfo=VN),
        venue="Trung tâm Hội nghị Quốc gia",
        venue_en="National Convention Center",
        venue_address="Số 57 Phạm Hùng, Hà Nội",
        venue_address_en="57 Pham Hung Road, Hanoi",
        city="Hà Nội",
        city_en="Hanoi",
        capacity=1500,
        registration_mode=Edition.RegistrationMode.MODERATED,
        registration_opens_at=dt.datetime(2025, 11, 1, 8, 0, tzinfo=VN),
        # Left open so the demo accepts sign-ups whatever today's date; organisers set the close.
        registration_closes_at=None,
        languages=["vi", "en"],
    )
    with transaction.atomic():
        edition, _created = Edition.objects.get_or_create(slug="2025", defaults=defaults)
        if not Edition.objects.filter(is_current=True).exists():
            edition.is_current = True
            edition.save(update_fields=["is_current"])
    return edition
