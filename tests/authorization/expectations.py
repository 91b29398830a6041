"""Who gets what, URL by URL: the authorization matrix's table.

A row says, for every role, the outcome of a GET (and for the URLs that take a POST, the refusal a
POST meets from the roles that may not use it). Every URL of the URLconf needs a row: an entry
below under its name ("namespace:name"), or a family's default — a page under /organiser/ is
the organisers' alone, the Django admin's own pages follow one rule. A URL with neither fails
the matrix, named. Rows are built from the rules every view applies (registration.access,
awards.views.access, showcase.views.access, checkin.api.auth and the two-factor middleware):
`page()` for "logged in first", `organiser_page()` for the organisers' pages, and so on.
"""

from dataclasses import dataclass, field

# --- Outcome classes (what tests/authorization/matrix.py makes of an answer) --------------------

OK = "ok"  # 200
LOGIN = "login"  # a redirect to the login page
ADMIN_LOGIN = "admin_login"  # a redirect to the admin's login page
TWO_FACTOR = "2fa"  # a redirect to setting up the authenticator app
REDIRECT = "redirect"  # a redirect elsewhere (already registered, nothing to show yet…)
BAD_REQUEST = "bad_request"  # 400
UNAUTHORIZED = "unauthorized"  # 401, the API without valid credentials
FORBIDDEN = "forbidden"  # 403
NOT_FOUND = "not_found"  # 404: someone else's object does not exist for you
NOT_ALLOWED = "method_not_allowed"  # 405: GET on a URL that only takes a POST

# The answers that turn someone away.
REFUSALS = frozenset({LOGIN, ADMIN_LOGIN, TWO_FACTOR, UNAUTHORIZED, FORBIDDEN, NOT_FOUND})

# --- Roles ---------------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
DELEGATE = "delegate"  # delegate A: approved, checked in, has saved a session
OTHER_DELEGATE = "other_delegate"  # delegate B: approved; their registration fills the URLs
ENTERPRISE = "enterprise"  # enterprise A: its nominations, demo and commitment fill the URLs
OTHER_ENTERPRISE = "other_enterprise"  # enterprise B: a nomination (the winner), a pending demo
JUDGE = "judge"  # assigned enterprise A's entry, has scored it
CONFLICTED_JUDGE = "conflicted_judge"  # assigned A's entry, then declared a conflict with it
DOOR_STAFF = "door_staff"  # with the second factor set up
STAFF_WITHOUT_2FA = "staff_without_2fa"  # an organiser account with no authenticator app
SCANNER_DEVICE = "scanner_device"  # a paired phone's bearer token, no session
ORGANISER = "organiser"  # with the second factor set up
ROLES = (
    ANONYMOUS,
    DELEGATE,
    OTHER_DELEGATE,
    ENTERPRISE,
    OTHER_ENTERPRISE,
    JUDGE,
    CONFLICTED_JUDGE,
    DOOR_STAFF,
    STAFF_WITHOUT_2FA,
    SCANNER_DEVICE,
    ORGANISER,
)
WITH_SECOND_FACTOR = (JUDGE, CONFLICTED_JUDGE, DOOR_STAFF, ORGANISER)


# --- Rows ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    get: dict[str, str]
    post: dict[str, str] = field(default_factory=dict)  # roles whose POST is tried → refusal


def rule(default: str, **outcomes: str) -> dict[str, str]:
    """Every role gets `default` unless named."""
    unknown = set(outcomes) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: outcomes.get(role, default) for role in ROLES}


def public(default: str = OK, **outcomes: str) -> dict[str, str]:
    """A page for everyone; a staff account without its second factor is sent to set it up
    first, as on every page (registration.middleware)."""
    return rule(default, **({STAFF_WITHOUT_2FA: TWO_FACTOR} | outcomes))


