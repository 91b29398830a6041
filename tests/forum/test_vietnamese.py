import random
import unicodedata

import pytest
from django.db import connection

from forum.vietnamese import (
    collation_key,
    delegate_sort_key,
    given_name,
    normalize_text,
    search_key,
)

# Every toned/marked Vietnamese vowel, grouped by the plain letter it reduces to.
VOWELS_BY_BASE = {
    "a": "àảãáạăằẳẵắặâầẩẫấậ",
    "e": "èẻẽéẹêềểễếệ",
    "i": "ìỉĩíị",
    "o": "òỏõóọôồổỗốộơờởỡớợ",
    "u": "ùủũúụưừửữứự",
    "y": "ỳỷỹýỵ",
}
ACCENTED_LOWER = "".join(VOWELS_BY_BASE.values()) + "đ"
ACCENTED_ALL = ACCENTED_LOWER + ACCENTED_LOWER.upper()


def by_collation(values):
    return sorted(values, key=collation_key)


def test_accented_letters_fixture_has_all_134():
    assert len(set(ACCENTED_ALL)) == 134


def test_normalize_text_nfd_becomes_nfc():
    result = normalize_text("Nguye\u0302\u0303n")

    assert result == "Nguyễn"
    assert result == "Nguy\u1ec5n"


def test_normalize_text_strips_and_collapses_whitespace():
    assert normalize_text("  Nguyễn \t Văn\n\nAn\u00a0 ") == "Nguyễn Văn An"


def test_normalize_text_removes_zero_width_and_control_characters():
    value = "\ufeffNguy\u200bễn\u200d Văn\x00 An\u202e\x07"

    assert normalize_text(value) == "Nguyễn Văn An"


def test_normalize_text_zero_width_between_letter_and_mark_still_composes():
    assert normalize_text("Tra\u200b\u0300n") == "Tr\u00e0n"


def test_normalize_text_keeps_vietnamese_letters_intact():
    assert normalize_text(ACCENTED_ALL) == ACCENTED_ALL


def test_normalize_text_empty_gives_empty():
    assert normalize_text("") == ""
    assert normalize_text(" \u200b\t ") == ""


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Nguyễn Văn An", "An"),
        ("Tôn Nữ Thị Ngọc Hân", "Hân"),
        ("  Lê   Minh  ", "Minh"),
        ("Nguye\u0302\u0303n Thi\u0323 Ha\u0300", "Hà"),
        ("Hiếu", "Hiếu"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_given_name_is_last_word(full_name, expected):
    assert given_name(full_name) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nguyễn Văn An", "nguyen van an"),
        ("Đặng Thị Ánh", "dang thi anh"),
        ("ĐẶNG THỊ ÁNH", "dang thi anh"),
        ("Nguye\u0302\u0303n  Va\u0306n An", "nguyen van an"),
        ("Trương Thị Ưng", "truong thi ung"),
        ("Phạm Quỳnh Hương", "pham quynh huong"),
        ("Hồ Sỹ Khiêm", "ho sy khiem"),
        ("Lê Thị Ngọc Bích", "le thi ngoc bich"),
        ("Võ Nguyên Giáp", "vo nguyen giap"),
        ("Tôn Thất Đạm", "ton that dam"),
        (" Vũ\u200b Ðức  Ơn ", "vu duc on"),
        ("nguyen van an", "nguyen van an"),
        ("", ""),
    ],
)
def test_search_key_strips_accents_and_case(value, expected):
    assert search_key(value) == expected


def test_search_key_every_accented_letter_reduces_to_its_base():
    expected = "".join(base * len(letters) for base, letters in VOWELS_BY_BASE.items()) + "d"

    assert search_key(ACCENTED_LOWER) == expected
    assert search_key(ACCENTED_LOWER.upper()) == expected


def test_search_key_old_and_new_tone_placement_match():
    assert search_key("Khánh Hoà") == search_key("Khánh Hòa") == "khanh hoa"


def test_search_key_nfd_and_nfc_agree():
    name = "Đặng Thị Ánh"

    assert search_key(unicodedata.normalize("NFD", name)) == search_key(name)


def test_collation_a_breve_circumflex_before_b():
    assert by_collation(["b", "â", "a", "ă"]) == ["a", "ă", "â", "b"]


def test_collation_d_before_d_stroke_before_e():
    assert by_collation(["e", "đ", "d"]) == ["d", "đ", "e"]


def test_collation_marked_vowels_follow_their_base():
    assert by_collation(["ê", "f", "e"]) == ["e", "ê", "f"]
    assert by_collation(["p", "ơ", "ô", "o"]) == ["o", "ô", "ơ", "p"]
    assert by_collation(["v", "ư", "u"]) == ["u", "ư", "v"]


def test_collation_vietnamese_alphabet_order():
    alphabet = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    shuffled = alphabet[:]
    random.Random(2025).shuffle(shuffled)

    assert by_collation(shuffled) == alphabet


