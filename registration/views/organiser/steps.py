"""Jobs done in steps of a few seconds (import, bulk decisions), each step one request; the
progress page asks for the next (organiser/_step_progress.html)."""


def step_counts(state: dict) -> dict:
    """Where a job done in steps stands: its state has "total" and the "queue" still to do."""
    total = state["total"]
    done = total - len(state["queue"])
    return {"done": done, "total": total, "percent": round(100 * done / total) if total else 100}
