"""The contract between the delegate list the API sends and what the scanner app reads of it.

The app's own decision module (checkin/static/checkin/scanner/decide.js) runs in Node on a real
answer of GET /api/v1/checkin/delegates, stored in an in-memory IndexedDB as the app stores it,
and decides a scan offline: its answer must say what the server's answer to the same scan says.
"""

import json
import shutil
import subprocess

import pytest
from django.conf import settings

from checkin.api.schemas import DelegateEntryOut
from tests.checkin.api.helpers import DELEGATES, SCAN, approved, payload

pytestmark = pytest.mark.django_db

SCANNER = settings.BASE_DIR / "checkin" / "static" / "checkin" / "scanner"
OFFLINE_ANSWER = """
import "fake-indexeddb/auto";
import { decideScan, LIST_FIELDS } from "%(scanner)s/decide.js";
import { openStore } from "%(scanner)s/store.js";

const { list, code, catalog } = JSON.parse(process.argv[1]);
const store = await openStore();
await store.applyDelegates(list.delegates, list.revoked, list.cursor);
const { answer } = await decideScan({ code, nonce: "n", online: false, store, at: "", catalog });
console.log(JSON.stringify({ answer, fields: LIST_FIELDS }));
"""


def _node(script: str, argument: dict) -> dict:
    node = shutil.which("node")
    assert node, "Node.js is needed (make install), as for the app's unit tests (npm test)"
    done = subprocess.run(
        [node, "--input-type=module", "-e", script % {"scanner": SCANNER}, json.dumps(argument)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_app_answers_offline_what_the_server_answers_online(api, edition, gate):
    delegate = approved(edition, honorific="Ông", name="Nguyễn Văn An", needs="Xe lăn")
    code = payload(delegate)
    api.post(SCAN, {"code": code, "nonce": "first"})
    online = api.post(SCAN, {"code": code, "nonce": "second"}).json()
    listed = api.get(DELEGATES).json()
    catalog = {"results": {online["result"]: online["message"]}}

    offline = _node(OFFLINE_ANSWER, {"list": listed, "code": code, "catalog": catalog})

    assert offline["answer"] == online
    # Every field the app reads is one the list sends, and one its schema promises.
    assert set(offline["fields"]) <= set(listed["delegates"][0])
    assert set(offline["fields"]) <= set(DelegateEntryOut.model_fields)
