"""Realistic Vietnamese demo people: names, organisations, positions. Deterministic per seed."""

import random
from dataclasses import dataclass

SURNAMES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 3),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trịnh", 1),
    ("Đoàn", 1),
    ("Lương", 1),
]
MIDDLE_MALE = [
    "Văn",
    "Đức",
    "Minh",
    "Quang",
    "Hữu",
    "Thanh",
    "Xuân",
    "Hoàng",
    "Công",
    "Anh",
    "Trọng",
    "Quốc",
    "Tuấn",
    "Ngọc",
    "Bá",
    "Đình",
]
MIDDLE_FEMALE = [
    "Thị",
    "Thu",
    "Ngọc",
    "Thanh",
    "Minh",
    "Hồng",
    "Phương",
    "Kim",
    "Bích",
    "Mai",
    "Diệu",
    "Khánh",
    "Thúy",
    "Hải",
]
GIVEN_MALE = [
    "An",
    "Anh",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Đức",
    "Giang",
    "Hải",
    "Hiếu",
    "Hùng",
    "Huy",
    "Khánh",
    "Khoa",
    "Lâm",
    "Long",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Toàn",
    "Trung",
    "Tú",
    "Tuấn",
    "Việt",
    "Vinh",
    "Vũ",
    "Ắng",
    "Ân",
    "Đăng",
]
GIVEN_FEMALE = [
    "An",
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quỳnh",
    "Tâm",
    "Thảo",
    "Thủy",
    "Trang",
    "Uyên",
    "Vân",
    "Yến",
    "Ánh",
    "Âu",
]

ENTERPRISES = [
    "Tập đoàn Công nghiệp – Viễn thông Quân đội (Viettel)",
    "Công ty Cổ phần FPT",
    "Tập đoàn Bưu chính Viễn thông Việt Nam (VNPT)",
    "Tập đoàn Công nghệ CMC",
    "Công ty Cổ phần MISA",
    "Công ty Cổ phần VNG",
    "Công ty Cổ phần BKAV",
    "Công ty Cổ phần Base Enterprise",
    "Công ty Cổ phần Giải pháp Thanh toán Việt Nam (VNPAY)",
    "Công ty Cổ phần Dịch vụ Di động Trực tuyến (MoMo)",
    "Công ty Cổ phần Công nghệ Sapo",
    "Công ty TNHH Phần mềm Nhân Hòa",
    "Công ty Cổ phần Giải pháp Y tế Thông minh Việt",
    "Công ty Cổ phần Công nghệ Nông nghiệp Số Mekong",
    "Công ty TNHH Robot Sông Hồng",
    "Công ty Cổ phần Thiết bị bay không người lái Sao Việt",
    "Công ty Cổ phần Bán dẫn Lạc Hồng",
]
GOVERNMENT = [
    "Bộ Khoa học và Công nghệ",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Y tế",
    "Bộ Giáo dục và Đào tạo",
    "Văn phòng Chính phủ",
    "UBND Thành phố Hà Nội",
    "UBND Thành phố Hồ Chí Minh",
    "Sở Khoa học và Công nghệ Đà Nẵng",
    "Sở Khoa học và Công nghệ Quảng Ninh",
    "UBND tỉnh Nghệ An",
]
ASSOCIATIONS = [
    "Hiệp hội Phần mềm và Dịch vụ CNTT Việt Nam (VINASA)",
    "Hội Tin học Việt Nam",
    "Hiệp hội Thương mại điện tử Việt Nam",
    "Hiệp hội An ninh mạng quốc gia",
]
RESEARCH = [
    "Đại học Quốc gia Hà Nội",
    "Đại học Bách khoa Hà Nội",
    "Đại học Quốc gia TP. Hồ Chí Minh",
    "Học viện Công nghệ Bưu chính Viễn thông",
    "Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
    "Đại học Đà Nẵng",
]
PRESS = [
    "Báo Nhân Dân",
    "Đài Truyền hình Việt Nam (VTV)",
    "Báo VnExpress",
    "Báo Tuổi Trẻ",
    "Thông tấn xã Việt Nam",
    "Báo VietNamNet",
]
INTERNATIONAL = [
    "JICA Việt Nam",
    "Đại sứ quán Hàn Quốc",
    "Ngân hàng Thế giới tại Việt Nam",
    "UNDP Việt Nam",
]

