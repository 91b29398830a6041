"""The benchmark summary in docs/performance.md (bench/summary.py), written from given results
into a copy of the page."""

import datetime as dt
import json
import os
import shutil

import pytest

from bench import __main__ as bench_main
from bench import summary
from bench.__main__ import BENCHES, command
from bench.common import RESULT_FILE, Figure, record

DAY = dt.date(2025, 12, 30)


@pytest.fixture
def doc(tmp_path):
    """A copy of the page, its table emptied."""
    copy = tmp_path / "performance.md"
    shutil.copy(summary.DOC, copy)
    head, rest = copy.read_text().split(summary.START)
    copy.write_text(f"{head}{summary.START}\n{summary.END}{rest.split(summary.END)[1]}")
    return copy


def test_the_committed_table_has_rows_for_every_benchmark():
    rows = _table(summary.DOC)

    assert rows[:2] == list(summary.HEADER)
    named = {row[3:].split("`", 1)[0] for row in rows[2:]}
    assert named == set(BENCHES)


def _table(doc) -> list[str]:
    text = doc.read_text()
    inside = text.split(summary.START, 1)[1].split(summary.END, 1)[0]
    return [line for line in inside.splitlines() if line]


def _result(name, figures, status=0, **fields):
    return summary.Result(
        name=name,
        command=command(name, []),
        status=status,
        figures=[vars(figure) for figure in figures],
        date=DAY,
        **fields,
    )


def test_the_page_has_the_markers_once():
    text = summary.DOC.read_text()

    assert text.count(summary.START) == text.count(summary.END) == 1
    assert text.index(summary.START) < text.index(summary.END)


def test_summary_is_written_between_the_markers(doc):
    before = doc.read_text()
    results = [
        _result(
            "checkin",
            [
                Figure("scan ÷ reference, throughput", "0.62", "≥ 0.5", True),
                Figure("scan ÷ reference, p99", "2.40", "≤ 2.0", False),
            ],
            status=1,
            cpus=2,
            load=3.25,
        ),
        _result("awards", [Figure("CPU of one ranking request", "41 ms", "< 200 ms", True)]),
    ]

    summary.write_summary(results, order=list(BENCHES), doc=doc)

    assert _table(doc) == [
        *summary.HEADER,
        "| `checkin` | scan ÷ reference, throughput | 0.62 | ≥ 0.5 | pass | 30/12/2025, 2 CPUs, "
        "load 3.2 | `.venv/bin/python -m bench checkin` |",
        "| `checkin` | scan ÷ reference, p99 | 2.40 | ≤ 2.0 | **FAIL** | 30/12/2025, 2 CPUs, "
        "load 3.2 | `.venv/bin/python -m bench checkin` |",
        "| `awards` | CPU of one ranking request | 41 ms | < 200 ms | pass | 30/12/2025 | "
        "`.venv/bin/python -m bench awards` |",
    ]
    # Nothing outside the markers moves.
    after = doc.read_text()
    assert after.split(summary.START)[0] == before.split(summary.START)[0]
    assert after.split(summary.END)[1] == before.split(summary.END)[1]


def test_a_new_run_replaces_its_rows_and_keeps_the_others(doc):
    summary.write_summary(
        [
            _result("badges", [Figure("bulk print PDF ÷ floor, CPU", "1.10", "≤ 1.3", True)]),
            _result("checkin", [Figure("scan ÷ reference, throughput", "0.40", "≥ 0.5", False)]),
        ],
        order=list(BENCHES),
        doc=doc,
    )

    summary.write_summary(
        [_result("checkin", [Figure("scan ÷ reference, throughput", "0.70", "≥ 0.5", True)])],
        order=list(BENCHES),
        doc=doc,
    )
    summary.write_summary(
        [_result("checkin", [Figure("scan ÷ reference, throughput", "0.71", "≥ 0.5", True)])],
        order=list(BENCHES),
        doc=doc,
    )

    rows = _table(doc)[2:]
    assert [row.split(" | ")[0:3] for row in rows] == [
        ["| `badges`", "bulk print PDF ÷ floor, CPU", "1.10"],
        ["| `checkin`", "scan ÷ reference, throughput", "0.71"],
    ]
    assert doc.read_text().count(summary.START) == 1


