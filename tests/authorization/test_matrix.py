"""The authorization matrix: every URL of the URLconf, for every role, answers as the table in
expectations.py says — with real objects in the URLs, someone else's among them. The controls
at the end put back mistakes the site once made and show the matrix reports them."""

import pytest
from django.http import HttpResponse, HttpResponseRedirect
from django_htmx.http import HttpResponseClientRedirect

from tests.authorization import expectations as table
from tests.authorization import matrix

pytestmark = pytest.mark.django_db

CASES = matrix.url_cases()
# The site's own URLs one test per (URL, role); Django's admin, one rule for 170-odd URLs, one
# test per URL that names every role answering otherwise.
SITE = [case for case in CASES if case.namespace != "admin"]
ADMIN = [case for case in CASES if case.namespace == "admin"]
GET_CASES = [
    pytest.param(case, role, id=f"{case.label}-{role}") for case in SITE for role in table.ROLES
]
POST_CASES = [
    pytest.param(case, role, id=f"{case.label}-{role}")
    for case in SITE
    for role in table.ROLES
    if table.expected(case, role, "POST") is not None
]


def test_every_url_has_an_expectation_and_real_objects():
    missing = [f"{case.label} ({case.route})" for case in CASES if table.row_of(case) is None]
    unfilled = [
        f"{case.label}: <{parameter}>"
        for case in CASES
        for parameter in case.parameters
        if parameter not in matrix.parameter_names(case)
    ]
    labels, keys = {case.label for case in CASES}, {case.key for case in CASES}
    stale = sorted(
        (set(table.EXPECTATIONS) - labels)
        | (set(table.VARIANTS) - keys)
        | (set(table.URL_PARAMETERS) - keys)
        | (set(table.QUERIES) - labels)
    )

    assert missing == [], "URLs without an expectation in tests/authorization/expectations.py"
    assert unfilled == [], "URL parameters no object of the matrix's world fills"
    assert stale == [], "expectations for URLs the URLconf no longer has"


@pytest.mark.parametrize(("case", "role"), GET_CASES)
def test_get_answers_as_the_table_says(world, case, role):
    difference = matrix.check(case, role, world)

    assert difference is None, str(difference)


@pytest.mark.parametrize("case", ADMIN, ids=[case.label for case in ADMIN])
def test_admin_answers_by_its_one_rule(world, case):
    differences = matrix.mismatches([case], table.ROLES, world)

    assert differences == [], "\n".join(str(difference) for difference in differences)


@pytest.mark.parametrize(("case", "role"), POST_CASES)
def test_post_is_refused_to_whom_the_table_refuses(world, case, role):
    difference = matrix.check(case, role, world, "POST")

    assert difference is None, str(difference)


@pytest.mark.parametrize(
    ("response", "outcome"),
    [
        (HttpResponseRedirect("/accounts/login/?next=/organiser/live/"), table.LOGIN),
        (HttpResponseRedirect("/en/accounts/login/?next=/en/my-data/"), table.LOGIN),
        (HttpResponseRedirect("/admin/login/?next=/admin/"), table.ADMIN_LOGIN),
        (HttpResponseRedirect("/accounts/2fa/totp/activate/"), table.TWO_FACTOR),
        (HttpResponseRedirect("/organiser/accounts/login/"), table.REDIRECT),
        (HttpResponseRedirect("/my-registration/"), table.REDIRECT),
        (HttpResponseClientRedirect("/accounts/login/?next=/organiser/live/"), table.LOGIN),
        (HttpResponse(status=403), table.FORBIDDEN),
        (HttpResponse(status=404), table.NOT_FOUND),
        (HttpResponse(status=500), "HTTP 500"),
    ],
)
def test_answers_are_classed_by_where_they_lead(response, outcome):
    assert matrix.outcome_of(response) == outcome


# --- Controls: the matrix reports the mistakes it is there to catch ------------------------------


