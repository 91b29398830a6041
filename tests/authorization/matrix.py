"""The machinery of the authorization matrix: every URL pattern of the URLconf, filled with real
objects, asked for by every role, and the answer reduced to an outcome class to compare with the
expectations (tests/authorization/expectations.py)."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, get_urlconf, resolve, reverse

from tests.authorization import expectations as table

# What the answer was, as the table writes it.
REDIRECTS = {301, 302, 303, 307, 308}
STATUS_OUTCOMES = {
    200: table.OK,
    400: table.BAD_REQUEST,
    401: table.UNAUTHORIZED,
    403: table.FORBIDDEN,
    404: table.NOT_FOUND,
    405: table.NOT_ALLOWED,
}

_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


@dataclass(frozen=True)
class UrlCase:
    """One URL pattern of the URLconf (or a variant of it, filled with other objects)."""

    key: str  # "namespace:name", or "namespace:route" for a pattern without a name
    route: str  # the whole route, for messages and unnamed patterns
    name: str | None  # what reverse() takes, when the pattern has a name
    parameters: tuple[str, ...]
    variant: str = ""

    @property
    def label(self) -> str:
        return f"{self.key}[{self.variant}]" if self.variant else self.key

    @property
    def namespace(self) -> str:
        return self.key.split(":", 1)[0] if ":" in self.key else ""


def _walk(resolver: URLResolver, route: str = "", namespaces: tuple[str, ...] = ()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from _walk(pattern, route + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            whole = route + str(pattern.pattern)
            parameters = tuple(a or b for a, b in _PARAMETER.findall(whole))
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            key = name or ":".join((*namespaces, whole))
            yield UrlCase(key=key, route=whole, name=name, parameters=parameters)


def url_patterns(urlconf=None) -> list[UrlCase]:
    """Every URL pattern reachable from the URLconf, read from it (a new URL shows up here)."""
    return list(_walk(get_resolver(urlconf)))


def url_cases(urlconf=None) -> list[UrlCase]:
    """The patterns plus their variants (the same URL filled with someone else's objects)."""
    cases = []
    for case in url_patterns(urlconf):
        cases.append(case)
        for variant in table.VARIANTS.get(case.key, {}):
            cases.append(
                UrlCase(
                    key=case.key,
                    route=case.route,
                    name=case.name,
                    parameters=case.parameters,
                    variant=variant,
                )
            )
    return cases


def parameter_names(case: UrlCase) -> dict[str, str]:
    """Which of the world's objects fills each parameter of the URL."""
    names = {}
    specific = table.URL_PARAMETERS.get(case.key, {})
    variant = table.VARIANTS.get(case.key, {}).get(case.variant, {}) if case.variant else {}
    for parameter in case.parameters:
        name = variant.get(parameter) or specific.get(parameter) or table.PARAMETERS.get(parameter)
        if name is not None:
            names[parameter] = name
    return names


def _bare(route: str) -> str:
    return route.replace("^", "").replace("$", "")


def _admin_object(case: UrlCase) -> str:
    """The first row of the model an admin URL is about ("admin/<app>/<model>/…")."""
    from django.apps import apps

    _admin, app_label, model_name, *_rest = case.route.split("/")
    model = apps.get_model(app_label, model_name)
    row = model._default_manager.order_by("pk").first()
    assert row is not None, f"{case.label}: the matrix's world has no {model.__name__} to ask about"
    return str(row.pk)


def path_of(case: UrlCase, objects: dict) -> str:
    """The URL's path with its parameters filled by real objects, checked to resolve back to the
    same pattern."""
    kwargs = {
        parameter: _admin_object(case) if name == table.ADMIN_OBJECT else str(objects[name])
        for parameter, name in parameter_names(case).items()
    }
    if case.name:
        path = reverse(case.name, kwargs=kwargs)
    else:
        path = "/" + _PARAMETER.sub(lambda m: kwargs[m.group(1) or m.group(2)], case.route)
        path = _bare(path)
    match = resolve(path)
    assert _bare(match.route) == _bare(case.route), f"{case.label}: {path} is {match.route}"
    query = table.QUERIES.get(case.label) or table.QUERIES.get(case.key)
    return f"{path}?{query}" if query else path


def _target_path(url: str) -> str:
    path = urlsplit(url).path
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if code != settings.LANGUAGE_CODE and path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def outcome_of(response) -> str:
    """The answer as an outcome class: where a redirect leads (the login page, the admin's login,
    the two-factor set-up, elsewhere; htmx's HX-Redirect counts as one) or what the status code
    means."""
    redirect = response.get("HX-Redirect") or (
        response["Location"] if response.status_code in REDIRECTS else None
    )
    if redirect:
        target = _target_path(redirect)
        if target == reverse("account_login"):
            return table.LOGIN
        if target == reverse("admin:login"):
            return table.ADMIN_LOGIN
        if target == reverse("mfa_activate_totp"):
            return table.TWO_FACTOR
        return table.REDIRECT
    return STATUS_OUTCOMES.get(response.status_code, f"HTTP {response.status_code}")


def client_as(role: str, world) -> Client:
    """The role's client, holding only its credentials: its session, or the device's token.
    One client per role (its middleware loaded once); its cookies are reset on every use."""
    client = world.clients.get(role)
    if client is None:
        headers = {}
        if role == table.SCANNER_DEVICE:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {world.device_token}"
        client = world.clients[role] = Client(**headers)
    client.cookies.clear()
    session = world.sessions.get(role)
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    return client


def _path(case: UrlCase, world) -> str:
    key = (get_urlconf(), case.label)
    if key not in world.paths:
        world.paths[key] = path_of(case, world.objects)
    return world.paths[key]


def answer(case: UrlCase, role: str, world, method: str = "GET") -> str:
    path = _path(case, world)
    client = client_as(role, world)
    # The htmx variant asks as a page's script does, for the fragment alone.
    headers = {"HX-Request": "true"} if case.variant == table.HTMX else {}
    if method == "GET":
        response = client.get(path, headers=headers)
    elif case.namespace == "api":
        response = client.post(path, "{}", content_type="application/json", headers=headers)
    else:
        response = client.post(path, {}, headers=headers)
    return outcome_of(response)


@dataclass(frozen=True)
class Mismatch:
    label: str
    role: str
    method: str
    path: str
    expected: str | None
    got: str

    def __str__(self) -> str:
        if self.expected is None:
            return f"{self.label}: no expectation for {self.role} on {self.method} ({self.path})"
        return (
            f"{self.method} {self.path} as {self.role}: expected {self.expected}, got {self.got} "
            f"({self.label})"
        )


def check(case: UrlCase, role: str, world, method: str = "GET") -> Mismatch | None:
    """None when the role's answer is the table's, else what differs."""
    expected = table.expected(case, role, method)
    if expected is None:
        return Mismatch(case.label, role, method, case.route, None, "")
    got = answer(case, role, world, method)
    if got == expected:
        return None
    return Mismatch(case.label, role, method, _path(case, world), expected, got)


def mismatches(cases, roles, world, method: str = "GET") -> list[Mismatch]:
    """Every (URL, role) whose answer differs from the table; for POST, only the pairs the table
    says to try."""
    found = []
    for case in cases:
        for role in roles:
            if method != "GET" and table.expected(case, role, method) is None:
                continue
            difference = check(case, role, world, method)
            if difference:
                found.append(difference)
    return found
