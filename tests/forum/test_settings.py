"""Settings come from the environment; defaults need no services."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
from django.conf import settings
django.setup()
from forum.celery import app
print(json.dumps({
    "db_engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "db_host": settings.DATABASES["default"].get("HOST", ""),
    "db_options": settings.DATABASES["default"].get("OPTIONS", {}),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "broker": app.conf.broker_url,
    "eager": app.conf.task_always_eager,
    "mailer": settings.MAILERS["default"]["BACKEND"],
    "mailer_options": settings.MAILERS["default"]["OPTIONS"],
    "debug": settings.DEBUG,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "site_url": settings.SITE_URL,
    "language": settings.LANGUAGE_CODE,
    "time_zone": settings.TIME_ZONE,
}))
"""
SERVICE_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "SITE_URL",
    "DATABASE_PREPARED_STATEMENTS",
)


def run_django(code: str, **env_vars: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARS}
    env.update({"DJANGO_SETTINGS_MODULE": "forum.settings", **env_vars})
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def probe(**env_vars: str) -> dict:
    result = run_django(PROBE, **env_vars)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_need_no_services():
    config = probe()

    assert config["db_engine"] == "django.db.backends.sqlite3"
    assert config["db_name"].endswith("db.sqlite3")
    assert config["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert config["broker"] == "memory://"
    assert config["eager"] is True
    assert config["mailer"] == "django.core.mail.backends.console.EmailBackend"
    assert config["debug"] is True
    assert config["language"] == "vi"
    assert config["time_zone"] == "Asia/Ho_Chi_Minh"


def test_redis_url_switches_broker_and_cache_to_redis():
    config = probe(REDIS_URL="redis://127.0.0.1:6379/3")

    assert config["broker"] == "redis://127.0.0.1:6379/3"
    assert config["eager"] is False
    assert config["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert config["cache_location"] == "redis://127.0.0.1:6379/3"


def test_database_url_switches_to_postgresql():
    config = probe(DATABASE_URL="postgres://forum:secret@db.internal:5433/forum_prod")

    assert config["db_engine"] == "django.db.backends.postgresql"
    assert config["db_name"] == "forum_prod"
    assert config["db_host"] == "db.internal"
    assert config["db_options"]["prepare_threshold"] == 5


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    config = probe(
        DATABASE_URL="postgres://forum:secret@db.internal:5433/forum_prod",
        DATABASE_PREPARED_STATEMENTS="0",
    )

    assert "prepare_threshold" not in config["db_options"]


def test_email_url_switches_to_smtp():
    config = probe(EMAIL_URL="smtp+tls://mailer:pw@smtp.example.vn:587")

    assert config["mailer"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["mailer_options"]["host"] == "smtp.example.vn"
    assert config["mailer_options"]["port"] == 587
    assert config["mailer_options"]["use_tls"] is True
    assert config["mailer_options"]["username"] == "mailer"


def test_host_and_site_url_come_from_env():
    config = probe(
        DJANGO_ALLOWED_HOSTS="forum.example.vn,www.forum.example.vn",
        SITE_URL="https://forum.example.vn/",
    )

    assert config["allowed_hosts"] == ["forum.example.vn", "www.forum.example.vn"]
    assert config["site_url"] == "https://forum.example.vn"


def test_production_refuses_to_start_without_secret_key():
    result = run_django("import django; django.setup()", DJANGO_DEBUG="0")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_in_production():
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARS}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 20 + "production-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        DJANGO_ALLOWED_HOSTS="forum.example.vn",
        SITE_URL="https://forum.example.vn",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example.vn:587",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_every_worker_sweep_names_a_task_the_workers_know(db):
    from django.conf import settings

    from forum.celery import app

    app.loader.import_default_modules()

    assert set(settings.WORKER_SWEEPS) == {
        "mail.outbox_flush",
        "forum.jobs_sweep",
        "agenda.seats_reconcile",
    }
    assert set(settings.WORKER_SWEEPS) <= set(app.tasks)
