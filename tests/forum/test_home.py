import re

import pytest
from django.urls import reverse


def test_home_defaults_to_vietnamese_with_forum_name_and_date(client, seeded_edition):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Diễn đàn quốc gia về phát triển doanh nghiệp công nghệ số Việt Nam 2025" in html
    assert "30/12/2025" in html
    assert "13:30–17:30" in html  # shown in Hà Nội time, not UTC
    assert "Bộ Khoa học và Công nghệ" in html


def test_home_in_english_under_en_prefix(client, seeded_edition):
    response = client.get("/en/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "National Forum on Developing Vietnamese Digital Technology Enterprises 2025" in html
    assert "Ministry of Science and Technology" in html
    assert "30/12/2025" in html


def test_language_switcher_redirects_to_english_page(client, seeded_edition):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_home_without_edition_explains_nothing_is_set_up(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert "Chưa có kỳ diễn đàn nào được thiết lập." in response.content.decode()


def test_pages_send_a_strict_content_security_policy(client, seeded_edition):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("path", ["/", "/en/", "/accounts/login/", "/accounts/signup/"])
def test_pages_have_no_inline_script_or_style(client, seeded_edition, path):
    html = client.get(path).content.decode()

    assert " style=" not in html
    assert "<style" not in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_base_template_has_landmarks_and_skip_link(client, seeded_edition):
    html = client.get("/").content.decode()

    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html


def test_healthz_checks_the_database(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_static_assets_come_from_npm_packages_not_a_cdn(client, seeded_edition):
    from django.contrib.staticfiles import finders

    html = client.get("/").content.decode()

    assert "https://" not in re.sub(r'content="[^"]*"', "", html.split("<body")[0])
    assert finders.find("vendor/htmx/htmx.min.js")
    assert finders.find("vendor/be-vietnam-pro/400.css")
