from django.urls import path

from awards.views import enterprise, judging, public
from awards.views.organiser import nominations, results, rounds, setup

app_name = "awards"

ORG = "organiser/awards/"

urlpatterns = [
    # Public
    path("awards/results/", public.results, name="results"),
    path("awards/results/<int:nomination_id>/", public.result_detail, name="result_detail"),
    path(
        "awards/results/<int:nomination_id>/certificate.pdf",
        public.certificate,
        name="certificate",
    ),
    # Enterprises
    path("awards/nominations/", enterprise.nomination_list, name="nomination_list"),
    path("awards/nominations/new/", enterprise.nomination_new, name="nomination_new"),
    path(
        "awards/nominations/<int:nomination_id>/",
        enterprise.nomination_detail,
        name="nomination_detail",
    ),
    path(
        "awards/nominations/<int:nomination_id>/delete/",
        enterprise.nomination_delete,
        name="nomination_delete",
    ),
    path(
        "awards/nominations/<int:nomination_id>/attachments/",
        enterprise.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "awards/attachments/<int:attachment_id>/",
        enterprise.attachment_download,
        name="attachment",
    ),
    path(
        "awards/attachments/<int:attachment_id>/delete/",
        enterprise.attachment_delete,
        name="attachment_delete",
    ),
    # Judges
    path("awards/judging/", judging.queue, name="judging"),
    path("awards/judging/<int:entry_id>/", judging.entry, name="judge_entry"),
    path(
        "awards/judging/<int:entry_id>/conflict/",
        judging.declare_conflict,
        name="judge_conflict",
    ),
    # Organisers
    path(ORG, setup.overview, name="organiser_overview"),
    path(ORG + "setup/", setup.setup, name="organiser_setup"),
    path(ORG + "settings/", setup.award_edit, name="organiser_award_edit"),
    path(ORG + "categories/new/", setup.category_edit, name="organiser_category_new"),
    path(ORG + "categories/<int:category_id>/", setup.category_edit, name="organiser_category"),
    path(ORG + "rounds/new/", setup.round_edit, name="organiser_round_new"),
    path(ORG + "rounds/<int:round_id>/edit/", setup.round_edit, name="organiser_round_edit"),
    path(
        ORG + "rounds/<int:round_id>/criteria/new/",
        setup.criterion_edit,
        name="organiser_criterion_new",
    ),
    path(ORG + "criteria/<int:criterion_id>/", setup.criterion_edit, name="organiser_criterion"),
    path(
        ORG + "criteria/<int:criterion_id>/delete/",
        setup.criterion_delete,
        name="organiser_criterion_delete",
    ),
    path(ORG + "judges/", setup.judge_list, name="organiser_judges"),
    path(ORG + "judges/<int:judge_id>/", setup.judge_edit, name="organiser_judge"),
    path(ORG + "nominations/", nominations.nomination_list, name="organiser_nominations"),
    path(
        ORG + "nominations/<int:nomination_id>/",
        nominations.nomination_review,
        name="organiser_nomination",
    ),
    path(
        ORG + "nominations/<int:nomination_id>/conflict/",
        nominations.conflict_add,
        name="organiser_conflict_add",
    ),
    path(
        ORG + "nominations/<int:nomination_id>/certificate.pdf",
        nominations.nomination_certificate,
        name="organiser_certificate",
    ),
    path(ORG + "rounds/<int:round_id>/", rounds.round_detail, name="organiser_round"),
    path(ORG + "rounds/<int:round_id>/assign/", rounds.round_assign, name="organiser_assign"),
    path(
        ORG + "rounds/<int:round_id>/assignments/add/",
        rounds.assignment_add,
        name="organiser_assignment_add",
    ),
    path(
        ORG + "rounds/<int:round_id>/assignments/<int:assignment_id>/remove/",
        rounds.assignment_remove,
        name="organiser_assignment_remove",
    ),
    path(
        ORG + "rounds/<int:round_id>/sheets/<int:sheet_id>/reopen/",
        rounds.sheet_reopen,
        name="organiser_sheet_reopen",
    ),
    path(ORG + "rounds/<int:round_id>/ranking/", rounds.ranking, name="organiser_ranking"),
    path(ORG + "rounds/<int:round_id>/scores.xlsx", rounds.export, name="organiser_export"),
    path(ORG + "rounds/<int:round_id>/shortlist/", rounds.shortlist, name="organiser_shortlist"),
    path(ORG + "rounds/<int:round_id>/decisions/", rounds.decisions, name="organiser_decisions"),
    path(ORG + "results/", results.manage, name="organiser_results"),
    path(ORG + "certificates/", results.certificates_start, name="organiser_certificates"),
    path(
        ORG + "certificates/<uuid:job_id>.pdf",
        results.certificates_download,
        name="organiser_certificates_download",
    ),
]
