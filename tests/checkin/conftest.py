import pytest

from tests.factories import EditionFactory


@pytest.fixture
def past_edition(db):
    """The 2024 edition, no longer current: another edition's gates and delegates never show."""
    return EditionFactory(slug="2024", is_current=False)
