"""The load: the clients' requests (a sign-up, the bare reference) and the phases of a run."""

import itertools
import secrets
from urllib.parse import urlencode

from bench.common import LOOPBACK, Phase, Server, request, run_clients
from bench.registration_burst.data import ORGANISATIONS


def sign_up(port: int, timeout: float):
    organisations = itertools.cycle(ORGANISATIONS)

    def call(job) -> tuple[float | None, str]:
        session_key, full_name = job
        csrf = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret
        body = urlencode(
            {
                "honorific": "Ông",
                "full_name": full_name,
                "given_name": "",
                "position": "Giám đốc",
                "organisation": next(organisations),
                "delegate_type": "enterprise",
                "phone": "0912 345 678",
                "province": "Thành phố Hà Nội",
                "email_language": "vi",
                "needs": "",
                "consent_administration": "on",
                "invitation_code": "",
                "csrfmiddlewaretoken": csrf,
            }
        ).encode()
        response = request(
            port,
            "POST",
            "/register/",
            headers={
                "Host": f"{LOOPBACK}:{port}",
                "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            body=body,
            timeout=timeout,
        )
        location = response.headers.get("location", "")
        if response.status == 302 and location == "/my-registration/":
            return response.seconds, ""
        return response.seconds, f"HTTP {response.status} {location}".strip()

    return call


def bare(port: int, timeout: float):
    def call(_job) -> tuple[float | None, str]:
        response = request(
            port, "GET", "/healthz", headers={"Host": f"{LOOPBACK}:{port}"}, timeout=timeout
        )
        if response.status == 200:
            return response.seconds, ""
        return response.seconds, f"HTTP {response.status}"

    return call


def load_phases(args, locked: Server, control: Server, jobs) -> tuple[Phase, ...]:
    """Warm both servers up; the reference; the burst, in slots alternating between the locked
    server and the control (each its own database and the same delegates), so that a change in
    the machine's speed weighs on both alike; the reference again.

    Returns the reference before, the locked burst, the reference after and the control, each
    burst with its slots' requests together and its time the sum of its slots' times.
    """
    print(f"gunicorn on {LOOPBACK}:{locked.port}, log {locked.log_path}", flush=True)
    print(f"control without the edition lock on {LOOPBACK}:{control.port}", flush=True)
    bare_call = bare(locked.port, args.request_timeout)
    limits = dict(clients=args.clients, time_limit=args.time_limit)
    # Warm every worker (imports, first connection) before anything is measured.
    for server in (locked, control):
        warm = bare(server.port, args.request_timeout)
        run_clients("warm-up", range(args.clients * 4), warm, clients=args.clients, time_limit=60)
    before = run_clients("reference before", range(args.signups), bare_call, **limits)
    burst, unlocked = Phase("burst"), Phase("control burst")
    size = -(-len(jobs) // args.slots)
    for start in range(0, len(jobs), size):
        chunk = jobs[start : start + size]
        for total, server in ((burst, locked), (unlocked, control)):
            slot = run_clients(
                total.name, chunk, sign_up(server.port, args.request_timeout), **limits
            )
            total.latencies += slot.latencies
            total.failures += slot.failures
            total.wall_seconds += slot.wall_seconds
    after = run_clients("reference after", range(args.signups), bare_call, **limits)
    return before, burst, after, unlocked
