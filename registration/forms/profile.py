from django import forms
from django.core.validators import EMPTY_VALUES, MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField
from phonenumber_field.widgets import RegionalPhoneNumberWidget

from forum.phones import phone_parse
from registration.forms.text import (
    derived_given_name_fits,
    full_name_check,
    given_name_check,
    max_length_of,
    stored_text,
)
from registration.models import PROFILE_FIELDS, ConsentPurpose, DelegateType, Registration
from registration.provinces import province_choices, province_resolve

# Free text whose length limit counts the stored (normalised) characters, not those typed.
NORMALISED_FIELDS = ("full_name", "given_name", "position", "organisation", "needs")


class PhoneWidget(RegionalPhoneNumberWidget):
    """A refused number is shown again exactly as typed: the library would show "0912abc678" as
    "0912 222 678", reading the letters as keypad digits."""

    def format_value(self, value):
        if isinstance(value, str) and phone_parse(value, region=self.region) is None:
            return value
        return super().format_value(value)


class PhoneField(PhoneNumberField):
    """A phone number as people write it, read by forum.phones.phone_parse: letters are refused
    rather than read as keypad digits ("0912abc678" is a typo, not +84912222678)."""

    def to_python(self, value):
        if value in EMPTY_VALUES:
            return self.empty_value
        e164 = phone_parse(str(value), region=self.region)
        if e164 is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(e164)


class ProfileForm(forms.ModelForm):
    """The delegate's own data. Status and every other organiser field are not in the form, so a
    tampered POST cannot set them."""

    phone = PhoneField(
        label=_("Điện thoại"),
        region="VN",
        required=True,
        error_messages={"invalid": _("Số điện thoại không hợp lệ, ví dụ 0912 345 678.")},
        # Vietnamese numbers show as "0912 345 678" when the form is shown again.
        widget=PhoneWidget(region="VN", attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), choices=())

    class Meta:
        model = Registration
        fields = PROFILE_FIELDS
        labels = {
            "full_name": _("Họ và tên"),
            "given_name": _("Tên gọi (để sắp xếp và xưng hô)"),
        }
        help_texts = {
            "full_name": _("Viết đầy đủ, có dấu, ví dụ: Nguyễn Thị Thu Hà."),
            "given_name": _("Tự động lấy từ cuối họ tên; sửa nếu khác."),
            "needs": _("Ví dụ: xe lăn, ăn chay, dị ứng thực phẩm."),
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "position": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "needs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "—"), *province_choices()]
        # Old unit names (before 1/7/2025) are accepted and stored as the current unit.
        self.fields["province"].valid_value = lambda value: province_resolve(value) is not None
        self.fields["delegate_type"].choices = [("", "—"), *DelegateType.choices]
        self.fields["given_name"].required = False
        self.fields["position"].required = False
        for name in NORMALISED_FIELDS:
            # Checked after normalising instead (stored_text), and not cut short by the browser.
            field = self.fields[name]
            field.max_length = None
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs.pop("maxlength", None)

    def clean_full_name(self):
        value = stored_text(self.cleaned_data["full_name"], field="full_name")
        if len(value) < 2:
            raise forms.ValidationError(_("Vui lòng nhập họ và tên đầy đủ."))
        full_name_check(value)
        return value

    def clean_given_name(self):
        value = stored_text(self.cleaned_data.get("given_name"), field="given_name")
        given_name_check(value)
        return value

    def clean_position(self):
        return stored_text(self.cleaned_data.get("position"), field="position")

    def clean_organisation(self):
        value = stored_text(self.cleaned_data["organisation"], field="organisation")
        if not value:
            raise forms.ValidationError(_("Vui lòng nhập cơ quan, đơn vị."))
        return value

    def clean_needs(self):
        return stored_text(self.cleaned_data.get("needs"), field="needs")

    def clean(self):
        cleaned = super().clean()
        full_name = cleaned.get("full_name")
        if (
            full_name
            and "given_name" in cleaned
            and not cleaned["given_name"]
            and not derived_given_name_fits(full_name)
        ):
            self.add_error(
                "given_name",
                _(
                    "Chữ cuối của họ và tên dài quá %(max)d ký tự nên không dùng làm tên gọi "
                    "được. Hãy nhập tên gọi ngắn hơn."
                )
                % {"max": max_length_of("given_name")},
            )
        return cleaned

    def clean_province(self):
        resolved = province_resolve(self.cleaned_data["province"])
        if resolved is None:
            raise forms.ValidationError(_("Hãy chọn tỉnh, thành phố trong danh sách."))
        return resolved


class RegistrationForm(ProfileForm):
    """Sign-up form: the profile plus consent per purpose (all unticked by default)."""

    consent_administration = forms.BooleanField(
        label=ConsentPurpose.ADMINISTRATION.label,
        required=True,
        error_messages={"required": _("Cần đồng ý xử lý dữ liệu để tổ chức sự kiện và check-in.")},
    )
    consent_press_photos = forms.BooleanField(
        label=ConsentPurpose.PRESS_PHOTOS.label, required=False
    )
    consent_security_sharing = forms.BooleanField(
        label=ConsentPurpose.SECURITY_SHARING.label, required=False
    )
    consent_newsletter = forms.BooleanField(label=ConsentPurpose.NEWSLETTER.label, required=False)
    invitation_code = forms.CharField(
        label=_("Mã mời (nếu có)"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def consents(self) -> dict[str, bool]:
        return {
            purpose: bool(self.cleaned_data.get(f"consent_{purpose}"))
            for purpose in ConsentPurpose.values
        }


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
