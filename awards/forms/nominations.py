"""Enterprises' nomination form, attachments, and the organisers' screening and list filters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField
from phonenumber_field.widgets import RegionalPhoneNumberWidget

from awards.models import Category, Nomination
from awards.services.tax_codes import tax_code_clean
from forum.fields import NfcCharField, nfc_formfield

LONG_TEXT = {"rows": 5}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class NominationForm(forms.ModelForm):
    contact_phone = PhoneNumberField(
        label=_("Điện thoại liên hệ"),
        region="VN",
        required=False,
        error_messages={"invalid": _("Số điện thoại không hợp lệ, ví dụ 0912 345 678.")},
        widget=RegionalPhoneNumberWidget(
            region="VN", attrs={"autocomplete": "tel", "inputmode": "tel"}
        ),
    )

    class Meta:
        model = Nomination
        formfield_callback = nfc_formfield
        fields = [
            "category", "company_name", "tax_code", "company_size", "is_startup",
            "foreign_invested", "vietnamese_ownership_declared", "contact_name",
            "contact_phone", "contact_email", "product_name", "description", "technology",
            "users_customers", "market", "evidence", "demo_video_url",
        ]  # fmt: skip
        widgets = {
            field: forms.Textarea(attrs=LONG_TEXT)
            for field in ("description", "technology", "users_customers", "market", "evidence")
        }
        help_texts = {
            "tax_code": _("10 chữ số, hoặc 10 chữ số, gạch ngang, 3 chữ số với chi nhánh."),
            "vietnamese_ownership_declared": _(
                "Bắt buộc với doanh nghiệp có vốn đầu tư nước ngoài: nhà đầu tư Việt Nam sở "
                "hữu từ 51% vốn điều lệ trở lên."
            ),
            "evidence": _("Số người dùng, khách hàng tiêu biểu, hợp đồng, giải thưởng…"),
            "demo_video_url": _("Đường dẫn https:// tới video (YouTube, Google Drive…)."),
            "users_customers": _("Ai đang dùng sản phẩm, bao nhiêu người dùng."),
        }

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.award = award
        self.fields["category"].queryset = Category.objects.filter(award=award)
        self.fields["category"].label_from_instance = lambda category: category.display_name
        self.fields["company_size"].choices = [("", "—"), *Nomination.Size.choices]
        for field in ("company_name", "product_name"):
            self.fields[field].widget.attrs["autocomplete"] = "off"
        self.fields["company_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["demo_video_url"].widget.attrs["placeholder"] = "https://"

    def clean_tax_code(self):
        return tax_code_clean(self.cleaned_data.get("tax_code", ""))

    def clean_demo_video_url(self):
        url = self.cleaned_data.get("demo_video_url", "")
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("Đường dẫn phải bắt đầu bằng https://."))
        return url

    def clean(self):
        data = super().clean()
        if data.get("foreign_invested") and not data.get("vietnamese_ownership_declared"):
            self.add_error(
                "vietnamese_ownership_declared",
                _(
                    "Doanh nghiệp có vốn đầu tư nước ngoài cần cam kết tỷ lệ sở hữu của nhà đầu "
                    "tư Việt Nam từ 51% trở lên."
                ),
            )
        return data

    def validate_unique(self):
        """The service checks duplicates with the derived keys (and says so clearly)."""

    def validate_constraints(self):
        """Checked by the service once the derived fields are set."""

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("contact_phone") in (None, ""):
            data["contact_phone"] = ""
        return data


class MultipleFileField(forms.FileField):
    """Several files at once. Each is checked by the service on its own, so that an empty or
    refused file is reported by name and never stops the others."""

    widget = MultipleFileInput(attrs={"accept": "application/pdf,.pdf"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [item for item in files if item is not None and getattr(item, "name", None)]
        if not files:
            raise forms.ValidationError(_("Hãy chọn ít nhất một tệp PDF."), code="required")
        return files


class AttachmentForm(forms.Form):
    files = MultipleFileField(label=_("Tệp PDF (mỗi tệp tối đa 10 MB)"))


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Kết quả sàng lọc"),
        choices=[
            ("eligible", Nomination.Eligibility.ELIGIBLE.label),
            ("ineligible", Nomination.Eligibility.INELIGIBLE.label),
        ],
        widget=forms.RadioSelect,
    )
    reason = NfcCharField(
        label=_("Lý do (bắt buộc khi không hợp lệ; được gửi cho doanh nghiệp)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "ineligible" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Cần nêu lý do hồ sơ không hợp lệ."))
        return data


class NominationFilterForm(forms.Form):
    q = NfcCharField(
        label=_("Tìm theo doanh nghiệp, sản phẩm, mã số thuế"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    category = forms.ModelChoiceField(
        label=_("Hạng mục"), queryset=Category.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=())
    eligibility = forms.ChoiceField(label=_("Sàng lọc"), required=False, choices=())

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(award=award)
        self.fields["category"].label_from_instance = lambda category: category.display_name
        everything = [("", _("Tất cả"))]
        self.fields["status"].choices = everything + list(Nomination.Status.choices)
        self.fields["eligibility"].choices = everything + list(Nomination.Eligibility.choices)

    def filters(self) -> dict:
        """The valid filters; a tampered value in one field is dropped, the others apply."""
        self.is_valid()
        data = {key: value for key, value in self.cleaned_data.items() if value}
        if "category" in data:
            data["category"] = data["category"].pk
        return data
