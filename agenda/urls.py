from django.urls import path

from agenda.views import feeds, personal, public
from agenda.views.organiser import grid, publishing, setup

app_name = "agenda"

urlpatterns = [
    # The public agenda
    path("agenda/", public.programme, name="programme"),
    path("agenda/sessions/<str:code>/", public.session, name="session"),
    path("agenda/speakers/", public.speakers, name="speakers"),
    path("agenda/speakers/<slug:slug>/", public.speaker, name="speaker"),
    path(
        "agenda/speakers/<slug:slug>/photo-<int:size>-<str:token>.jpg",
        public.photo,
        name="speaker_photo",
    ),
    path("agenda/changes/", public.changes, name="changes"),
    # Feeds
    path("agenda/schedule.json", feeds.schedule_json, name="schedule_json"),
    path("agenda/schedule.xml", feeds.schedule_xml, name="schedule_xml"),
    path("agenda/agenda.ics", feeds.agenda_ics, name="agenda_ics"),
    # The delegate's own
    path("agenda/my/", personal.my_agenda, name="mine"),
    path("agenda/my/feed/renew/", personal.feed_renew, name="feed_renew"),
    path("agenda/my/<str:token>.ics", personal.personal_feed, name="personal_feed"),
    path("agenda/sessions/<str:code>/save/", personal.save, name="save"),
    path("agenda/sessions/<str:code>/seat/", personal.seat, name="seat"),
    # Organisers
    path("organiser/agenda/", grid.grid, name="organiser_grid"),
    path("organiser/agenda/sessions/new/", grid.session_new, name="organiser_session_new"),
    path(
        "organiser/agenda/sessions/<int:session_id>/",
        grid.session_edit,
        name="organiser_session",
    ),
    path(
        "organiser/agenda/sessions/<int:session_id>/card/",
        grid.session_card,
        name="organiser_session_card",
    ),
    path(
        "organiser/agenda/sessions/<int:session_id>/cancel/",
        grid.session_cancel,
        name="organiser_session_cancel",
    ),
    path(
        "organiser/agenda/sessions/<int:session_id>/delete/",
        grid.session_delete,
        name="organiser_session_delete",
    ),
    path(
        "organiser/agenda/sessions/<int:session_id>/seats/",
        grid.session_seats,
        name="organiser_session_seats",
    ),
    path("organiser/agenda/rooms/", setup.rooms, name="organiser_rooms"),
    path("organiser/agenda/rooms/<int:room_id>/", setup.rooms, name="organiser_room"),
    path(
        "organiser/agenda/rooms/<int:room_id>/delete/",
        setup.room_delete,
        name="organiser_room_delete",
    ),
    path("organiser/agenda/tracks/", setup.tracks, name="organiser_tracks"),
    path("organiser/agenda/tracks/<int:track_id>/", setup.tracks, name="organiser_track"),
    path("organiser/agenda/speakers/", setup.speakers, name="organiser_speakers"),
    path("organiser/agenda/speakers/new/", setup.speaker_edit, name="organiser_speaker_new"),
    path(
        "organiser/agenda/speakers/<int:speaker_id>/",
        setup.speaker_edit,
        name="organiser_speaker",
    ),
    path(
        "organiser/agenda/speakers/<int:speaker_id>/delete/",
        setup.speaker_delete,
        name="organiser_speaker_delete",
    ),
    path("organiser/agenda/publish/", publishing.publish, name="organiser_publish"),
    path("organiser/agenda/versions/", publishing.versions, name="organiser_versions"),
]
