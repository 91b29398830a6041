"""Enqueue Celery tasks by name, so that services never import the task modules that call them.

A task module imports its services (it is the thin interface above them); a service that starts
a task names it instead. Without a broker (no REDIS_URL) the task runs inline.
"""

from functools import partial

from django.db import transaction

from forum.celery import app


def _task(name: str):
    if name not in app.tasks:
        # The web process imports task modules only when asked: load every app's tasks once.
        app.loader.import_default_modules()
    return app.tasks[name]


def task_enqueue(name: str, /, **kwargs):
    """Send the task `name` now; returns its AsyncResult (EagerResult without a broker)."""
    return _task(name).delay(**kwargs)


def task_enqueue_on_commit(name: str, /, **kwargs) -> None:
    """Send the task `name` once the surrounding transaction commits (at once outside one)."""
    transaction.on_commit(partial(task_enqueue, name, **kwargs))