def page(default: str = OK, **outcomes: str) -> dict[str, str]:
    """A page behind the login (a phone's device token is no login outside the API)."""
    return public(default, **({ANONYMOUS: LOGIN, SCANNER_DEVICE: LOGIN} | outcomes))


def organiser_page() -> dict[str, str]:
    """registration.access.organiser_required: organisers only, with their second factor."""
    return page(FORBIDDEN, organiser=OK)


def enterprise_page(**outcomes: str) -> dict[str, str]:
    """showcase.views.access.enterprise_required: enterprise representatives and organisers."""
    return page(FORBIDDEN, **({ENTERPRISE: OK, OTHER_ENTERPRISE: OK, ORGANISER: OK} | outcomes))


def judge_page(**outcomes: str) -> dict[str, str]:
    """awards.views.access.judge_required: the awards' judges (their second factor by the
    staff rule)."""
    return page(FORBIDDEN, **({JUDGE: OK, CONFLICTED_JUDGE: OK} | outcomes))


def scanner_api() -> dict[str, str]:
    """checkin.api.auth: a paired device, or the session of door staff or an organiser; a staff
    session without the second factor is refused in JSON (403), anyone else is 401."""
    return rule(
        UNAUTHORIZED,
        door_staff=OK,
        organiser=OK,
        scanner_device=OK,
        staff_without_2fa=FORBIDDEN,
    )


def reads(get: dict[str, str]) -> Row:
    """A GET-only URL."""
    return Row(get)


def form(get: dict[str, str], **post: str) -> Row:
    """GET shows a form, POST sends it: whoever is refused the form is refused the POST too."""
    return Row(get, {role: got for role, got in get.items() if got in REFUSALS} | post)


def post_only(allowed: dict[str, str], *, checked_after_method=()) -> Row:
    """A URL that only takes a POST, given the answers to a POST. A GET gets 405 from the roles
    the view lets through, and from those it refuses only after checking the method (the
    `checked_after_method` outcomes, e.g. another's object found missing after the 405)."""
    get = {
        role: NOT_ALLOWED if got not in REFUSALS or got in checked_after_method else got
        for role, got in allowed.items()
    }
    return Row(get, {role: got for role, got in allowed.items() if got in REFUSALS})


ORGANISER_FORM = form(organiser_page())
ORGANISER_ACTION = post_only(organiser_page())

