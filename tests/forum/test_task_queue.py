"""Tasks are started by name from any thread of a web process."""

import subprocess
import sys

from tests.forum.test_settings import ROOT

FIRST_TASKS_AT_ONCE = """
import os, threading, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
django.setup()
from forum import task_queue

barrier = threading.Barrier(16)
errors = []

def first_email():
    barrier.wait()
    try:
        task_queue._task("mail.email_send")
    except Exception as exc:
        errors.append(repr(exc))

threads = [threading.Thread(target=first_email) for _ in range(16)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len(errors), errors[:1])
"""


def test_the_first_tasks_of_a_fresh_process_started_by_many_threads_at_once_are_found():
    # A gunicorn worker's threads, right after it started, each sending an email: the task
    # modules are loaded on first use. The race lost often enough for one of four fresh
    # processes to show it.
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", FIRST_TASKS_AT_ONCE],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]

    assert [run.returncode for run in runs] == [0] * 4, outputs
    assert [out.strip().splitlines()[-1] for out, _err in outputs] == ["0 []"] * 4