def test_a_benchmark_that_failed_without_figures_gets_a_failed_row(doc):
    summary.write_summary([_result("showcase", [], status=1)], order=list(BENCHES), doc=doc)

    [row] = _table(doc)[2:]
    assert "no figures (exit status 1)" in row
    assert "**FAIL**" in row


def test_a_failed_exit_with_every_figure_met_still_shows_a_failure(doc):
    """A benchmark's own checks (a request error, a count off) fail beyond its figures."""
    summary.write_summary(
        [_result("agenda", [Figure("x", "1", "≥ 0", True)], status=1)],
        order=list(BENCHES),
        doc=doc,
    )

    rows = _table(doc)[2:]
    assert len(rows) == 2
    assert "other checks" in rows[1] and "**FAIL**" in rows[1]


def test_a_pipe_in_a_cell_does_not_break_the_table(doc):
    summary.write_summary(
        [_result("awards", [Figure("a | b", "1", "2", True)])], order=list(BENCHES), doc=doc
    )

    [row] = _table(doc)[2:]
    assert "a \\| b" in row
    assert row.count(" | ") == 6


def test_a_page_without_markers_is_refused(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text("# Performance\n")

    with pytest.raises(ValueError, match="markers"):
        summary.write_summary([], order=list(BENCHES), doc=page)

    assert page.read_text() == "# Performance\n"


def test_record_writes_the_figures_for_the_run(tmp_path, monkeypatch):
    path = tmp_path / "checkin.json"
    monkeypatch.setenv(RESULT_FILE, str(path))

    record([Figure("scan ÷ reference, p99", "1.50", "≤ 2.0", True)], load=1.234)

    result = summary.Result.read(name="checkin", command="c", status=0, path=path, date=DAY)
    assert result.figures == [
        {"figure": "scan ÷ reference, p99", "measured": "1.50", "target": "≤ 2.0", "ok": True}
    ]
    assert result.load == 1.2
    assert json.loads(path.read_text())["cpus"] >= 1


def test_record_does_nothing_when_the_benchmark_runs_on_its_own(tmp_path, monkeypatch):
    monkeypatch.delenv(RESULT_FILE, raising=False)
    monkeypatch.chdir(tmp_path)

    record([Figure("x", "1", "2", True)], load=0.0)

    assert list(tmp_path.iterdir()) == []


def test_a_benchmark_run_alone_writes_its_rows(doc, tmp_path, monkeypatch):
    """`python -m bench NAME`: the figures the benchmark records reach the page."""
    (tmp_path / "fake_bench.py").write_text(
        "from bench.common import Figure, record\n"
        "def main(argv):\n"
        "    record([Figure('seconds', argv[0], '≤ 5', float(argv[0]) <= 5)], load=0.5)\n"
        "    return 0 if float(argv[0]) <= 5 else 1\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(bench_main, "BENCHES", {"fake": "fake_bench"})
    monkeypatch.setattr(summary, "DOC", doc)
    monkeypatch.delenv(RESULT_FILE, raising=False)

    assert bench_main.main(["fake", "7"]) == 1

    [row] = _table(doc)[2:]
    assert row.startswith("| `fake` | seconds | 7 | ≤ 5 | **FAIL** |")
    assert row.endswith("| `.venv/bin/python -m bench fake 7` |")
    assert RESULT_FILE not in os.environ


def test_no_summary_leaves_the_page_alone(doc, tmp_path, monkeypatch):
    (tmp_path / "quiet_bench.py").write_text(
        "from bench.common import Figure, record\n"
        "def main(argv):\n"
        "    record([Figure('x', '1', '1', True)], load=0.0)\n"
        "    return 0\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(bench_main, "BENCHES", {"fake": "quiet_bench"})
    monkeypatch.setattr(summary, "DOC", doc)
    before = doc.read_text()

    assert bench_main.main(["--no-summary", "fake"]) == 0

    assert doc.read_text() == before