EXPECTATIONS: dict[str, Row] = {
    # --- The site -------------------------------------------------------------------------------
    "healthz": reads(rule(OK)),
    # Django's language switch answers a GET with a redirect back.
    "set_language": reads(rule(REDIRECT)),
    "forum:home": reads(public()),
    # A job is its owner's alone (here the organiser's badge print).
    "forum:job_detail": reads(page(NOT_FOUND, organiser=OK)),
    "forum:job_progress": reads(page(NOT_FOUND, organiser=OK)),
    # --- The API: JSON answers, no redirects; the staff rule applied by the API itself ----------
    "api:openapi-json": reads(rule(OK)),
    "api:api-root": reads(rule(NOT_FOUND)),
    # Pairing is open: the one-time pairing code is the credential (rate-limited).
    "api:devices_pair": Row(rule(NOT_ALLOWED)),
    "api:checkin_me": reads(scanner_api()),
    "api:checkin_gates": reads(scanner_api()),
    "api:checkin_delegates": reads(scanner_api()),
    "api:checkin_search": reads(scanner_api()),
    # ninja checks the method before the credentials: a GET is 405 for everyone.
    "api:checkin_scan": post_only(scanner_api(), checked_after_method=(UNAUTHORIZED, FORBIDDEN)),
    "api:checkin_batch": post_only(scanner_api(), checked_after_method=(UNAUTHORIZED, FORBIDDEN)),
    "api:checkin_manual": post_only(scanner_api(), checked_after_method=(UNAUTHORIZED, FORBIDDEN)),
    # --- The scanner app: public files; the app itself logs in through the API ------------------
    "scanner:app": reads(public()),
    "scanner:service_worker": reads(public()),
    "scanner:manifest": reads(public()),
    "scanner:icon": reads(public()),
    # --- Delegates: their own registration, never an id in the URL ------------------------------
    # Someone already registered is shown their registration.
    "registration:register": form(page(delegate=REDIRECT, other_delegate=REDIRECT)),
    # Without a registration: off to the registration form.
    "registration:status": reads(page(REDIRECT, delegate=OK, other_delegate=OK)),
    "registration:edit": form(page(REDIRECT, delegate=OK, other_delegate=OK)),
    "registration:cancel": form(page(REDIRECT, delegate=OK, other_delegate=OK)),
    "registration:my_badge": reads(page(NOT_FOUND, delegate=OK, other_delegate=OK)),
    "registration:my_data": reads(page()),
    "registration:my_data_download": reads(page()),
    "registration:consent_change": post_only(page()),
    "registration:account_delete": form(page()),
    # --- Organisers (registration) ---------------------------------------------------------------
    "registration:delegate_bulk": ORGANISER_ACTION,
    "registration:delegate_import": ORGANISER_FORM,
    "registration:delegate_import_confirm": ORGANISER_ACTION,
    "registration:email_resend": ORGANISER_ACTION,
    "registration:badge_print": ORGANISER_FORM,
    # --- Organisers (check-in) -------------------------------------------------------------------
    "checkin:gate_list": ORGANISER_FORM,
    "checkin:device_list": ORGANISER_FORM,
    "checkin:device_pairing_renew": ORGANISER_ACTION,
    "checkin:device_revoke": ORGANISER_ACTION,
    "checkin:badge_reprint": ORGANISER_ACTION,
    # --- Agenda ----------------------------------------------------------------------------------
    "agenda:programme": reads(public()),
    "agenda:session": reads(public()),
    "agenda:speakers": reads(public()),
    "agenda:speaker": reads(public()),
    "agenda:speaker_photo": reads(public()),
    "agenda:changes": reads(public()),
    "agenda:schedule_json": reads(public()),
    "agenda:schedule_xml": reads(public()),
    "agenda:agenda_ics": reads(public()),
    "agenda:mine": reads(page()),
    "agenda:feed_renew": post_only(page()),
    # The personal calendar's secret address is its credential: calendar programs fetch it
    # without logging in.
    "agenda:personal_feed": reads(public()),
    "agenda:save": post_only(page()),
    "agenda:seat": post_only(page()),
    "agenda:organiser_session_new": ORGANISER_FORM,
    "agenda:organiser_session": ORGANISER_FORM,
    "agenda:organiser_session_cancel": ORGANISER_ACTION,
    "agenda:organiser_session_delete": ORGANISER_ACTION,
    "agenda:organiser_rooms": ORGANISER_FORM,
    "agenda:organiser_room": ORGANISER_FORM,
    "agenda:organiser_room_delete": ORGANISER_ACTION,
    "agenda:organiser_tracks": ORGANISER_FORM,
    "agenda:organiser_track": ORGANISER_FORM,
    "agenda:organiser_speaker_new": ORGANISER_FORM,
    "agenda:organiser_speaker": ORGANISER_FORM,
    "agenda:organiser_speaker_delete": ORGANISER_ACTION,
    "agenda:organiser_publish": ORGANISER_FORM,
    # --- Awards: the public results (enterprise B's product won) ---------------------------------
    "awards:results": reads(public()),
    "awards:result_detail": reads(public()),
    "awards:certificate": reads(public()),
    # --- Awards: an enterprise's own nominations (enterprise A's fill the URLs) -----------------
    # Any account may say it represents an enterprise here (the POST).
    "awards:nomination_list": form(page()),
    # Not an enterprise (yet): back to the list, which offers to become one.
    "awards:nomination_new": form(page(REDIRECT, enterprise=OK, other_enterprise=OK)),
    "awards:nomination_detail": form(page(NOT_FOUND, enterprise=OK)),
    "awards:nomination_delete": post_only(
        page(NOT_FOUND, enterprise=OK), checked_after_method=(NOT_FOUND,)
    ),
    "awards:attachment_upload": post_only(
        page(NOT_FOUND, enterprise=OK), checked_after_method=(NOT_FOUND,)
    ),
    # Its enterprise, organisers, and the judges who may see the nomination (not a conflicted one).
    "awards:attachment": reads(page(NOT_FOUND, enterprise=OK, judge=OK, organiser=OK)),
    "awards:attachment_delete": post_only(
        page(NOT_FOUND, enterprise=OK), checked_after_method=(NOT_FOUND,)
    ),
    # --- Awards: judges (the URLs name enterprise A's entry) -------------------------------------
    "awards:judging": reads(judge_page()),
    # A conflicted entry does not exist for its judge.
    "awards:judge_entry": form(judge_page(conflicted_judge=NOT_FOUND)),
    "awards:judge_conflict": post_only(
        judge_page(conflicted_judge=NOT_FOUND), checked_after_method=(NOT_FOUND,)
    ),
    # --- Awards: organisers ----------------------------------------------------------------------
    "awards:organiser_overview": ORGANISER_FORM,
    "awards:organiser_award_edit": ORGANISER_FORM,
    "awards:organiser_category_new": ORGANISER_FORM,
    "awards:organiser_category": ORGANISER_FORM,
    "awards:organiser_round_new": ORGANISER_FORM,
    "awards:organiser_round_edit": ORGANISER_FORM,
    "awards:organiser_criterion_new": ORGANISER_FORM,
    "awards:organiser_criterion": ORGANISER_FORM,
    "awards:organiser_criterion_delete": ORGANISER_ACTION,
    "awards:organiser_judges": ORGANISER_FORM,
    "awards:organiser_judge": ORGANISER_FORM,
    "awards:organiser_nomination": ORGANISER_FORM,
    "awards:organiser_conflict_add": ORGANISER_ACTION,
    "awards:organiser_assign": ORGANISER_ACTION,
    "awards:organiser_assignment_add": ORGANISER_ACTION,
    "awards:organiser_assignment_remove": ORGANISER_ACTION,
    "awards:organiser_sheet_reopen": ORGANISER_ACTION,
    "awards:organiser_shortlist": ORGANISER_ACTION,
    "awards:organiser_decisions": ORGANISER_ACTION,
    "awards:organiser_results": ORGANISER_FORM,
    "awards:organiser_certificates": ORGANISER_ACTION,
    # --- Showcase: public (enterprise A's approved demo) -----------------------------------------
    "showcase:index": reads(public()),
    "showcase:board": reads(public()),
    "showcase:problem": reads(public()),
    # Checked-in delegates verify the demo here (the POST).
    "showcase:demo": form(public()),
    # The polled fragment is the same for everyone: no session is read, not even a staff one's.
    "showcase:demo_live": reads(rule(OK)),
    "showcase:commitments": reads(public()),
    # --- Showcase: enterprises (enterprise A's demo and commitment fill the URLs) ----------------
    "showcase:enterprise": reads(enterprise_page()),
    "showcase:enterprise_profile": form(enterprise_page()),
    # An organiser is let in but represents no enterprise: sent to the profile form first.
    "showcase:demo_new": form(enterprise_page(organiser=REDIRECT)),
    "showcase:demo_edit": form(enterprise_page(other_enterprise=NOT_FOUND, organiser=REDIRECT)),
    "showcase:demo_withdraw": post_only(
        enterprise_page(other_enterprise=NOT_FOUND, organiser=NOT_FOUND),
        checked_after_method=(NOT_FOUND,),
    ),
    "showcase:commitment_new": form(enterprise_page(organiser=REDIRECT)),
    "showcase:commitment_edit": form(
        enterprise_page(other_enterprise=NOT_FOUND, organiser=REDIRECT)
    ),
    "showcase:commitment_progress": form(
        enterprise_page(other_enterprise=NOT_FOUND, organiser=NOT_FOUND)
    ),
    # --- Showcase: organisers --------------------------------------------------------------------
    "showcase:organiser_demo": ORGANISER_FORM,
    "showcase:posters": ORGANISER_FORM,
    "showcase:organiser_problem_new": ORGANISER_FORM,
    "showcase:organiser_problem": ORGANISER_FORM,
    "showcase:organiser_problem_delete": ORGANISER_ACTION,
    "showcase:organiser_comment_decide": ORGANISER_ACTION,
    "showcase:organiser_commitments": ORGANISER_FORM,
    # --- Accounts (allauth): open to staff without the second factor, who must set it up here ---
    "account_login": reads(rule(REDIRECT, anonymous=OK, scanner_device=OK)),
    "account_logout": reads(rule(OK, anonymous=REDIRECT, scanner_device=REDIRECT)),
    "account_inactive": reads(rule(OK)),
    "account_signup": reads(rule(REDIRECT, anonymous=OK, scanner_device=OK)),
    "account_reauthenticate": reads(rule(OK, anonymous=LOGIN, scanner_device=LOGIN)),
    "account_email": reads(rule(OK, anonymous=LOGIN, scanner_device=LOGIN)),
    "account_email_verification_sent": reads(rule(REDIRECT, anonymous=LOGIN, scanner_device=LOGIN)),
    "account_change_password": reads(rule(OK, anonymous=LOGIN, scanner_device=LOGIN)),
    # Every account here has a password already.
    "account_set_password": reads(rule(REDIRECT, anonymous=LOGIN, scanner_device=LOGIN)),
    "account_reset_password": reads(rule(OK)),
    "account_reset_password_done": reads(rule(OK)),
    # A key that is not one: the page says the link is invalid.
    "account_reset_password_from_key": reads(rule(OK)),
    "account_reset_password_from_key_done": reads(rule(OK)),
    "account_request_login_code": reads(rule(REDIRECT, anonymous=OK, scanner_device=OK)),
    # No login by code under way.
    "account_confirm_login_code": reads(rule(REDIRECT)),
    "mfa_index": reads(rule(OK, anonymous=LOGIN, scanner_device=LOGIN)),
    "mfa_authenticate": reads(rule(REDIRECT, anonymous=LOGIN, scanner_device=LOGIN)),
    # Setting up or removing an authenticator asks for the password (or code) again first.
    "mfa_reauthenticate": reads(
        rule(
            REDIRECT, anonymous=LOGIN, scanner_device=LOGIN, **dict.fromkeys(WITH_SECOND_FACTOR, OK)
        )
    ),
    "mfa_activate_totp": reads(rule(REDIRECT, anonymous=LOGIN, scanner_device=LOGIN)),
    "mfa_deactivate_totp": reads(
        rule(
            NOT_FOUND,
            anonymous=LOGIN,
            scanner_device=LOGIN,
            **dict.fromkeys(WITH_SECOND_FACTOR, REDIRECT),
        )
    ),
    # Nobody here has recovery codes yet.
    "mfa_view_recovery_codes": reads(rule(NOT_FOUND, anonymous=LOGIN, scanner_device=LOGIN)),
    "mfa_generate_recovery_codes": reads(rule(REDIRECT, anonymous=LOGIN, scanner_device=LOGIN)),
    "mfa_download_recovery_codes": reads(rule(NOT_FOUND, anonymous=LOGIN, scanner_device=LOGIN)),
}

