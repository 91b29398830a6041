"""axe-core in a page: the WCAG 2.1 A and AA rules, violations as readable text.

axe-core comes from npm (a development dependency) and is evaluated through the browser's
debugging protocol, which the pages' Content-Security-Policy does not govern.
"""

from pathlib import Path

from django.conf import settings

AXE = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""


def axe_violations(page) -> list[dict]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    return page.evaluate(RUN_AXE, RULES)


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
