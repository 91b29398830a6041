"""The delegate list: filters, counters, pages; its export as CSV or Excel."""

from django import forms
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from forum.spreadsheets import spreadsheet_download
from registration import selectors
from registration.access import edition_or_404, organiser_required
from registration.models import DelegateType, Registration
from registration.provinces import province_choices
from registration.services import exporting

PAGE_SIZE = 50
FILTER_KEYS = ("q", "status", "delegate_type", "province", "organisation", "sort")
Status = Registration.Status


class DelegateFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Tìm theo tên, đơn vị, email"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label=gettext_lazy("Trạng thái"), required=False, choices=())
    delegate_type = forms.ChoiceField(
        label=gettext_lazy("Loại đại biểu"), required=False, choices=()
    )
    province = forms.ChoiceField(label=gettext_lazy("Tỉnh, thành phố"), required=False, choices=())
    organisation = forms.CharField(
        label=gettext_lazy("Đơn vị có chứa"), required=False, max_length=100
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Sắp xếp"),
        required=False,
        choices=[
            ("name", gettext_lazy("Theo tên (A–Z)")),
            ("-created", gettext_lazy("Đăng ký mới nhất")),
            ("created", gettext_lazy("Đăng ký sớm nhất")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tất cả"))]
        self.fields["status"].choices = everything + list(Status.choices)
        self.fields["delegate_type"].choices = everything + list(DelegateType.choices)
        self.fields["province"].choices = everything + province_choices()

    def filters(self) -> dict:
        """The valid filters; a tampered value in one field is dropped, the others still apply."""
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}


def filters_from(query: QueryDict) -> tuple[DelegateFilterForm, dict]:
    form = DelegateFilterForm(query)
    return form, form.filters()


def filter_query(filters: dict) -> str:
    query = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        if filters.get(key):
            query[key] = filters[key]
    return query.urlencode()


@organiser_required
@require_GET
def delegate_list(request):
    edition = edition_or_404()
    form, filters = filters_from(request.GET)
    paginator = Paginator(selectors.delegate_list(edition=edition, filters=filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "edition": edition,
        "form": form,
        "page": page,
        "filter_query": filter_query(filters),
        "filtered": bool(set(filters) - {"sort"}),
    }
    if request.htmx:
        return render(request, "registration/organiser/delegate_list.html#results", context)
    context["counters"] = selectors.registration_counters(edition=edition)
    return render(request, "registration/organiser/delegate_list.html", context)


# --- Export -------------------------------------------------------------------------------------


def _export(request, kind: str):
    edition = edition_or_404()
    _form, filters = filters_from(request.GET)
    content = exporting.delegates_export(edition=edition, filters=filters, kind=kind)
    return spreadsheet_download(content, kind=kind, stem="dai-bieu")


@organiser_required
@require_GET
def delegate_export_csv(request):
    return _export(request, "csv")


@organiser_required
@require_GET
def delegate_export_xlsx(request):
    return _export(request, "xlsx")