# --- The same URLs filled with someone else's objects --------------------------------------------

HTMX = "htmx"  # the variant asked with the HX-Request header, as the pages' scripts ask
VARIANTS: dict[str, dict[str, dict[str, str]]] = {
    "registration:delegate_list": {HTMX: {}},
    "checkin:live": {HTMX: {}},
    "checkin:helpdesk": {HTMX: {}},
    "agenda:organiser_grid": {HTMX: {}},
    "agenda:organiser_session": {HTMX: {}},
    "agenda:save": {HTMX: {}},
    "awards:organiser_nominations": {HTMX: {}},
    "showcase:index": {HTMX: {}},
    "showcase:board": {HTMX: {}},
    "forum:job_progress": {HTMX: {}},
    "showcase:demo": {"pending": {"demo_id": "pending_demo"}},
    "showcase:demo_live": {"pending": {"demo_id": "pending_demo"}},
    "showcase:demo_edit": {"other": {"demo_id": "pending_demo"}},
    "awards:nomination_detail": {"other": {"nomination_id": "other_nomination"}},
    "awards:attachment": {"other": {"attachment_id": "other_attachment"}},
    "awards:judge_entry": {"other": {"entry_id": "other_entry"}},
    "awards:result_detail": {"not_a_winner": {"nomination_id": "nomination"}},
    "awards:certificate": {"not_a_winner": {"nomination_id": "nomination"}},
    "agenda:personal_feed": {"unknown": {"token": "unknown_feed_token"}},
}
EXPECTATIONS |= {
    # Enterprise B's demo, not approved yet: its enterprise and organisers only.
    "showcase:demo[pending]": form(public(NOT_FOUND, other_enterprise=OK, organiser=OK)),
    "showcase:demo_live[pending]": reads(rule(NOT_FOUND)),
    "showcase:demo_edit[other]": form(enterprise_page(enterprise=NOT_FOUND, organiser=REDIRECT)),
    "awards:nomination_detail[other]": form(page(NOT_FOUND, other_enterprise=OK)),
    # Enterprise B's file: the conflicted judge is assigned B's entry.
    "awards:attachment[other]": reads(
        page(NOT_FOUND, other_enterprise=OK, conflicted_judge=OK, organiser=OK)
    ),
    # Enterprise B's entry: assigned to the conflicted judge, not to the other one.
    "awards:judge_entry[other]": form(judge_page(judge=NOT_FOUND)),
    # Enterprise A's product won nothing: no public result, no certificate, not even for A.
    "awards:result_detail[not_a_winner]": reads(public(NOT_FOUND)),
    "awards:certificate[not_a_winner]": reads(public(NOT_FOUND)),
    "agenda:personal_feed[unknown]": reads(public(NOT_FOUND)),
    # The fragments the pages poll or swap in: the same doors as the pages (a visitor whose
    # session expired is sent to the login page through HX-Redirect).
    "registration:delegate_list[htmx]": reads(organiser_page()),
    "checkin:live[htmx]": reads(organiser_page()),
    "checkin:helpdesk[htmx]": reads(organiser_page()),
    "agenda:organiser_grid[htmx]": reads(organiser_page()),
    "agenda:organiser_session[htmx]": ORGANISER_FORM,
    "awards:organiser_nominations[htmx]": reads(organiser_page()),
    "agenda:save[htmx]": post_only(page()),
    "forum:job_progress[htmx]": reads(page(NOT_FOUND, organiser=OK)),
    # The showcase's polled fragments are the same for everyone: no session is read.
    "showcase:index[htmx]": reads(rule(OK)),
    "showcase:board[htmx]": reads(rule(OK)),
}

