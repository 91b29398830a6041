"""The production stack (docker-compose.yml, Dockerfile) is wired to what the code actually reads.

The tests read the files (no Docker engine needed): service graph, commands, health checks, the
environment (checked against the variables forum/settings.py reads) and the image build.
"""

import ast
import io
import json
import re
import shlex
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import environ
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")
HEALTHY = {"condition": "service_healthy"}
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}
INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def interpolate(value: str) -> str:
    """Compose interpolation with nothing set on the host: defaults apply, required names stay."""

    def replace(match: re.Match) -> str:
        if match["op"] and match["op"].endswith("-"):
            return match["arg"]
        return "<" + match["name"] + ">"

    return INTERPOLATION.sub(replace, value)


def settings_env_names() -> set[str]:
    """Names passed to env("NAME") / env.<cast>("NAME") in forum/settings.py."""
    tree = ast.parse((ROOT / "forum" / "settings.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        is_env = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "env"
        )
        first = node.args[0]
        if is_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs with line continuations joined and comments dropped."""
    instructions, pending = [], ""
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        instructions.append((keyword.upper(), " ".join(arguments.split())))
        pending = ""
    return instructions


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def app_env(services, name: str) -> dict[str, str]:
    return {key: interpolate(str(value)) for key, value in services[name]["environment"].items()}


def test_compose_defines_the_six_services_without_version_key(compose, services):
    assert sorted(services) == ["beat", "mailpit", "postgres", "redis", "web", "worker"]
    assert "version" not in compose


def test_postgres_healthcheck_runs_pg_isready_as_forum(services):
    postgres = services["postgres"]

    assert postgres["image"] == "postgres:16"
    assert postgres["healthcheck"]["test"] == ["CMD", "pg_isready", "-U", "forum", "-d", "forum"]
    assert postgres["environment"]["POSTGRES_USER"] == "forum"
    assert postgres["environment"]["POSTGRES_DB"] == "forum"
    assert postgres["volumes"] == ["pgdata:/var/lib/postgresql/data"]


def test_redis_healthcheck_runs_redis_cli_ping(services):
    assert services["redis"]["image"] == "redis:7"
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_waits_for_healthy_postgres_and_redis(services, name):
    assert services[name]["depends_on"] == {"postgres": HEALTHY, "redis": HEALTHY}


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_is_built_from_this_checkout(services, name):
    assert services[name]["build"] == "."
    assert "image" not in services[name]


def test_web_command_migrates_then_execs_gunicorn(services):
    shell, flag, script = services["web"]["command"]
    words = shlex.split(interpolate(script))

    assert (shell, flag) == ("sh", "-c")
    assert words[:4] == ["python", "manage.py", "migrate", "--noinput"]
    assert words[4:8] == ["&&", "exec", "gunicorn", "forum.wsgi:application"]
    assert words[words.index("--bind") + 1] == "0.0.0.0:8000"
    assert words[words.index("--workers") + 1] == "3"


def test_web_publishes_no_fixed_host_port_so_it_can_scale(services):
    assert services["web"]["ports"] == ["127.0.0.1::8000"]


def test_worker_command_runs_celery_worker(services):
    assert services["worker"]["command"] == [
        "celery",
        "-A",
        "forum",
        "worker",
        "-l",
        "info",
        "--concurrency=2",
    ]


def test_beat_command_runs_celery_beat_with_schedule_in_tmp(services):
    assert services["beat"]["command"] == [
        "celery",
        "-A",
        "forum",
        "beat",
        "-l",
        "info",
        "--schedule",
        "/tmp/celerybeat-schedule",
    ]


def test_settings_parser_finds_the_settings_variables():
    names = settings_env_names()

    assert {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DJANGO_SECRET_KEY", "DJANGO_DEBUG"} <= names
    assert {"DJANGO_ALLOWED_HOSTS", "SITE_URL", "DJANGO_PRIVATE_ROOT"} <= names


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_gets_only_variables_settings_reads(services, name):
    unknown = set(services[name]["environment"]) - settings_env_names()

    assert unknown == set()


@pytest.mark.parametrize("name", APP_SERVICES)
def test_database_and_redis_urls_point_at_the_services(services, name):
    env = app_env(services, name)
    database = urlsplit(env["DATABASE_URL"])
    redis = urlsplit(env["REDIS_URL"])
    postgres_env = services["postgres"]["environment"]

    assert (database.scheme, database.hostname, database.port) == ("postgres", "postgres", 5432)
    assert database.username == postgres_env["POSTGRES_USER"]
    assert database.password == "<POSTGRES_PASSWORD>"
    assert database.path == "/" + postgres_env["POSTGRES_DB"]
    assert environ.Env.db_url_config(env["DATABASE_URL"])["ENGINE"] == (
        "django.db.backends.postgresql"
    )
    assert (redis.scheme, redis.hostname, redis.port, redis.path) == ("redis", "redis", 6379, "/0")


@pytest.mark.parametrize("name", APP_SERVICES)
def test_mail_goes_to_mailpit_over_smtp(services, name):
    email = environ.Env.email_url_config(app_env(services, name)["EMAIL_URL"])

    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"]) == ("mailpit", 1025)


def test_mailpit_publishes_ui_and_smtp_on_loopback(services):
    assert services["mailpit"]["image"] == "axllent/mailpit:latest"
    assert services["mailpit"]["ports"] == ["127.0.0.1:8025:8025", "127.0.0.1:1025:1025"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_runs_production_settings_with_required_secret(services, name):
    raw = services[name]["environment"]
    env = app_env(services, name)

    assert re.fullmatch(r"\$\{DJANGO_SECRET_KEY:\?[^}]+\}", raw["DJANGO_SECRET_KEY"])
    assert env["DJANGO_DEBUG"] == "0"
    assert env["DJANGO_SECURE_SSL_REDIRECT"] == "0"
    assert env["DJANGO_ALLOWED_HOSTS"] == "localhost,127.0.0.1"
    assert env["SITE_URL"] == "http://localhost:8000"


def test_private_files_volume_is_shared_by_web_and_worker_only(compose, services):
    for name in ("web", "worker"):
        assert services[name]["volumes"] == ["private:/data/private"]
        assert services[name]["environment"]["DJANGO_PRIVATE_ROOT"] == "/data/private"
    assert services["beat"]["volumes"] == []
    assert sorted(compose["volumes"]) == ["pgdata", "private", "redisdata"]


def web_healthcheck_code(services) -> str:
    test = services["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    return test[3]


def test_web_healthcheck_calls_healthz_on_an_allowed_host(services):
    code = web_healthcheck_code(services)
    url = re.search(r"'(http://[^']+)'", code).group(1)

    assert url == "http://127.0.0.1:8000/healthz"
    assert urlsplit(url).hostname in app_env(services, "web")["DJANGO_ALLOWED_HOSTS"].split(",")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "exit_code"),
    [(None, False), (b'{"status": "starting"}', True)],
    ids=["real-healthz", "not-ok"],
)
def test_web_healthcheck_exit_code_follows_healthz_answer(
    services, client, monkeypatch, body, exit_code
):
    requested = []

    def urlopen(url, timeout):
        requested.append((url, timeout))
        if body is not None:
            return io.BytesIO(body)
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200
        return io.BytesIO(response.content)

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)

    with pytest.raises(SystemExit) as exited:
        exec(web_healthcheck_code(services), {})  # noqa: S102 - the compose health check itself

    assert exited.value.code is exit_code
    assert requested == [("http://127.0.0.1:8000/healthz", 5)]


def test_dockerfile_builds_node_modules_then_python_312_slim_image():
    stages = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "FROM"]

    assert stages == ["node:22-bookworm-slim AS assets", "python:3.12-slim-bookworm"]
    runs = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "RUN"]
    # Development packages (axe-core, for the accessibility tests) stay out of the image.
    assert "npm ci --omit=dev --no-audit --no-fund --loglevel=error" in runs
    assert "uv sync --frozen --no-dev --no-cache" in runs
    assert ("COPY", "--from=assets /build/node_modules ./node_modules") in dockerfile_instructions()


def test_dockerfile_installs_pango_harfbuzz_fonts_and_gettext():
    (install,) = [
        arguments
        for keyword, arguments in dockerfile_instructions()
        if keyword == "RUN" and "apt-get install" in arguments
    ]
    packages = install.split("--no-install-recommends ")[1].split(" &&")[0].split()

    assert packages == [
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fonts-noto-core",
        "gettext",
    ]


def test_dockerfile_compiles_messages_and_collects_static_with_a_build_only_key():
    instructions = dockerfile_instructions()
    (build,) = [
        arguments
        for keyword, arguments in instructions
        if keyword == "RUN" and "manage.py" in arguments
    ]

    assert build.startswith("set -eu; export DJANGO_DEBUG=0; export DJANGO_SECRET_KEY=")
    assert "secrets.token_urlsafe(50)" in build
    assert build.endswith(
        "; python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0"
        "; python manage.py collectstatic --noinput -v 0"
    )
    persisted = " ".join(
        arguments for keyword, arguments in instructions if keyword in {"ENV", "ARG"}
    )
    assert "DJANGO_SECRET_KEY" not in persisted


def test_dockerfile_runs_gunicorn_as_non_root_on_port_8000():
    instructions = dockerfile_instructions()
    env = " ".join(arguments for keyword, arguments in instructions if keyword == "ENV").split()
    cmd = json.loads([arguments for keyword, arguments in instructions if keyword == "CMD"][-1])

    assert cmd[:2] == ["gunicorn", "forum.wsgi:application"]
    assert cmd[cmd.index("--bind") + 1] == "0.0.0.0:8000"
    assert "WEB_CONCURRENCY=3" in env  # gunicorn's default --workers
    assert ("EXPOSE", "8000") in instructions
    assert [arguments for keyword, arguments in instructions if keyword == "USER"] == ["forum"]


def test_dockerignore_keeps_local_state_out_of_the_build_context():
    ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())

    assert {
        ".venv",
        "node_modules",
        ".git",
        "db.sqlite3*",
        "private",
        "staticfiles",
        ".tools",
        ".pytest_cache",
        ".env",
    } <= ignored
