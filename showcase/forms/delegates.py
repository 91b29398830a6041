"""The verification form a checked-in delegate fills in on the phone."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from showcase.forms.fields import TextField
from showcase.models import ClaimAnswer
from showcase.models.verifications import COMMENT_MAX

RATINGS = [
    ("5", pgettext_lazy("rating", "5 — Rất tốt")),
    ("4", pgettext_lazy("rating", "4 — Tốt")),
    ("3", pgettext_lazy("rating", "3 — Đạt")),
    ("2", pgettext_lazy("rating", "2 — Chưa tốt")),
    ("1", pgettext_lazy("rating", "1 — Kém")),
]


class VerificationForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Đánh giá chung"),
        choices=RATINGS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chấm từ 1 đến 5 sao.")},
    )
    comment = TextField(
        label=_("Nhận xét (không bắt buộc)"),
        help_text=_("Ban tổ chức duyệt nhận xét trước khi công khai; tên bạn không hiện ra."),
        paragraphs=True,
        rows=3,
        max_length=COMMENT_MAX,
    )

    def __init__(self, *args, claims, **kwargs):
        super().__init__(*args, **kwargs)
        self.claims = list(claims)
        for claim in self.claims:
            self.fields[f"claim_{claim.pk}"] = forms.ChoiceField(
                label=claim.display_text,
                choices=ClaimAnswer.Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Hãy chọn kết quả cho tuyên bố này.")},
            )
        # Claims first, in the demo's order, then the rating and the comment.
        self.order_fields([f"claim_{claim.pk}" for claim in self.claims])

    def claim_fields(self):
        return [self[f"claim_{claim.pk}"] for claim in self.claims]

    def answers(self) -> dict[int, str]:
        return {claim.pk: self.cleaned_data[f"claim_{claim.pk}"] for claim in self.claims}

    @staticmethod
    def initial_of(verification) -> dict:
        if verification is None:
            return {}
        initial = {"rating": str(verification.rating), "comment": verification.comment}
        for answer in verification.answers.all():
            initial[f"claim_{answer.claim_id}"] = answer.answer
        return initial
