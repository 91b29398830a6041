"""Organiser pages for what sessions are made of: rooms (and the gates at their doors),
tracks, speakers."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agenda.forms import RoomForm, SpeakerForm, TrackForm
from agenda.selectors.drafts import (
    room_of_edition,
    rooms_of_edition,
    speaker_of_edition,
    speakers_of_edition,
    track_of_edition,
    tracks_of_edition,
)
from agenda.services import editing
from agenda.services import speakers as speaker_service
from forum.errors import ServiceError
from registration.access import edition_or_404, organiser_required


def _form_error(form, exc: ServiceError, field=None):
    form.add_error(field, exc.message)


@organiser_required
@require_http_methods(["GET", "POST"])
def rooms(request, room_id: int | None = None):
    edition = edition_or_404()
    room = None
    if room_id is not None:
        room = room_of_edition(edition=edition, room_id=room_id)
        if room is None:
            raise Http404
    initial = {}
    if room:
        initial = {
            "name": room.name,
            "name_en": room.name_en,
            "capacity": room.capacity,
            "order": room.order,
            "gates": [link.gate_id for link in room.gate_links.all()],
        }
    form = RoomForm(request.POST or None, edition=edition, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = editing.room_save(
                edition=edition,
                data=data,
                room_id=room.pk if room else None,
                gate_ids=[gate.pk for gate in data["gates"]],
            )
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu phòng “%(name)s”.") % {"name": saved.name})
            return redirect("agenda:organiser_rooms")
    return render(
        request,
        "agenda/organiser/room_list.html",
        {
            "edition": edition,
            "form": form,
            "room": room,
            "rooms": rooms_of_edition(edition=edition),
        },
        status=400 if form.errors else 200,
    )


@organiser_required
@require_POST
def room_delete(request, room_id: int):
    edition = edition_or_404()
    try:
        editing.room_delete(edition=edition, room_id=room_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa phòng."))
    return redirect("agenda:organiser_rooms")


@organiser_required
@require_http_methods(["GET", "POST"])
def tracks(request, track_id: int | None = None):
    edition = edition_or_404()
    track = None
    if track_id is not None:
        track = track_of_edition(edition=edition, track_id=track_id)
        if track is None:
            raise Http404
    initial = {}
    if track:
        initial = {k: getattr(track, k) for k in ("name", "name_en", "slug", "color", "order")}
    form = TrackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = editing.track_save(
                edition=edition, data=form.cleaned_data, track_id=track.pk if track else None
            )
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Đã lưu chuỗi phiên “%(name)s”.") % {"name": saved.name})
            return redirect("agenda:organiser_tracks")
    return render(
        request,
        "agenda/organiser/track_list.html",
        {
            "edition": edition,
            "form": form,
            "track": track,
            "tracks": tracks_of_edition(edition=edition),
        },
        status=400 if form.errors else 200,
    )


@organiser_required
@require_http_methods(["GET"])
def speakers(request):
    edition = edition_or_404()
    return render(
        request,
        "agenda/organiser/speaker_list.html",
        {"edition": edition, "speakers": speakers_of_edition(edition=edition)},
    )


@organiser_required
@require_http_methods(["GET", "POST"])
def speaker_edit(request, speaker_id: int | None = None):
    edition = edition_or_404()
    speaker = None
    if speaker_id is not None:
        speaker = speaker_of_edition(edition=edition, speaker_id=speaker_id)
        if speaker is None:
            raise Http404
    initial = {}
    if speaker:
        initial = {
            name: getattr(speaker, name)
            for name in SpeakerForm.base_fields
            if name not in ("photo", "remove_photo", "delegate_email")
        }
        initial["delegate_email"] = speaker.registration.email if speaker.registration else ""
    form = SpeakerForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = speaker_service.speaker_save(
                edition=edition,
                data=data,
                speaker_id=speaker.pk if speaker else None,
                photo=data.get("photo") or None,
                remove_photo=data.get("remove_photo", False),
            )
        except ServiceError as exc:
            fields = {"photo_invalid": "photo", "delegate_not_found": "delegate_email"}
            _form_error(form, exc, fields.get(exc.code))
        else:
            messages.success(request, _("Đã lưu diễn giả “%(name)s”.") % {"name": saved.full_name})
            return redirect("agenda:organiser_speakers")
    return render(
        request,
        "agenda/organiser/speaker_edit.html",
        {"edition": edition, "form": form, "speaker": speaker},
        status=400 if form.errors else 200,
    )


@organiser_required
@require_POST
def speaker_delete(request, speaker_id: int):
    edition = edition_or_404()
    try:
        speaker_service.speaker_delete(edition=edition, speaker_id=speaker_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("agenda:organiser_speaker", speaker_id=speaker_id)
    messages.success(request, _("Đã xóa diễn giả."))
    return redirect("agenda:organiser_speakers")
