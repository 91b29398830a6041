"""The published OpenAPI schema of the API."""

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_documents_the_scanner_api(client):
    schema = client.get("/api/v1/openapi.json").json()

    paths = schema["paths"]
    assert {
        "/api/v1/devices/pair",
        "/api/v1/checkin/me",
        "/api/v1/checkin/scan",
        "/api/v1/checkin/batch",
        "/api/v1/checkin/delegates",
        "/api/v1/checkin/search",
        "/api/v1/checkin/manual",
    } <= set(paths)
    scan = paths["/api/v1/checkin/scan"]["post"]
    assert {"200", "400", "401"} <= set(scan["responses"])
    assert {"DeviceToken": []} in scan["security"]
    schemes = schema["components"]["securitySchemes"]
    assert schemes["DeviceToken"] == {"type": "http", "scheme": "bearer"}
    assert schemes["StaffSession"]["in"] == "cookie"
    result = schema["components"]["schemas"]["ScanOut"]["properties"]["result"]
    assert set(result["enum"]) == {
        "ok",
        "already_checked_in",
        "invalid",
        "not_approved",
        "cancelled",
        "revoked",
        "no_seat",
        "seat_waitlisted",
    }
    assert "/api/v1/bench/reference" not in paths


def test_openapi_documents_refusals_and_what_the_offline_list_carries(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    item = schemas["BatchItemOut"]["properties"]
    [codes] = [choice for choice in item["code"]["anyOf"] if "enum" in choice]
    assert set(codes["enum"]) == {
        "scanned_too_early",
        "scanned_in_future",
        "unknown_registration",
        "malformed",
    }
    assert {"replaced", "error", "message"} <= set(item)
    entry = schemas["DelegateEntryOut"]
    assert {"needs", "first_checkin"} <= set(entry["required"])
    assert "code" in schemas["ErrorOut"]["properties"]


def test_openapi_documents_the_gate_list(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {"DeviceToken": []} in paths["/api/v1/checkin/gates"]["get"]["security"]


def test_no_api_docs_page_that_would_load_a_cdn(client):
    assert client.get("/api/v1/docs").status_code == 404
    assert client.get("/api/v1/openapi.json").status_code == 200
