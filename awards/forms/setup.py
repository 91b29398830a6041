"""Organisers' forms for the setup: the award, categories, rounds, rubric criteria, judges."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from awards.forms.fields import DateTimeField
from awards.models import Award, Category, Criterion, Panel, Round
from awards.services.tax_codes import tax_code_clean
from forum.fields import ModelMultipleChoiceField, NfcCharField, nfc_formfield

TEXTAREA = {"rows": 3}


def _bounded(field, low, high=None) -> None:
    """The model's CHECK constraint as the field's own limits: refused under the field with
    Django's translated message rather than as an unnamed constraint violated."""
    field.validators.append(MinValueValidator(low))
    field.widget.attrs["min"] = low
    if high is not None:
        field.validators.append(MaxValueValidator(high))
        field.widget.attrs["max"] = high


def _ordered(form, opens: str, closes: str, message) -> None:
    start, end = form.cleaned_data.get(opens), form.cleaned_data.get(closes)
    if start and end and end <= start:
        form.add_error(closes, message)


class AwardForm(forms.ModelForm):
    submission_opens_at = DateTimeField(label=_("Mở nhận hồ sơ"))
    submission_closes_at = DateTimeField(
        label=_("Hạn nộp hồ sơ"),
        help_text=_("Doanh nghiệp sửa được hồ sơ đến hạn này. Ngày/tháng/năm giờ:phút."),
    )

    class Meta:
        model = Award
        formfield_callback = nfc_formfield
        fields = ["name", "name_en", "submission_opens_at", "submission_closes_at"]

    def clean(self):
        data = super().clean()
        _ordered(
            self,
            "submission_opens_at",
            "submission_closes_at",
            _("Hạn nộp hồ sơ phải sau lúc mở nhận hồ sơ."),
        )
        return data


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        formfield_callback = nfc_formfield
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
        formfield_callback = nfc_formfield
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
        _bounded(self.fields["judges_per_entry"], 1, 50)
        _bounded(self.fields["disagreement_threshold"], 0)

    def clean(self):
        data = super().clean()
        _ordered(self, "opens_at", "closes_at", _("Giờ đóng phải sau giờ mở."))
        screening = Round.Kind.SCREENING
        if (
            data.get("kind") == screening
            and Round.objects.filter(award=self.instance.award, kind=screening)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("kind", _("Giải thưởng đã có một vòng sàng lọc."))
        return data


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        formfield_callback = nfc_formfield
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
        _bounded(self.fields["max_score"], 1, 1000)

    def clean_weight(self):
        weight = self.cleaned_data.get("weight")
        if weight is not None and weight <= 0:
            raise forms.ValidationError(_("Trọng số phải lớn hơn 0."), code="weight")
        return weight


class PanelChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, panel):
        return f"{panel.round.display_name} — {panel.display_name}"


class JudgeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email tài khoản"),
        help_text=_(
            "Giám khảo cần có tài khoản; khi được thêm, tài khoản phải bật xác thực hai lớp."
        ),
    )
    title = NfcCharField(label=_("Học hàm, chức danh"), max_length=100, required=False)
    organisation = NfcCharField(label=_("Cơ quan, đơn vị"), max_length=300, required=False)
    tax_code = NfcCharField(
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
