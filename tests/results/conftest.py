from __future__ import annotations

import pytest

from tests.results.fixtures import EventDay, electrician_day, load_contest, welder_day


@pytest.fixture(scope="module")
def contest():
    return load_contest()


@pytest.fixture
def welder(contest) -> EventDay:
    return welder_day(contest)


@pytest.fixture
def electrician(contest) -> EventDay:
    return electrician_day(contest)
