"""Indicators of each kind that the returns tests fill in."""

import pytest

from actions.models import Indicator


@pytest.fixture
def flow(plan):
    return Indicator.objects.get(plan=plan, code="I1.2.1")


@pytest.fixture
def stock(plan):
    return Indicator.objects.get(plan=plan, code="I1.0.1")


@pytest.fixture
def ratio(plan):
    return Indicator.objects.get(plan=plan, code="I5.0.1")
