import json

import pytest
from django.utils import translation

from registration.provinces import (
    ABROAD,
    DATA_FILE,
    PROVINCES,
    province_choices,
    province_resolve,
)


@pytest.fixture(scope="module")
def units():
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))["units"]


def test_data_file_has_6_cities_and_28_provinces(units):
    kinds = [unit["kind"] for unit in units]

    assert len(units) == 34
    assert kinds.count("city") == 6
    assert kinds.count("province") == 28


def test_provinces_are_the_34_units_then_abroad(units):
    assert len(PROVINCES) == 35
    assert PROVINCES[:34] == [unit["name"] for unit in units]
    assert PROVINCES[-1] == "Nước ngoài" == ABROAD
    assert len(set(PROVINCES)) == 35


def test_provinces_include_the_six_cities():
    cities = [name for name in PROVINCES if name.startswith("Thành phố ")]

    assert sorted(cities) == [
        "Thành phố Cần Thơ",
        "Thành phố Huế",
        "Thành phố Hà Nội",
        "Thành phố Hải Phòng",
        "Thành phố Hồ Chí Minh",
        "Thành phố Đà Nẵng",
    ]


def test_province_choices_first_values_in_vietnamese_order():
    values = [value for value, _label in province_choices()]

    assert values[:12] == [
        "An Giang",
        "Bắc Ninh",
        "Cà Mau",
        "Cao Bằng",
        "Thành phố Cần Thơ",
        "Thành phố Đà Nẵng",
        "Đắk Lắk",
        "Điện Biên",
        "Đồng Nai",
        "Đồng Tháp",
        "Gia Lai",
        "Thành phố Hà Nội",
    ]


def test_province_choices_h_to_l_in_vietnamese_order():
    values = [value for value, _label in province_choices()]

    assert values[11:22] == [
        "Thành phố Hà Nội",
        "Hà Tĩnh",
        "Thành phố Hải Phòng",
        "Thành phố Hồ Chí Minh",
        "Thành phố Huế",
        "Hưng Yên",
        "Khánh Hòa",
        "Lai Châu",
        "Lạng Sơn",
        "Lào Cai",
        "Lâm Đồng",
    ]


def test_province_choices_abroad_is_last():
    choices = province_choices()

    assert len(choices) == 35
    assert choices[-2][0] == "Vĩnh Long"
    assert choices[-1][0] == "Nước ngoài"


def test_province_choices_cover_every_province():
    assert sorted(value for value, _label in province_choices()) == sorted(PROVINCES)


def test_province_choices_labels_are_the_names():
    with translation.override("vi"):
        choices = province_choices()

    assert all(str(label) == value for value, label in choices)


def test_province_resolve_current_names_resolve_to_themselves():
    assert {name: province_resolve(name) for name in PROVINCES} == {
        name: name for name in PROVINCES
    }


def test_province_resolve_every_former_unit_resolves_to_its_new_unit(units):
    expected = {former: unit["name"] for unit in units for former in unit["formerly"]}

    resolved = {former: province_resolve(former) for former in expected}

    assert len(expected) == 52
    assert resolved == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Bình Dương", "Thành phố Hồ Chí Minh"),
        ("Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"),
        ("Bà Rịa\u2013Vũng Tàu", "Thành phố Hồ Chí Minh"),
        ("Ba Ria Vung Tau", "Thành phố Hồ Chí Minh"),
        ("Hải Dương", "Thành phố Hải Phòng"),
        ("Quảng Nam", "Thành phố Đà Nẵng"),
        ("Hậu Giang", "Thành phố Cần Thơ"),
        ("Hà Giang", "Tuyên Quang"),
        ("Kiên Giang", "An Giang"),
        ("Tiền Giang", "Đồng Tháp"),
        ("Bình Định", "Gia Lai"),
        ("Bình Thuận", "Lâm Đồng"),
        ("Bình Phước", "Đồng Nai"),
        ("Vĩnh Phúc", "Phú Thọ"),
        ("Hoà Bình", "Phú Thọ"),
        ("Bắc Giang", "Bắc Ninh"),
        ("Nam Định", "Ninh Bình"),
        ("Long An", "Tây Ninh"),
    ],
)
def test_province_resolve_old_names(name, expected):
    assert province_resolve(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("TP HCM", "Thành phố Hồ Chí Minh"),
        ("TP. HCM", "Thành phố Hồ Chí Minh"),
        ("TP.HCM", "Thành phố Hồ Chí Minh"),
        ("tp hcm", "Thành phố Hồ Chí Minh"),
        ("TPHCM", "Thành phố Hồ Chí Minh"),
        ("HCM", "Thành phố Hồ Chí Minh"),
        ("Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Ho Chi Minh City", "Thành phố Hồ Chí Minh"),
        ("Sài Gòn", "Thành phố Hồ Chí Minh"),
        ("Saigon", "Thành phố Hồ Chí Minh"),
        ("Hanoi", "Thành phố Hà Nội"),
        ("Hà Nội", "Thành phố Hà Nội"),
        ("ha noi", "Thành phố Hà Nội"),
        ("HÀ NỘI", "Thành phố Hà Nội"),
        ("Thành phố Hà Nội", "Thành phố Hà Nội"),
        ("thanh pho ha noi", "Thành phố Hà Nội"),
        ("Huế", "Thành phố Huế"),
        ("Thừa Thiên Huế", "Thành phố Huế"),
        ("Tỉnh Thừa Thiên - Huế", "Thành phố Huế"),
        ("Đà Nẵng", "Thành phố Đà Nẵng"),
        ("da nang", "Thành phố Đà Nẵng"),
        ("Hải Phòng", "Thành phố Hải Phòng"),
        ("Cần Thơ", "Thành phố Cần Thơ"),
        ("Tỉnh Lâm Đồng", "Lâm Đồng"),
        ("tinh dak lak", "Đắk Lắk"),
        ("  khánh   hoà ", "Khánh Hòa"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("Kha\u0301nh Ho\u0300a", "Khánh Hòa"),
        ("nuoc ngoai", "Nước ngoài"),
    ],
)
def test_province_resolve_aliases_accents_case_and_prefixes(name, expected):
    assert province_resolve(name) == expected


@pytest.mark.parametrize(
    "name",
    ["", "   ", "Tỉnh", "Thành phố", "TP", "Hà Tây", "Atlantis", "Hà", "Quảng", "Bình"],
)
def test_province_resolve_unknown_gives_none(name):
    assert province_resolve(name) is None
