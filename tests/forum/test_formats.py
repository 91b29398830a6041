import datetime as dt

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation


class DateForm(forms.Form):
    day = forms.DateField()
    at = forms.DateTimeField()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_day_first_date_input_means_day_month(language):
    with translation.override(language):
        form = DateForm(data={"day": "05/06/2025", "at": "30/12/2025 13:30"})

        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == dt.date(2025, 6, 5)
        assert form.cleaned_data["at"].date() == dt.date(2025, 12, 30)
        assert form.cleaned_data["at"].hour == 13


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_rendered_day_first(language):
    with translation.override(language):
        rendered = Template("{{ d }}|{{ d|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"d": dt.date(2025, 6, 5)})
        )

    assert rendered == "05/06/2025|05/06/2025"


def test_impossible_day_first_date_is_rejected_in_vietnamese():
    with translation.override("vi"):
        form = DateForm(data={"day": "31/02/2025", "at": "30/12/2025 13:30"})

        assert not form.is_valid()
        assert form.errors["day"] == ["Nhập một ngày hợp lệ."]


def test_time_zone_is_ho_chi_minh(settings):
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.LANGUAGE_CODE == "vi"
