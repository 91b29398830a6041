"""Enqueue Celery tasks by name, so that services never import the task modules that call them.

A task module imports its services (it is the thin interface above them); a service that starts
a task names it instead. Without a broker (no REDIS_URL) the task runs inline.
"""

import logging
import threading
import time
from functools import partial

from django.db import transaction
from kombu.exceptions import ChannelError, OperationalError

from forum.celery import app

logger = logging.getLogger(__name__)

# After the broker refused one task, the next offers in this process give up at once for this
# long instead of each waiting for the connection to fail again.
BROKER_PAUSE_SECONDS = 10.0
_refused_until = 0.0
_loading = threading.Lock()


def _task(name: str):
    if name not in app.tasks:
        # The web process imports task modules only when asked: load every app's tasks once.
        # One thread at a time: Celery's discovery runs once, and a second thread arriving
        # meanwhile would find nothing registered yet.
        with _loading:
            if name not in app.tasks:
                app.loader.import_default_modules()
    return app.tasks[name]


def task_enqueue(name: str, /, **kwargs):
    """Send the task `name` now; returns its AsyncResult (EagerResult without a broker)."""
    return _task(name).delay(**kwargs)


def task_enqueue_on_commit(name: str, /, **kwargs) -> None:
    """Send the task `name` once the surrounding transaction commits (at once outside one)."""
    transaction.on_commit(partial(task_enqueue, name, **kwargs))


def task_offer(name: str, /, **kwargs) -> bool:
    """Send the task `name` if the broker takes it, else log and return False.

    For work whose own rows say what is left to do (the outbox): a sweep sends it later, so an
    unreachable broker must not fail the request that committed it.
    """
    global _refused_until
    if time.monotonic() < _refused_until:
        return False
    try:
        _task(name).delay(**kwargs)
    except OperationalError as exc:
        _refused_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.warning("broker unreachable, %s left for the next sweep: %s", name, exc)
        return False
    return True


def task_queue_length() -> int | None:
    """Messages waiting in the default queue, or None when that cannot be known (no broker,
    broker unreachable)."""
    if app.conf.task_always_eager:
        return None
    try:
        with app.connection_for_read() as connection:
            connection.ensure_connection(max_retries=1)
            declared = connection.default_channel.queue_declare(
                queue=app.conf.task_default_queue, passive=True
            )
    except ChannelError:
        return 0  # the broker holds no such queue: nothing waits in it
    except OperationalError as exc:
        logger.info("queue length unknown: %s", exc)
        return None
    return declared.message_count