# --- Families: the defaults ----------------------------------------------------------------------

# Organisers hold no model permission: the admin's model pages are for superusers.
ADMIN_FOR_ORGANISERS = {
    "admin:index": OK,
    "admin:password_change": REDIRECT,  # to the account's own password page
    "admin:password_change_done": OK,
    "admin:jsi18n": OK,
    "admin:login": REDIRECT,  # to the admin's index
    "admin:logout": NOT_ALLOWED,
    "admin:app_list": NOT_FOUND,  # no model of the app is theirs
    "admin:view_on_site": NOT_FOUND,  # a registration has no public page
    "admin:admin/(?P<url>.*)$": NOT_FOUND,
}


def admin_row(case) -> Row:
    """Django's admin: staff accounts (is_staff) only, and only with the second factor set up;
    everyone else to the admin's login, which sends visitors on to the site's login and turns
    away logged-in accounts that are not staff."""
    if case.key in ADMIN_FOR_ORGANISERS:
        organiser = ADMIN_FOR_ORGANISERS[case.key]
    elif case.name is None and case.route.endswith("<path:object_id>/"):
        organiser = REDIRECT  # the old address of a change page, redirected to it
    else:
        organiser = FORBIDDEN
    outcomes = {ORGANISER: organiser, STAFF_WITHOUT_2FA: TWO_FACTOR}
    if case.key == "admin:login":
        outcomes |= {ANONYMOUS: LOGIN, SCANNER_DEVICE: LOGIN}
        return Row(rule(FORBIDDEN, **outcomes))
    if case.key == "admin:logout":
        return Row(rule(REDIRECT, **outcomes))
    return Row(rule(ADMIN_LOGIN, **outcomes))


