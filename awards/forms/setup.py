"""Organisers' forms for the setup: the award, categories, rounds, rubric criteria, judges."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.forms.fields import DateTimeField
from awards.models import Award, Category, Criterion, Panel, Round
from awards.services.tax_codes import tax_code_clean

TEXTAREA = {"rows": 3}


class AwardForm(forms.ModelForm):
    submission_opens_at = DateTimeField(label=_("Mở nhận hồ sơ"))
    submission_closes_at = DateTimeField(
        label=_("Hạn nộp hồ sơ"),
        help_text=_("Doanh nghiệp sửa được hồ sơ đến hạn này. Ngày/tháng/năm giờ:phút."),
    )

    class Meta:
        model = Award
        fields = ["name", "name_en", "submission_opens_at", "submission_closes_at"]


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = [
            "code", "name", "name_en", "description", "description_en", "eligibility_notes",
            "eligibility_notes_en", "small_firms_only", "position",
        ]  # fmt: skip
        widgets = {
            field: forms.Textarea(attrs=TEXTAREA)
            for field in (
                "description", "description_en", "eligibility_notes", "eligibility_notes_en",
            )
        }  # fmt: skip
        help_texts = {"code": _("Chữ thường không dấu, số và gạch ngang, ví dụ: tiem-nang.")}

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.award = award
        self.fields["position"].required = False


class RoundForm(forms.ModelForm):
    opens_at = DateTimeField(label=_("Mở lúc"))
    closes_at = DateTimeField(label=_("Đóng lúc"))

    class Meta:
        model = Round
        fields = [
            "kind", "name", "name_en", "position", "opens_at", "closes_at", "judges_per_entry",
            "scores_visible", "blind", "panel_sees_all", "aggregate", "normalise",
            "disagreement_threshold", "shortlist_size",
        ]  # fmt: skip
        # "12,5" and "12.5" alike: Vietnamese types a decimal comma.
        localized_fields = ["disagreement_threshold"]
        widgets = {"disagreement_threshold": forms.TextInput(attrs={"inputmode": "decimal"})}

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.award = award
        self.fields["position"].required = False


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "name", "name_en", "guidance", "guidance_en", "weight", "max_score", "required",
            "independent", "position",
        ]  # fmt: skip
        widgets = {
            "guidance": forms.Textarea(attrs=TEXTAREA),
            "guidance_en": forms.Textarea(attrs=TEXTAREA),
            "weight": forms.TextInput(attrs={"inputmode": "decimal"}),
        }
        localized_fields = ["weight"]

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.round = round
        self.fields["position"].required = False


class PanelChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, panel):
        return f"{panel.round.display_name} — {panel.display_name}"


class JudgeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email tài khoản"),
        help_text=_(
            "Giám khảo cần có tài khoản; khi được thêm, tài khoản phải bật xác thực hai lớp."
        ),
    )
    title = forms.CharField(label=_("Học hàm, chức danh"), max_length=100, required=False)
    organisation = forms.CharField(label=_("Cơ quan, đơn vị"), max_length=300, required=False)
    tax_code = forms.CharField(
        label=_("Mã số thuế của đơn vị (nếu là doanh nghiệp)"),
        max_length=20,
        required=False,
        help_text=_("Dùng để tự động loại giám khảo khỏi hồ sơ của chính đơn vị mình."),
    )
    panels = PanelChoiceField(
        label=_("Tiểu ban, hội đồng"),
        queryset=Panel.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, award, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panels"].queryset = (
            Panel.objects.filter(round__award=award)
            .select_related("round", "category")
            .order_by("round__position", "category__position", "id")
        )
        if editing:
            del self.fields["email"]

    def clean_tax_code(self):
        return tax_code_clean(self.cleaned_data["tax_code"])

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["panels"] = [panel.pk for panel in data.get("panels", [])]
        data.pop("email", None)
        return data
