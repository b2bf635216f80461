"""generate_data: counts, nesting, the same data for the same seed, about 3 % of returns missing."""

import pytest
from django.core.management import CommandError, call_command

from benchmarks.generator import NATION_LEAVES, PROVINCE_LEAVES, data_generate, unit_tree_specs
from dashboards.models import UnitYearToDate
from districts.models import ReportingUnit
from reports.models import Figure, MonthlyReturn, ReturnStatus


def _snapshot():
    return list(
        Figure.objects.order_by("monthly_return__unit__code", "monthly_return__month", "indicator__code").values_list(
            "monthly_return__unit__code", "monthly_return__month", "monthly_return__status", "indicator__code", "value"
        )
    )


def test_the_city_scale_files_for_the_eight_real_units_with_every_indicator(db):
    result = data_generate(scale="city", years=1, seed=7)
    assert result.leaves == 8 and ReportingUnit.objects.districts().count() == 8
    assert set(MonthlyReturn.objects.values_list("unit__code", flat=True)) <= {
        "HC", "WD", "RC", "RS", "GQ", "JQ", "LG", "NH"
    }  # fmt: skip
    assert result.returns + result.missing == 8 * 12
    indicators = result.plans[0].indicators.filter(is_active=True).count()
    assert Figure.objects.count() == result.returns * indicators == result.figures
    assert len(result.by_status) > 1  # mixed workflow states


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(db):
    data_generate(scale="city", years=1, seed=3)
    first = _snapshot()
    data_generate(scale="city", years=1, seed=3)
    assert _snapshot() == first
    data_generate(scale="city", years=1, seed=4)
    assert _snapshot() != first


def test_the_province_nests_136_counties_under_16_cities_under_one_province_with_3_percent_missing(db):
    result = data_generate(scale="province", years=1, seed=1)
    province = ReportingUnit.objects.roots().get()
    assert province.kind == ReportingUnit.Kind.PROVINCE
    cities = ReportingUnit.objects.filter(parent=province)
    assert cities.count() == 16 and all(c.kind == ReportingUnit.Kind.CITY for c in cities)
    leaves = ReportingUnit.objects.leaves()
    assert leaves.count() == PROVINCE_LEAVES == result.leaves
    assert not leaves.filter(parent__parent__isnull=True).exclude(parent__parent=province).exists()
    assert ReportingUnit.objects.get(code="HC").parent.name == "威海市"  # the real units sit under Weihai
    # Every return is a county unit's; about 3 % of the 1,632 unit-months are missing.
    assert not MonthlyReturn.objects.exclude(unit__in=leaves).exists()
    assert result.returns + result.missing == PROVINCE_LEAVES * 12
    assert 0.015 < result.missing / (PROVINCE_LEAVES * 12) < 0.05
    approved = MonthlyReturn.objects.filter(status=ReturnStatus.APPROVED).count()
    assert 0.7 < approved / result.returns < 0.9
    # The dashboards' summary was rebuilt for the loaded data.
    assert UnitYearToDate.objects.filter(month=12).values("unit").distinct().count() == PROVINCE_LEAVES
    # Each city has its reviewer, a coordinator of the city's subtree (reports.scoping).
    from accounts.models import User
    from reports.scoping import units_for_user

    reviewers = User.objects.filter(reporting_unit__in=cities, groups__name="市级统筹")
    assert reviewers.count() == 16
    weihai = reviewers.get(reporting_unit__name="威海市")
    assert set(units_for_user(weihai).leaves().values_list("code", flat=True)) == {
        "HC", "WD", "RC", "RS", "GQ", "JQ", "LG", "NH"
    }  # fmt: skip
    data_generate(scale="city", years=1, seed=1)  # and back: the generated cities and their reviewers are gone
    assert not User.objects.filter(username__startswith="reviewer-").exists()


def test_the_nation_tree_has_2850_counties_under_31_provinces():
    specs = unit_tree_specs(scale="nation", seed=1)
    provinces = [s for s in specs if s.kind == ReportingUnit.Kind.PROVINCE]
    counties = [s for s in specs if s.kind == ReportingUnit.Kind.COUNTY]
    assert len(provinces) == 31
    # The eight real units are the rest of the first province's counties.
    assert len(counties) + 8 == NATION_LEAVES
    cities = {s.code for s in specs if s.kind == ReportingUnit.Kind.CITY}
    assert all(c.parent in cities for c in counties)
    assert unit_tree_specs(scale="nation", seed=1) == specs


def test_the_command_refuses_to_replace_returns_unless_told(db):
    call_command("generate_data", "--scale", "city", "--seed", "2")
    with pytest.raises(CommandError):
        call_command("generate_data", "--scale", "city")
    call_command("generate_data", "--scale", "city", "--replace")
    assert MonthlyReturn.objects.exists()
