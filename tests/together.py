"""Two requests held together at the insert: both pass the checks before either writes, so the
second insert meets the database's unique constraint (the race a form check alone lets through)."""

import threading

from django.db import connection
from django.test import Client


def post_together(monkeypatch, *, model, user, url: str, data: dict) -> list:
    """POST `data` to `url` as `user` from two threads whose first save of a new `model` waits
    for the other's; returns both responses."""
    barrier = threading.Barrier(2, timeout=20)
    real_save = model.save

    def save_together(self, *args, **kwargs):
        if self.pk is None:
            barrier.wait()
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(model, "save", save_together)
    answers = []

    def posts():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            answers.append(client.post(url, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=posts) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers
