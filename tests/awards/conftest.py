from pathlib import Path

import pytest

from tests.awards.helpers import award_setup, judge_make, panel_of


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Uploaded and generated files in a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "private"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def setup(edition):
    return award_setup(edition)


@pytest.fixture
def panel(setup):
    """The industry sub-committee of the scoring round."""
    return panel_of(setup.scoring, setup.industry)


@pytest.fixture
def judges(setup, panel):
    """Three judges on the industry sub-committee."""
    names = ["Nguyễn Văn Một", "Trần Thị Hai", "Lê Văn Ba"]
    return [
        judge_make(setup, f"gk{number}@example.vn", panels=[panel], name=name)
        for number, name in enumerate(names, start=1)
    ]