def _found(differences) -> set[tuple[str, str, str]]:
    return {(d.label, d.role, d.got) for d in differences}


def _new_clients(world, monkeypatch):
    """Clients made after a patch: a client keeps the middleware it loaded first."""
    monkeypatch.setattr(world, "clients", {})


def test_control_an_api_that_forgets_the_second_factor_is_reported(world, monkeypatch):
    """The API once took any door-staff or organiser session, second factor or not."""
    from checkin.api.auth import Scanner, StaffSession
    from registration import roles
    from registration.selectors import user_roles

    def authenticate_without_second_factor(self, request, key):
        user = request.user
        if not user.is_authenticated:
            return None
        if not (user.is_superuser or user_roles(user=user) & {roles.DOOR_STAFF, roles.ORGANISER}):
            return None
        return Scanner(staff=user)

    api = [case for case in CASES if case.namespace == "api"]
    staff = [table.STAFF_WITHOUT_2FA]
    assert matrix.mismatches(api, staff, world) + matrix.mismatches(api, staff, world, "POST") == []

    monkeypatch.setattr(StaffSession, "authenticate", authenticate_without_second_factor)
    _new_clients(world, monkeypatch)
    reads = matrix.mismatches(api, staff, world)
    writes = matrix.mismatches(api, staff, world, "POST")

    assert _found(reads) == {
        (f"api:{name}", table.STAFF_WITHOUT_2FA, table.OK)
        for name in ("checkin_me", "checkin_gates", "checkin_delegates", "checkin_search")
    }
    # An empty body is then refused as malformed: the credentials were taken.
    assert _found(writes) == {
        (f"api:{name}", table.STAFF_WITHOUT_2FA, table.BAD_REQUEST)
        for name in ("checkin_scan", "checkin_batch", "checkin_manual")
    }


@pytest.mark.urls("tests.authorization.control_urls")
def test_control_a_substring_exemption_from_two_factor_is_reported(world, monkeypatch):
    """The two-factor middleware once exempted every path containing "/accounts/", and with it
    an organiser URL under /organiser/…/accounts/…."""
    from registration.middleware import StaffTwoFactorMiddleware

    resolved_names = StaffTwoFactorMiddleware.process_view

    def substring_exemption(self, request, *args):
        if "/accounts/" in request.path_info:
            return None
        return resolved_names(self, request, *args)

    case = next(case for case in matrix.url_cases() if case.key == "bulk_continue")
    # A new URL under /organiser/ is held to the organisers' rule without an entry of its own.
    assert table.expected(case, table.STAFF_WITHOUT_2FA) == table.TWO_FACTOR
    assert matrix.check(case, table.STAFF_WITHOUT_2FA, world) is None

    monkeypatch.setattr(StaffTwoFactorMiddleware, "process_view", substring_exemption)
    _new_clients(world, monkeypatch)
    difference = matrix.check(case, table.STAFF_WITHOUT_2FA, world)

    assert difference is not None
    assert (difference.expected, difference.got) == (table.TWO_FACTOR, table.OK)


def test_control_another_enterprises_nomination_shown_is_reported(world, monkeypatch):
    """An enterprise reaches only its own nominations; a selector that forgot the owner would
    show enterprise A's to everyone logged in."""
    from awards.models import Nomination
    from awards.selectors import nominations

    def any_nomination(*, award, user, nomination_id):
        return Nomination.objects.filter(award=award, pk=nomination_id).first()

    case = next(case for case in CASES if case.label == "awards:nomination_detail")
    assert matrix.mismatches([case], table.ROLES, world) == []

    monkeypatch.setattr(nominations, "nomination_of_owner", any_nomination)
    found = _found(matrix.mismatches([case], table.ROLES, world))

    assert ("awards:nomination_detail", table.OTHER_ENTERPRISE, table.OK) in found
    assert ("awards:nomination_detail", table.CONFLICTED_JUDGE, table.OK) in found
