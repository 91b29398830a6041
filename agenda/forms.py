"""Organisers' forms for the draft. Dates are typed day first (30/12/2025), times as 13:30, in
Hà Nội time; what a service must refuse is refused there too."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agenda.models import Room, SessionKind, Speaker, Track
from agenda.rules import session_window
from agenda.snapshot import VN
from checkin.models import Gate
from forum.fields import ModelMultipleChoiceField, NfcCharField
from registration.models import Honorific


class SessionForm(forms.Form):
    title = NfcCharField(label=_("Tiêu đề (tiếng Việt)"), max_length=300)
    title_en = NfcCharField(label=_("Tiêu đề (tiếng Anh)"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Loại phiên"), choices=SessionKind.choices)
    day = forms.DateField(
        label=_("Ngày"),
        help_text=_("Ngày/tháng/năm, ví dụ 30/12/2025."),
        widget=forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    start = forms.TimeField(
        label=_("Bắt đầu"),
        help_text=_("Giờ Hà Nội, ví dụ 13:30."),
        widget=forms.TimeInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    end = forms.TimeField(
        label=_("Kết thúc"),
        widget=forms.TimeInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    room = forms.ModelChoiceField(label=_("Phòng"), queryset=Room.objects.none(), required=False)
    track = forms.ModelChoiceField(
        label=_("Chuỗi phiên"), queryset=Track.objects.none(), required=False
    )
    seat_limit = forms.IntegerField(
        label=_("Giới hạn chỗ"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Để trống nếu không cần đăng ký giữ chỗ."),
    )
    speakers = ModelMultipleChoiceField(
        label=pgettext_lazy("plural", "Diễn giả"), queryset=Speaker.objects.none(), required=False
    )
    moderators = ModelMultipleChoiceField(
        label=_("Người điều phối"), queryset=Speaker.objects.none(), required=False
    )
    description = NfcCharField(
        label=_("Mô tả (tiếng Việt)"), required=False, max_length=8000, widget=forms.Textarea
    )
    description_en = NfcCharField(
        label=_("Mô tả (tiếng Anh)"), required=False, max_length=8000, widget=forms.Textarea
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["room"].queryset = Room.objects.filter(edition=edition)
        self.fields["track"].queryset = Track.objects.filter(edition=edition)
        people = Speaker.objects.filter(edition=edition).order_by("sort_key", "id")
        self.fields["speakers"].queryset = people
        self.fields["moderators"].queryset = people
        for name in ("speakers", "moderators"):
            self.fields[name].widget.attrs["size"] = 6
        for name in ("description", "description_en"):
            self.fields[name].widget.attrs["rows"] = 4

    @staticmethod
    def initial_from(session) -> dict:
        start = session.starts_at.astimezone(VN)
        end = session.ends_at.astimezone(VN)
        persons = list(session.persons.all())
        return {
            "title": session.title,
            "title_en": session.title_en,
            "kind": session.kind,
            "day": start.date(),
            "start": start.time(),
            "end": end.time(),
            "room": session.room_id,
            "track": session.track_id,
            "seat_limit": session.seat_limit,
            "speakers": [p.speaker_id for p in persons if p.role == "speaker"],
            "moderators": [p.speaker_id for p in persons if p.role == "moderator"],
            "description": session.description,
            "description_en": session.description_en,
            "revision": session.revision,
        }

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day is None or start is None or end is None:
            return data
        opens, closes = session_window(self.edition)
        if not (opens.astimezone(VN).date() <= day <= closes.astimezone(VN).date()):
            self.add_error(
                "day",
                _("Ngày phải trong khoảng %(start)s–%(end)s.")
                % {
                    "start": opens.astimezone(VN).strftime("%d/%m/%Y"),
                    "end": closes.astimezone(VN).strftime("%d/%m/%Y"),
                },
            )
            return data
        starts_at = dt.datetime.combine(day, start, VN)
        ends_at = dt.datetime.combine(day, end, VN)
        if ends_at <= starts_at:
            self.add_error("end", _("Giờ kết thúc phải sau giờ bắt đầu."))
        both = set(data.get("speakers") or []) & set(data.get("moderators") or [])
        if both:
            self.add_error(
                "moderators",
                _("Một người không thể vừa là diễn giả vừa là người điều phối của cùng một phiên."),
            )
        data["starts_at"], data["ends_at"] = starts_at, ends_at
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        keys = ("title", "title_en", "kind", "room", "track", "seat_limit", "description")
        return {
            **{key: data.get(key) for key in keys},
            "description_en": data.get("description_en", ""),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "speakers": list(data.get("speakers") or []),
            "moderators": list(data.get("moderators") or []),
        }


class RoomForm(forms.Form):
    name = NfcCharField(label=_("Tên phòng (tiếng Việt)"), max_length=120)
    name_en = NfcCharField(label=_("Tên phòng (tiếng Anh)"), max_length=120, required=False)
    capacity = forms.IntegerField(
        label=_("Sức chứa"), required=False, min_value=1, max_value=100_000
    )
    order = forms.IntegerField(label=_("Thứ tự"), required=False, min_value=0, max_value=999)
    gates = ModelMultipleChoiceField(
        label=_("Cổng check-in ở cửa phòng"),
        queryset=Gate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Trong giờ phiên giới hạn chỗ, quét thẻ ở các cổng này chỉ báo xanh cho đại biểu "
            "đã giữ chỗ."
        ),
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gates"].queryset = Gate.objects.filter(edition=edition).order_by("code")


class TrackForm(forms.Form):
    name = NfcCharField(label=_("Tên (tiếng Việt)"), max_length=120)
    name_en = NfcCharField(label=_("Tên (tiếng Anh)"), max_length=120, required=False)
    slug = forms.SlugField(
        label=_("Mã"),
        max_length=40,
        required=False,
        help_text=_("Chữ thường không dấu, số và gạch ngang; để trống để tạo từ tên."),
    )
    color = forms.RegexField(
        label=_("Màu"),
        regex=r"\A#[0-9a-fA-F]{6}\Z",  # \Z: "$" would let a final line break through
        initial="#0b3d91",
        widget=forms.TextInput(attrs={"type": "color"}),
        error_messages={"invalid": _("Màu dạng #rrggbb.")},
    )
    order = forms.IntegerField(label=_("Thứ tự"), required=False, min_value=0, max_value=999)


class SpeakerForm(forms.Form):
    full_name = NfcCharField(label=_("Họ và tên"), max_length=150)
    honorific = forms.ChoiceField(label=_("Danh xưng"), choices=Honorific.choices, required=False)
    position = NfcCharField(label=_("Chức vụ (tiếng Việt)"), max_length=200, required=False)
    position_en = NfcCharField(label=_("Chức vụ (tiếng Anh)"), max_length=200, required=False)
    organisation = NfcCharField(
        label=_("Cơ quan, đơn vị (tiếng Việt)"), max_length=300, required=False
    )
    organisation_en = NfcCharField(
        label=_("Cơ quan, đơn vị (tiếng Anh)"), max_length=300, required=False
    )
    bio = NfcCharField(
        label=_("Giới thiệu (tiếng Việt)"), max_length=4000, required=False, widget=forms.Textarea
    )
    bio_en = NfcCharField(
        label=_("Giới thiệu (tiếng Anh)"), max_length=4000, required=False, widget=forms.Textarea
    )
    photo = forms.FileField(
        label=_("Ảnh chân dung"),
        required=False,
        help_text=_("JPEG, PNG hoặc WebP, tối đa 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Xóa ảnh hiện tại"), required=False)
    delegate_email = forms.EmailField(
        label=_("Email đăng ký của diễn giả (nếu là đại biểu)"),
        required=False,
        help_text=_("Nối diễn giả với đăng ký đại biểu của họ; để trống nếu không có."),
    )


class PublishForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    note = NfcCharField(
        label=_("Ghi chú công khai cho phiên bản này"),
        max_length=500,
        required=False,
        help_text=_("Ví dụ: Phiên chuyên đề AI lùi 10 phút."),
    )
