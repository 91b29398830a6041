from django.urls import path

from showcase.views import demo_page, enterprise, organiser_data, organiser_demos, public

app_name = "showcase"

urlpatterns = [
    # Public: the phone view, the big screen, problems, demos (what a poster's QR opens).
    path("showcase/", public.index, name="index"),
    path("showcase/board/", public.board, name="board"),
    path("showcase/problems/<int:number>/", public.problem, name="problem"),
    path("showcase/demos/<int:demo_id>/", demo_page.demo, name="demo"),
    path("showcase/demos/<int:demo_id>/live/", demo_page.demo_live, name="demo_live"),
    path("showcase/commitments/", public.commitments, name="commitments"),
    # Enterprises
    path("showcase/enterprise/", enterprise.home, name="enterprise"),
    path("showcase/enterprise/profile/", enterprise.profile, name="enterprise_profile"),
    path("showcase/enterprise/demos/new/", enterprise.demo_form, name="demo_new"),
    path("showcase/enterprise/demos/<int:demo_id>/", enterprise.demo_form, name="demo_edit"),
    path(
        "showcase/enterprise/demos/<int:demo_id>/withdraw/",
        enterprise.demo_withdraw,
        name="demo_withdraw",
    ),
    path("showcase/enterprise/commitments/new/", enterprise.commitment_form, name="commitment_new"),
    path(
        "showcase/enterprise/commitments/<int:commitment_id>/",
        enterprise.commitment_form,
        name="commitment_edit",
    ),
    path(
        "showcase/enterprise/commitments/<int:commitment_id>/progress/",
        enterprise.commitment_progress,
        name="commitment_progress",
    ),
    # Organisers
    path("organiser/showcase/", organiser_demos.demo_list, name="organiser_demos"),
    path(
        "organiser/showcase/demos/<int:demo_id>/",
        organiser_demos.demo_review,
        name="organiser_demo",
    ),
    path(
        "organiser/showcase/demos/<int:demo_id>/poster.pdf",
        organiser_demos.poster,
        name="poster",
    ),
    path("organiser/showcase/posters/", organiser_demos.poster_print, name="posters"),
    path(
        "organiser/showcase/posters/<uuid:job_id>.pdf",
        organiser_demos.poster_download,
        name="posters_download",
    ),
    path("organiser/showcase/problems/", organiser_data.problem_list, name="organiser_problems"),
    path(
        "organiser/showcase/problems/new/",
        organiser_data.problem_form,
        name="organiser_problem_new",
    ),
    path(
        "organiser/showcase/problems/<int:problem_id>/",
        organiser_data.problem_form,
        name="organiser_problem",
    ),
    path(
        "organiser/showcase/problems/<int:problem_id>/delete/",
        organiser_data.problem_delete,
        name="organiser_problem_delete",
    ),
    path("organiser/showcase/comments/", organiser_data.comment_list, name="organiser_comments"),
    path(
        "organiser/showcase/comments/<int:verification_id>/",
        organiser_data.comment_decide,
        name="organiser_comment_decide",
    ),
    path(
        "organiser/showcase/commitments/",
        organiser_data.commitment_list,
        name="organiser_commitments",
    ),
]
