"""What organisers fill in: a problem, a decision, a demo's place."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from showcase.forms.fields import DateTimeField, TextField
from showcase.models.demos import STATION_MAX
from showcase.models.problems import PROBLEM_NUMBER_MAX
from showcase.selectors.commitments import technology_groups
from showcase.selectors.links import sessions_for_stage


def session_label(session) -> str:
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    label = f"{start:%H:%M}–{end:%H:%M} {start:%d/%m} · {session.display_title}"
    return f"{label} ({session.room.display_name})" if session.room else label


class ProblemForm(forms.Form):
    number = forms.IntegerField(label=_("Số thứ tự"), min_value=1, max_value=PROBLEM_NUMBER_MAX)
    title = TextField(label=_("Tên bài toán"), max_length=300, required=True)
    title_en = TextField(label=_("Tên bài toán (tiếng Anh)"), max_length=300)
    description = TextField(label=_("Mô tả"), paragraphs=True, max_length=4000)
    description_en = TextField(label=_("Mô tả (tiếng Anh)"), paragraphs=True, max_length=4000)
    agency = TextField(label=_("Cơ quan đặt bài toán"), max_length=300)
    agency_en = TextField(label=_("Cơ quan đặt bài toán (tiếng Anh)"), max_length=300)
    sector = TextField(label=_("Lĩnh vực"), max_length=200)
    sector_en = TextField(label=_("Lĩnh vực (tiếng Anh)"), max_length=200)
    technology_group = forms.ModelChoiceField(
        label=_("Nhóm công nghệ chiến lược"), queryset=None, required=False
    )
    is_sample = forms.BooleanField(
        label=_("Bài toán mẫu (dữ liệu thử, hiện nhãn “mẫu”)"), required=False
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technology_group"].queryset = technology_groups(edition=edition)

    @staticmethod
    def initial_of(problem) -> dict:
        fields = [name for name in ProblemForm.base_fields if name != "technology_group"]
        return {name: getattr(problem, name) for name in fields} | {
            "technology_group": problem.technology_group_id
        }


class DecisionForm(forms.Form):
    """Approve, or refuse with a reason (the button pressed says which)."""

    reason = TextField(
        label=_("Lý do không duyệt"),
        help_text=_("Doanh nghiệp sẽ thấy lý do này."),
        paragraphs=True,
        rows=2,
        max_length=1000,
    )


class PlacementForm(forms.Form):
    station = forms.IntegerField(
        label=_("Số gian"), min_value=1, max_value=STATION_MAX, required=False
    )
    stage_session = forms.TypedChoiceField(
        label=_("Phiên trong chương trình"),
        help_text=_("Giờ trên sân khấu nằm trong phiên; để trống giờ thì lấy cả phiên."),
        coerce=int,
        empty_value=None,
        required=False,
    )
    stage_starts_at = DateTimeField(label=_("Lên sân khấu lúc"), required=False)
    stage_ends_at = DateTimeField(label=_("Rời sân khấu lúc"), required=False)
    stage_place = TextField(
        label=_("Sân khấu"), max_length=120, help_text=_("Để trống nếu chỉ có một sân khấu.")
    )
    stage_place_en = TextField(label=_("Sân khấu (tiếng Anh)"), max_length=120)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage_session"].choices = [("", _("Không gắn với phiên nào"))] + [
            (session.pk, session_label(session)) for session in sessions_for_stage(edition=edition)
        ]

    @staticmethod
    def initial_of(demo) -> dict:
        return {
            "stage_session": demo.stage_session_id,
            "station": demo.station,
            "stage_starts_at": demo.stage_starts_at,
            "stage_ends_at": demo.stage_ends_at,
            "stage_place": demo.stage_place,
            "stage_place_en": demo.stage_place_en,
        }
