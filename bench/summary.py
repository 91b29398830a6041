"""The summary at the top of docs/performance.md: every benchmark's figures against their targets.

`python -m bench` gives each benchmark a file to write its figures in (bench.common.record) and,
after the run, writes them as a table between two markers of the page. A benchmark that did not
run this time keeps its rows from before; one that ended without figures gets a failed row.
"""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
START = "<!-- bench-summary:start -->"
END = "<!-- bench-summary:end -->"
HEADER = (
    "| benchmark | figure | measured | target | result | run | command |",
    "|---|---|---:|---|---|---|---|",
)


@dataclass
class Result:
    """One benchmark's run: its exit status and the figures it recorded."""

    name: str
    command: str
    status: int
    figures: list[dict]
    date: dt.date
    cpus: int | None = None
    load: float | None = None

    @classmethod
    def read(cls, *, name: str, command: str, status: int, path: Path, date: dt.date):
        """The run whose figures are in `path` (missing when the benchmark ended without)."""
        data = json.loads(path.read_text()) if path.exists() else {}
        return cls(
            name=name,
            command=command,
            status=status,
            figures=data.get("figures", []),
            date=date,
            cpus=data.get("cpus"),
            load=data.get("load"),
        )

    def rows(self) -> list[str]:
        figures = list(self.figures)
        if not figures:
            figures = [_failed("—", f"no figures (exit status {self.status})")]
        elif self.status != 0 and all(figure["ok"] for figure in figures):
            # Its own checks failed beyond the figures (a request error, a count off).
            figures.append(_failed("other checks", f"failed (exit status {self.status})"))
        run = self.date.strftime("%d/%m/%Y")
        if self.cpus is not None and self.load is not None:
            run += f", {self.cpus} CPUs, load {self.load:.1f}"
        return [
            _row(
                f"`{self.name}`",
                figure["figure"],
                figure["measured"],
                figure["target"],
                "pass" if figure["ok"] else "**FAIL**",
                run,
                f"`{self.command}`",
            )
            for figure in figures
        ]


def _failed(figure: str, measured: str) -> dict:
    return {"figure": figure, "measured": measured, "target": "—", "ok": False}


def _row(*cells: str) -> str:
    return (
        "| " + " | ".join(str(cell).replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"
    )


def _rows_by_benchmark(table: str) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in table.splitlines():
        if line.startswith("| `"):
            name = line[3:].split("`", 1)[0]
            rows.setdefault(name, []).append(line)
    return rows


def write_summary(results: list[Result], *, order: list[str], doc: Path | None = None) -> None:
    """Write the table between the markers of `doc` (docs/performance.md): the rows of
    `results`, and for the other benchmarks in `order` their rows from the table already there."""
    doc = doc or DOC
    text = doc.read_text()
    head, start, rest = text.partition(START)
    table, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"{doc} has no {START} … {END} markers")
    rows = _rows_by_benchmark(table)
    rows.update({result.name: result.rows() for result in results})
    lines = [*HEADER, *(row for name in order for row in rows.get(name, []))]
    doc.write_text(f"{head}{START}\n" + "\n".join(lines) + f"\n{END}{tail}")
