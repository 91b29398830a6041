"""Rate limits count per client behind the proxies, and the 429 page is the site's own."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def proxies(settings, count: int) -> None:
    settings.TRUSTED_PROXY_COUNT = count
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    settings.NINJA_NUM_PROXIES = count


def log_in(client, address: str, prefix: str = ""):
    return client.post(
        f"{prefix}/accounts/login/",
        {"login": "dai.bieu@example.vn", "password": "MakeInVietNam2025"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.fixture
def delegate():
    user = UserFactory(email="dai.bieu@example.vn")
    user.set_password("MakeInVietNam2025")
    user.save()
    return user


def test_sixty_logins_from_sixty_people_behind_one_proxy_are_not_throttled(
    client, settings, delegate
):
    proxies(settings, 1)

    answers = [log_in(client, f"203.0.113.{n}").status_code for n in range(1, 61)]

    assert answers == [302] * 60


def test_without_the_proxy_setting_the_whole_venue_shares_one_limit(client, settings, delegate):
    proxies(settings, 0)

    answers = [log_in(client, f"203.0.113.{n}").status_code for n in range(1, 61)]

    assert answers.count(429) == 30


def test_one_client_past_the_login_limit_gets_the_sites_429_page_in_vietnamese(
    client, settings, delegate
):
    proxies(settings, 1)
    for _ in range(30):
        assert log_in(client, "203.0.113.9").status_code == 302

    response = log_in(client, "203.0.113.9")

    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert '<h1 id="error-title">Quá nhiều yêu cầu</h1>' in page
    assert "xin chờ vài phút rồi thử lại" in page
    assert 'class="site-header"' in page
    assert 'href="/static/css/forum.css"' in page
    assert log_in(client, "203.0.113.10").status_code == 302  # the person next to them


def test_the_429_page_in_english(client, settings, delegate):
    proxies(settings, 1)
    for _ in range(30):
        log_in(client, "203.0.113.9", prefix="/en")

    response = log_in(client, "203.0.113.9", prefix="/en")

    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert '<h1 id="error-title">Too many requests</h1>' in page
    assert "Quá nhiều" not in page
