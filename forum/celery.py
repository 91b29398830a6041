import logging
import os

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

app = Celery("forum")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


class WorkerSweeps(bootsteps.StartStopStep):
    """Every worker runs the recovery sweeps itself (settings.WORKER_SWEEPS: task name →
    seconds), in its main process, whatever command started it: recovery never depends on a
    beat process or a flag someone may leave out. The sweeps take rows with SKIP LOCKED, so any
    number of workers may run them together."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.timers = []

    def start(self, worker):
        from django.conf import settings

        for name, seconds in settings.WORKER_SWEEPS.items():
            self.timers.append(
                worker.timer.call_repeatedly(seconds, _sweep, (worker.app, name), priority=10)
            )

    def stop(self, worker):
        for timer in self.timers:
            timer.cancel()
        self.timers.clear()


def _sweep(celery_app, name: str) -> None:
    from django.db import close_old_connections

    close_old_connections()
    try:
        celery_app.tasks[name]()
    except Exception:
        logger.exception("sweep %s failed; it runs again at the next interval", name)
    finally:
        close_old_connections()


app.steps["worker"].add(WorkerSweeps)