def row_of(case) -> Row | None:
    """The row for a URL: its own entry, else its family's default; None when it has neither."""
    if case.label in EXPECTATIONS:
        return EXPECTATIONS[case.label]
    if case.variant:
        return None
    if case.namespace == "admin":
        return admin_row(case)
    if case.route.startswith("organiser/"):
        return reads(organiser_page())
    return None


def expected(case, role: str, method: str = "GET") -> str | None:
    row = row_of(case)
    if row is None:
        return None
    return (row.get if method == "GET" else row.post).get(role)


# --- Which real object fills each parameter (tests/authorization/conftest.py builds them) --------

PARAMETERS = {
    "job_id": "badge_job",
    "purpose": "purpose",
    "email_id": "failed_email",
    # Delegate B's registration, in the organisers' URLs.
    "registration_id": "other_registration",
    "device_id": "device",
    "size": "icon_size",
    "code": "session_code",
    "slug": "speaker_slug",
    "token": "personal_feed_token",
    "session_id": "session",
    "room_id": "room",
    "track_id": "track",
    "speaker_id": "speaker",
    # Enterprise A's.
    "nomination_id": "nomination",
    "attachment_id": "attachment",
    "entry_id": "entry",
    "category_id": "category",
    "round_id": "round",
    "criterion_id": "criterion",
    "judge_id": "judge",
    "assignment_id": "assignment",
    "sheet_id": "sheet",
    "number": "problem_number",
    # Enterprise A's.
    "demo_id": "demo",
    "commitment_id": "commitment",
    "problem_id": "problem",
    "verification_id": "verification",
    # The admin's own parameters.
    "app_label": "admin_app",
    "object_id": "admin_object",
    "id": "admin_object",
    "content_type_id": "registration_content_type",
    "url": "admin_unknown_page",
    # allauth's password reset link, with a key that is not one.
    "uidb36": "reset_uid",
    "key": "reset_key",
}
ADMIN_OBJECT = "admin_object"  # the first row of the model the admin URL is about
URL_PARAMETERS = {
    "registration:delegate_import_preview": {"job_id": "import_job"},
    "registration:delegate_import_confirm": {"job_id": "import_job"},
    "agenda:speaker_photo": {"size": "photo_size", "token": "photo_token"},
    "awards:result_detail": {"nomination_id": "winner"},
    "awards:certificate": {"nomination_id": "winner"},
    "awards:organiser_certificate": {"nomination_id": "winner"},
    "awards:organiser_certificates_download": {"job_id": "certificate_job"},
    "showcase:posters_download": {"job_id": "poster_job"},
    "admin:view_on_site": {"object_id": "other_registration"},
}
QUERIES = {"api:checkin_search": "q=nguyen"}