POSITIONS = {
    "government": [
        "Thứ trưởng",
        "Vụ trưởng",
        "Phó Vụ trưởng",
        "Cục trưởng",
        "Giám đốc Sở",
        "Chuyên viên chính",
        "Phó Chủ tịch UBND",
    ],
    "enterprise": [
        "Chủ tịch HĐQT",
        "Tổng Giám đốc",
        "Giám đốc Công nghệ",
        "Trưởng phòng Sản phẩm",
        "Kỹ sư trưởng",
        "Nhà sáng lập",
        "Giám đốc Kinh doanh",
    ],
    "association": ["Chủ tịch", "Phó Chủ tịch", "Tổng Thư ký", "Hội viên"],
    "research": ["Giáo sư", "Phó Giáo sư", "Giảng viên", "Viện trưởng", "Nghiên cứu viên"],
    "press": ["Phóng viên", "Biên tập viên", "Quay phim"],
    "international": ["Trưởng đại diện", "Tham tán", "Chuyên gia"],
}
ORGANISATIONS = {
    "government": GOVERNMENT,
    "enterprise": ENTERPRISES,
    "association": ASSOCIATIONS,
    "research": RESEARCH,
    "press": PRESS,
    "international": INTERNATIONAL,
}
TYPE_WEIGHTS = [
    ("enterprise", 55),
    ("government", 18),
    ("research", 10),
    ("association", 7),
    ("press", 6),
    ("international", 4),
]
PROVINCE_WEIGHTS = [
    ("Thành phố Hà Nội", 50),
    ("Thành phố Hồ Chí Minh", 22),
    ("Thành phố Đà Nẵng", 7),
    ("Thành phố Hải Phòng", 4),
    ("Quảng Ninh", 2),
    ("Bắc Ninh", 3),
    ("Nghệ An", 2),
    ("Thành phố Cần Thơ", 2),
    ("Khánh Hòa", 2),
    ("Thái Nguyên", 2),
    ("Thành phố Huế", 2),
    ("Nước ngoài", 2),
]


@dataclass(frozen=True)
class DemoPerson:
    full_name: str
    honorific: str
    delegate_type: str
    organisation: str
    position: str
    province: str
    phone: str


def _weighted(rng: random.Random, pairs):
    names, weights = zip(*pairs, strict=True)
    return rng.choices(names, weights=weights, k=1)[0]


def demo_person(index: int, *, seed: int = 2025) -> DemoPerson:
    """The index-th synthetic delegate: same index, same person, on every machine."""
    rng = random.Random(seed * 100_003 + index)
    female = rng.random() < 0.45
    surname = _weighted(rng, SURNAMES)
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    full_name = f"{surname} {middle} {given}"
    delegate_type = _weighted(rng, TYPE_WEIGHTS)
    organisation = rng.choice(ORGANISATIONS[delegate_type])
    position = rng.choice(POSITIONS[delegate_type])
    honorific = "Bà" if female else "Ông"
    if position in ("Giáo sư", "Phó Giáo sư"):
        honorific = "GS." if position == "Giáo sư" else "PGS."
    elif delegate_type == "research" and rng.random() < 0.5:
        honorific = "TS."
    province = _weighted(rng, PROVINCE_WEIGHTS)
    if delegate_type == "international":
        province = "Nước ngoài"
    phone = f"+849{rng.randint(10_000_000, 99_999_999)}"
    return DemoPerson(full_name, honorific, delegate_type, organisation, position, province, phone)
