"""The check-in benchmark's reference endpoint: the floor of a scan's database work (lock the
registration row, insert one scan), served by the same server and framework as the scan API.

Only the benchmarks' server has it, at /api/v1/bench/reference: bench.settings routes it in.
"""

from django.db import transaction
from ninja import NinjaAPI, Schema

from checkin.models import Scan
from forum.sql import fetch_one
from registration.models import Registration

api = NinjaAPI(
    title="Forum benchmark reference", urls_namespace="bench", docs_url=None, openapi_url=None
)


class ReferenceIn(Schema):
    registration_id: int
    nonce: str


@api.post("/reference")
def bench_reference(request, body: ReferenceIn):
    """Run as the scan's own statements are (forum.sql.fetch_one: prepared on PostgreSQL)."""
    registrations = Registration._meta.db_table
    with transaction.atomic():
        fetch_one(
            f"SELECT id FROM {registrations} WHERE id = %s FOR UPDATE",  # noqa: S608
            [body.registration_id],
        )
        fetch_one(
            f"INSERT INTO {Scan._meta.db_table} (edition_id, source_key, nonce, raw_code, "  # noqa: S608
            "result, is_first_entry, offline, scanned_at, received_at, registration_id) "
            f"SELECT edition_id, 'bench', %s, '', 'ok', false, false, now(), now(), id "
            f"FROM {registrations} WHERE id = %s RETURNING id",
            [body.nonce, body.registration_id],
        )
    return {"result": "ok"}
