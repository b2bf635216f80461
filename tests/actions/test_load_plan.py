"""The loaded plan matches the plan's text (actions/data/plan_2023_source.txt) and DOMAIN.md's targets."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from actions.models import Action, Indicator, Measure, MeasureResponsibility, PlanYear, ResponsibleUnit, Target
from actions.services import plan_load
from districts.models import ReportingUnit

SOURCE = Path(__file__).resolve().parents[2] / "actions" / "data" / "plan_2023_source.txt"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def plan_text() -> str:
    return _squash(SOURCE.read_text(encoding="utf-8"))


def _measure_paragraphs(plan_text: str) -> dict[str, tuple[str, list[str]]]:
    """Read measure texts and their responsible units straight from the plan's text, independently of the loader."""
    body = plan_text[plan_text.index("二、工作内容") : plan_text.index("三、保障措施")]
    sections = re.split(r"（[一二三四五]）", body)[1:]
    found = {}
    for action_no, section in enumerate(sections, start=1):
        measures = section[section.index("工作举措：") + len("工作举措：") :]
        for number, paragraph in re.findall(r"(?:^|(?<=[。）]))(\d)\.(.*?（责任单位：.*?）)", measures):
            text, units = re.match(r"(.*)（责任单位：(.*)）$", paragraph).groups()
            found[f"{action_no}.{number}"] = (text, units.split("、"))
    return found


def test_it_loads_five_actions_with_their_objectives_as_written(plan, plan_text):
    actions = list(Action.objects.filter(plan=plan).order_by("number"))
    assert [a.number for a in actions] == [1, 2, 3, 4, 5]
    assert [a.title for a in actions] == [
        "新市民转移就业质量提升行动",
        "新市民返乡创业质量提升行动",
        "新市民职业培训质量提升行动",
        "新市民权益保障质量提升行动",
        "新市民公共服务质量提升行动",
    ]
    for action in actions:
        assert f"主要目标：{_squash(action.objective)}" in plan_text
    assert actions[0].objective == "稳定全市县域农村转移就业人员规模30万左右"


def test_it_loads_22_measures_with_texts_and_responsible_units_in_the_plans_order(plan, plan_text):
    expected = _measure_paragraphs(plan_text)
    assert len(expected) == 22
    counts = [Measure.objects.filter(action__plan=plan, action__number=n).count() for n in range(1, 6)]
    assert counts == [5, 4, 3, 3, 7]
    for measure in Measure.objects.filter(action__plan=plan).select_related("action"):
        text, units = expected[measure.code]
        assert _squash(measure.text) == text
        loaded_units = [r.unit.name for r in MeasureResponsibility.objects.filter(measure=measure).order_by("order")]
        assert loaded_units == units, measure.code


def test_the_first_named_unit_leads(plan):
    measure = Measure.objects.get(action__plan=plan, action__number=2, number=2)
    responsibilities = list(measure.responsibilities.order_by("order"))
    assert responsibilities[0].unit.name == "市财政局"
    assert responsibilities[0].is_lead and not responsibilities[1].is_lead


def test_it_loads_the_nine_responsible_units_and_eight_reporting_units(plan, plan_text):
    names = list(ResponsibleUnit.objects.values_list("name", flat=True))
    assert len(names) == 9
    assert names[0] == "市人力资源社会保障局"
    for name in names:
        assert name in plan_text
    units = list(ReportingUnit.objects.districts().order_by("sort_order").values_list("code", "name", "parent"))
    assert [u[0] for u in units] == ["HC", "WD", "RC", "RS", "GQ", "JQ", "LG", "NH"]
    assert all(parent is None for _code, _name, parent in units)
    assert ReportingUnit.objects.get(code="GQ").name == "威海火炬高技术产业开发区"


# DOMAIN.md's targets table: indicator name -> (kind, comparator, scope, value).
DOMAIN_TARGETS = {
    "县域农村转移就业人员规模": ("stock", "~", "city", Decimal("300000")),
    "新创设城镇公益性岗位": ("flow", "~", "city", Decimal("1800")),
    "新创设乡村公益性岗位": ("flow", "~", "city", Decimal("13000")),
    "东西部劳务协作促进中西部农村劳动力（含脱贫人口）就业": ("flow", "~", "city", Decimal("5000")),
    "线上线下招聘活动": ("flow", ">=", "city", Decimal("60")),
    "公益性零工市场": ("stock", ">=", "per_district", Decimal("1")),
    "农民工补贴性职业技能培训": ("flow", ">=", "city", Decimal("5000")),
    "县域农民工参加企业职工基本养老保险": ("stock", "increase", "city", None),
    "基本公共服务覆盖农民工群体": ("ratio", "full", "city", Decimal("100")),
}


@pytest.mark.parametrize("name", DOMAIN_TARGETS)
def test_every_target_of_the_domain_table_is_loaded_with_comparator_and_scope(plan, name):
    kind, comparator, scope, value = DOMAIN_TARGETS[name]
    target = Target.objects.select_related("indicator").get(indicator__plan=plan, indicator__name=name)
    assert (target.indicator.kind, target.comparator, target.scope, target.value) == (kind, comparator, scope, value)


def test_objective_indicators_hang_on_their_action(plan):
    employment = Indicator.objects.get(plan=plan, name="县域农村转移就业人员规模")
    assert employment.measure is None and employment.action.number == 1 and employment.is_objective
    gig_markets = Indicator.objects.get(plan=plan, name="公益性零工市场")
    assert gig_markets.measure.code == "2.4" and gig_markets.is_objective


def test_ratios_carry_numerator_and_denominator_labels(plan):
    for indicator in Indicator.objects.filter(plan=plan, kind="ratio"):
        assert indicator.numerator_label and indicator.denominator_label


def _snapshot():
    models = [PlanYear, ResponsibleUnit, ReportingUnit, Action, Measure, MeasureResponsibility, Indicator, Target]
    return {m.__name__: sorted(map(repr, m.objects.values_list())) for m in models}


def test_a_second_load_changes_nothing(plan):
    before = _snapshot()
    result = plan_load()
    assert result.total_created == 0
    assert _snapshot() == before


def test_a_second_load_keeps_an_admins_retarget(plan):
    target = Target.objects.get(indicator__plan=plan, indicator__code="I1.5.1")
    target.value = Decimal("80")
    target.save()
    plan_load()
    target.refresh_from_db()
    assert target.value == Decimal("80")


def test_stock_targets_say_how_they_are_due(plan):
    due = {
        t.indicator.code: (t.due_mode, t.due_month)
        for t in Target.objects.select_related("indicator").filter(indicator__plan=plan, indicator__kind="stock")
    }
    assert due["I1.0.1"] == (Target.DueMode.HOLD, None)  # 稳定在30万人左右: a level held every month
    assert due["I2.4.1"] == (Target.DueMode.BUILD, None)  # 每个区市至少打造一家: built by the end of the year
