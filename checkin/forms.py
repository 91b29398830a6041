from django import forms
from django.utils.translation import gettext_lazy

from checkin.models import Gate
from checkin.selectors.gates import gates_open


class GateForm(forms.Form):
    code = forms.SlugField(
        label=gettext_lazy("Mã cổng"),
        max_length=20,
        help_text=gettext_lazy("Chữ thường không dấu, số và gạch ngang, ví dụ: cong-a, vip."),
    )
    name = forms.CharField(label=gettext_lazy("Tên cổng"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=Gate.Kind.choices)


class DeviceForm(forms.Form):
    gate = forms.ModelChoiceField(label=gettext_lazy("Cổng"), queryset=Gate.objects.none())
    name = forms.CharField(
        label=gettext_lazy("Tên thiết bị"),
        max_length=100,
        help_text=gettext_lazy("Ví dụ: Cổng A – máy 1."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Ngôn ngữ trên máy quét"),
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
        initial="vi",
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gate"].queryset = gates_open(edition=edition)
