"""What an enterprise fills in: its profile, a demo, a commitment, a progress update."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from showcase.checks import evidence_urls, tax_code_compact, tax_code_display
from showcase.forms.fields import DateField, TextField
from showcase.models import CommitmentUpdate
from showcase.models.demos import CLAIMS_MAX
from showcase.selectors.commitments import technology_groups
from showcase.selectors.demos import problems_of
from showcase.selectors.links import nominations_of_enterprise


class EnterpriseForm(forms.Form):
    name = TextField(label=_("Tên doanh nghiệp"), max_length=300, required=True)
    name_en = TextField(label=_("Tên tiếng Anh"), max_length=300)
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=20,
        help_text=_("10 chữ số, hoặc 13 chữ số với chi nhánh (0100109106-001)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    website = forms.URLField(
        label=_("Trang web"), max_length=300, required=False, assume_scheme="https"
    )

    def clean_tax_code(self):
        return tax_code_compact(self.cleaned_data["tax_code"])

    @staticmethod
    def initial_of(enterprise) -> dict:
        return {
            "name": enterprise.name,
            "name_en": enterprise.name_en,
            "tax_code": tax_code_display(enterprise.tax_code),
            "website": enterprise.website,
        }


class ProblemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.display_title}"


class DemoForm(forms.Form):
    problem = ProblemChoiceField(label=_("Bài toán"), queryset=None)
    product = TextField(label=_("Tên sản phẩm"), max_length=200, required=True)
    product_en = TextField(label=_("Tên sản phẩm (tiếng Anh)"), max_length=200)
    demonstration = TextField(
        label=_("Nội dung trình diễn"),
        help_text=_("Đại biểu sẽ xem và chạm vào gì tại gian, sản phẩm giải bài toán thế nào."),
        paragraphs=True,
        max_length=2000,
        required=True,
    )
    demonstration_en = TextField(
        label=_("Nội dung trình diễn (tiếng Anh)"), paragraphs=True, max_length=2000
    )
    evidence = forms.CharField(
        label=_("Bằng chứng (mỗi dòng một địa chỉ web)"),
        help_text=_("Báo cáo thử nghiệm, chứng nhận, bài báo; tối đa 5 địa chỉ."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "inputmode": "url"}),
    )

    def __init__(self, *args, edition, enterprise=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].queryset = problems_of(edition=edition)
        nominations = nominations_of_enterprise(enterprise=enterprise, edition=edition)
        self.fields["nomination"] = forms.TypedChoiceField(
            label=_("Hồ sơ đề cử Giải thưởng Make in Viet Nam"),
            help_text=_("Nếu sản phẩm này đã nộp hồ sơ đề cử giải thưởng năm nay."),
            choices=[("", _("Không có"))]
            + [(n.pk, f"{n.product_name} — {n.category}") for n in nominations],
            coerce=int,
            empty_value=None,
            required=False,
        )
        for number in range(1, CLAIMS_MAX + 1):
            self.fields[f"claim_{number}"] = TextField(
                label=_("Tuyên bố %(number)s") % {"number": number},
                max_length=300,
                required=number == 1,
                help_text=_("Ví dụ: giao 2 kg hàng trên quãng đường 5 km trong 15 phút.")
                if number == 1
                else "",
            )
            self.fields[f"claim_{number}_en"] = TextField(
                label=_("Tuyên bố %(number)s (tiếng Anh)") % {"number": number}, max_length=300
            )

    def claim_rows(self):
        """(Vietnamese field, English field) per claim, for the template."""
        return [
            (self[f"claim_{number}"], self[f"claim_{number}_en"])
            for number in range(1, CLAIMS_MAX + 1)
        ]

    def clean_evidence(self):
        return evidence_urls(self.cleaned_data["evidence"])

    def clean(self):
        cleaned = super().clean()
        for number in range(1, CLAIMS_MAX + 1):
            if cleaned.get(f"claim_{number}_en") and not cleaned.get(f"claim_{number}"):
                self.add_error(f"claim_{number}", _("Cần nội dung tiếng Việt."))
        return cleaned

    def demo_data(self) -> dict:
        """The demo's own fields (claims and evidence apart)."""
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key != "evidence" and not key.startswith("claim_")
        }

    def claims(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"claim_{n}"], self.cleaned_data[f"claim_{n}_en"])
            for n in range(1, CLAIMS_MAX + 1)
        ]

    @staticmethod
    def initial_of(demo) -> dict:
        initial = {
            "problem": demo.problem_id,
            "product": demo.product,
            "product_en": demo.product_en,
            "demonstration": demo.demonstration,
            "demonstration_en": demo.demonstration_en,
            "evidence": "\n".join(link.url for link in demo.evidence.all()),
            "nomination": demo.nomination_id,
        }
        for number, claim in enumerate(demo.claims.all(), start=1):
            initial[f"claim_{number}"] = claim.text
            initial[f"claim_{number}_en"] = claim.text_en
        return initial


class CommitmentForm(forms.Form):
    task = TextField(
        label=_("Nhiệm vụ"),
        help_text=_("Nhiệm vụ quốc gia doanh nghiệp nhận thực hiện."),
        paragraphs=True,
        rows=3,
        max_length=1000,
        required=True,
    )
    task_en = TextField(label=_("Nhiệm vụ (tiếng Anh)"), paragraphs=True, rows=3, max_length=1000)
    target = TextField(
        label=_("Chỉ tiêu đo được"),
        help_text=_("Ví dụ: 500 xã dùng trợ lý pháp luật vào cuối năm."),
        paragraphs=True,
        rows=2,
        max_length=500,
        required=True,
    )
    target_en = TextField(
        label=_("Chỉ tiêu đo được (tiếng Anh)"), paragraphs=True, rows=2, max_length=500
    )
    deadline_year = forms.IntegerField(label=_("Năm hoàn thành"))
    problem = ProblemChoiceField(label=_("Bài toán"), queryset=None, required=False)
    technology_group = forms.ModelChoiceField(
        label=_("Nhóm công nghệ chiến lược"), queryset=None, required=False
    )
    signatory_name = TextField(label=_("Người ký cam kết"), max_length=150, required=True)
    signatory_position = TextField(label=_("Chức vụ người ký"), max_length=200, required=True)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localtime(edition.starts_at).year
        self.fields["deadline_year"].min_value = year
        self.fields["deadline_year"].widget.attrs.update({"min": year, "max": year + 15})
        self.fields["deadline_year"].help_text = _("Từ %(first)s đến %(last)s.") % {
            "first": year,
            "last": year + 15,
        }
        self.fields["problem"].queryset = problems_of(edition=edition)
        self.fields["technology_group"].queryset = technology_groups(edition=edition)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("problem") and not cleaned.get("technology_group"):
            self.add_error(
                "problem",
                _("Hãy gắn cam kết với một bài toán hoặc một nhóm công nghệ chiến lược."),
            )
        return cleaned

    @staticmethod
    def initial_of(commitment) -> dict:
        fields = (
            "task",
            "task_en",
            "target",
            "target_en",
            "deadline_year",
            "problem",
            "technology_group",
            "signatory_name",
            "signatory_position",
        )
        return {field: getattr(commitment, field) for field in fields}


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Tiến độ"), choices=CommitmentUpdate.Progress.choices)
    on = DateField(label=_("Tính đến ngày"))
    note = TextField(label=_("Ghi chú"), paragraphs=True, rows=3, max_length=1000)