def test_collation_tones_in_dictionary_order():
    # ngang < huyền < hỏi < ngã < sắc < nặng
    assert by_collation(["ạ", "á", "ã", "ả", "à", "a"]) == ["a", "à", "ả", "ã", "á", "ạ"]
    assert by_collation(["mạ", "má", "mã", "mả", "mà", "ma"]) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]


def test_collation_tone_only_breaks_ties_between_same_letters():
    assert by_collation(["Bạch", "Bà", "Ba"]) == ["Ba", "Bà", "Bạch"]
    assert by_collation(["Anh Tuấn", "Ánh", "Anh"]) == ["Anh", "Ánh", "Anh Tuấn"]


def test_collation_d_stroke_outranks_tone():
    assert by_collation(["Đạt", "Dũng"]) == ["Dũng", "Đạt"]


def test_collation_names_in_order():
    names = ["Dũng", "Ánh", "Bình", "An", "Đạt", "Ân", "Anh", "Ẩn"]

    assert by_collation(names) == ["An", "Anh", "Ánh", "Ân", "Ẩn", "Bình", "Dũng", "Đạt"]


def test_collation_primary_level_ignores_case():
    assert by_collation(["anh", "Ân", "AN", "an", "Anh"]) == ["an", "AN", "anh", "Anh", "Ân"]


def test_collation_space_sorts_before_letters():
    assert by_collation(["Nguyễn Văn Anh", "Nguyễn Văn An", "Nguyễn Vân"]) == [
        "Nguyễn Văn An",
        "Nguyễn Văn Anh",
        "Nguyễn Vân",
    ]


def test_collation_punctuation_and_digits_before_letters():
    assert by_collation(["a", "1", "'", "-", "a b"]) == ["-", "'", "1", "a", "a b"]


def test_collation_foreign_letters_slot_into_latin_order():
    assert by_collation(["Zoe", "Will", "John", "Fiona", "Ê"]) == [
        "Ê",
        "Fiona",
        "John",
        "Will",
        "Zoe",
    ]


def test_collation_nfd_and_nfc_give_same_key():
    name = "Nguyễn Thị Ánh"

    assert collation_key(unicodedata.normalize("NFD", name)) == collation_key(name)


def test_delegate_sort_key_orders_by_given_name_then_full_name():
    names = [
        "Đỗ Thu Hà",
        "Hoàng Minh Dũng",
        "Trần Thị Ánh",
        "Nguyễn Văn An",
        "Phạm Quốc Bình",
        "Ngô Thị Hà",
        "Trương Thiện Ân",
        "Đặng Văn Đạt",
        "Lê Minh Anh",
        "Bùi Văn An",
    ]

    result = sorted(names, key=delegate_sort_key)

    assert result == [
        "Bùi Văn An",
        "Nguyễn Văn An",
        "Lê Minh Anh",
        "Trần Thị Ánh",
        "Trương Thiện Ân",
        "Phạm Quốc Bình",
        "Hoàng Minh Dũng",
        "Đặng Văn Đạt",
        "Đỗ Thu Hà",
        "Ngô Thị Hà",
    ]


def test_delegate_sort_key_uses_overridden_given_name():
    delegates = [("John Smith", "John"), ("Nguyễn Văn Bình", None), ("Trần An", "")]

    result = sorted(delegates, key=lambda d: delegate_sort_key(d[0], given=d[1]))

    assert result == [("Trần An", ""), ("Nguyễn Văn Bình", None), ("John Smith", "John")]


def test_delegate_sort_key_is_pair_of_collation_keys():
    assert delegate_sort_key("Nguyễn Văn An") == (
        collation_key("An"),
        collation_key("Nguyễn Văn An"),
    )


@pytest.mark.postgres
@pytest.mark.django_db
def test_search_key_matches_postgresql_unaccent():
    values = [*ACCENTED_ALL, "Đặng Thị Ánh", "NGUYỄN VĂN AN", "Ðức"]
    with connection.cursor() as cursor:
        # unaccent is a trusted extension; creating it here is undone with the test transaction.
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cursor.execute("SELECT lower(unaccent(v)) FROM unnest(%s::text[]) AS v", [values])
        database_keys = [row[0] for row in cursor.fetchall()]

    assert database_keys == [search_key(value) for value in values]


@pytest.mark.postgres
@pytest.mark.django_db
def test_collation_key_matches_postgresql_icu():
    rng = random.Random(30122025)
    alphabet = ACCENTED_ALL + "aeiouyAEIOUY" + "bcdghklmnpqrstvxBCDGHKLMNPQRSTVX" + "fjwz  -'.09"
    values = [
        normalize_text("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))))
        for _ in range(2000)
    ]
    values = [value for value in values if value]
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT v FROM unnest(%s::text[]) AS v ORDER BY v COLLATE "vi-x-icu"', [values]
        )
        database_order = [row[0] for row in cursor.fetchall()]

    assert database_order == by_collation(values)
