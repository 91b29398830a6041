"""The jury's spreadsheet of a round: every counted sheet (conflicted pairs never appear) with
its scores, beside the entry's rank and aggregates."""

from django.utils.translation import gettext as _

from awards.models import Round
from awards.selectors.ranking import round_score_rows
from forum.spreadsheets import xlsx_bytes


def _number(value):
    return round(value, 2) if value is not None else None


def round_scores_xlsx(*, round: Round) -> bytes:
    data = round_score_rows(round=round)
    criteria = data["criteria"]
    headers = [
        _("Hạng mục"), _("Hạng"), _("Sản phẩm"), _("Doanh nghiệp"), _("Trung bình"),
        _("Trung vị"), _("Độ lệch chuẩn"), _("Giám khảo chênh lệch"), _("Số phiếu"),
        _("Giám khảo"), _("Tổng điểm phiếu"),
        *[criterion.display_name for criterion in criteria],
        _("Nhận xét"),
    ]  # fmt: skip
    rows = []
    for row in data["rows"]:
        nomination = row["entry"].nomination
        result = row["result"]
        rows.append(
            [
                nomination.category.display_name,
                result.rank,
                nomination.product_name,
                nomination.company_name,
                _number(result.mean),
                _number(result.median),
                _number(result.sd),
                _("Có") if result.disagree else "",
                result.sheets,
                str(row["judge"]) if row["judge"] else "",
                _number(row["total"]),
                *[_number(value) for value in row["scores"]],
                row["comment"],
            ]
        )
    widths = (28, 6, 32, 32, 10, 10, 10, 10, 8, 26, 10, *(12 for _c in criteria), 40)
    number_formats = dict.fromkeys((4, 5, 6, 10), "0.00")
    title = "".join(ch for ch in round.display_name if ch not in "[]:*?/\\")[:31] or "Scores"
    return xlsx_bytes(
        title=title,
        headers=headers,
        rows=rows,
        widths=widths[:26],
        number_formats=number_formats,
        auto_filter=True,
    )
