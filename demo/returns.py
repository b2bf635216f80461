"""A plausible 2023 for the demo: returns from January to December in mixed states, written straight to the
tables with historical timestamps (the services would stamp them with today's date)."""

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.models import User
from accounts.roles import UNIT_CHECKER
from actions.models import Indicator, Measure, PlanYear, Target, TargetAllocation
from actions.selectors import reporting_period
from districts.models import ReportingUnit
from reports.models import (
    Figure,
    MeasureProgress,
    MonthlyReturn,
    ProgressStatus,
    ReturnStatus,
    ReturnTransition,
    due_date_for,
)
from reports.signals import return_changed
from weihai_newcitizen import clock

TZ = ZoneInfo("Asia/Shanghai")
# Not yet handed in to the city: no submission time, never late.
UNFILED = (ReturnStatus.DRAFT, ReturnStatus.UNIT_CHECK)
# Each unit's share of the city, roughly by population.
SHARES = {"HC": 0.22, "WD": 0.18, "RC": 0.22, "RS": 0.14, "GQ": 0.08, "JQ": 0.08, "LG": 0.05, "NH": 0.03}
# Activity through the year: slow around the Spring Festival, busy in spring and autumn.
SEASON = [0.55, 0.6, 1.1, 1.2, 1.15, 1.05, 0.95, 0.95, 1.1, 1.15, 1.1, 1.0]
# Monthly levels of the indicators without a plan target, for the whole city.
CITY_MONTHLY = {
    "I1.5.2": 4,
    "I2.1.2": 30,
    "I2.2.1": 120,
    "I2.2.2": 1800,
    "I2.2.3": 80,
    "I2.3.1": 2,
    "I2.4.2": 24,
    "I3.3.1": 600,
    "I4.1.1": 400,
    "I4.1.2": 10,
    "I4.2.2": 8,
    "I4.3.1": 15,
    "I4.3.2": 120,
    "I4.3.3": 40,
    "I5.3.1": 60,
    "I5.5.1": 300,
    "I5.6.3": 2500,
}
CITY_STOCK = {
    "I1.0.1": 295000,
    "I1.4.1": 40,
    "I1.4.2": 8,
    "I2.1.1": 48,
    "I2.4.1": 9,
    "I4.0.1": 118000,
    "I4.2.1": 86000,
    "I5.6.1": 96,
    "I5.6.2": 10,
}
NOTES = [
    "组织专场招聘活动，发放政策宣传资料。",
    "深入乡镇大集开展零工招聘，现场达成就业意向。",
    "会同相关部门召开推进会，细化任务分工。",
    "开展政策宣讲进企业活动，走访重点企业。",
    "完成月度数据核对，建立工作台账。",
]


def _figure(indicator: Indicator, unit: ReportingUnit, month: int, rng: random.Random) -> Figure:
    share = SHARES.get(unit.code, 1 / 8)
    noise = rng.uniform(0.85, 1.15)
    if indicator.kind == "ratio":
        denominator = Decimal(round(40000 * share * rng.uniform(0.95, 1.05)))
        rate = (0.86 if indicator.code == "I5.4.1" else 0.93) + 0.004 * month + rng.uniform(-0.01, 0.01)
        return Figure(
            indicator=indicator,
            numerator=(denominator * Decimal(min(rate, 1.0))).quantize(Decimal(1)),
            denominator=denominator,
        )
    if indicator.kind == "stock":
        if indicator.code == "I2.4.1":  # 零工市场: one per unit, one unit still without by mid-year
            value = Decimal(0 if unit.code == "NH" and month < 8 else 1 + (unit.code in ("HC", "RC")))
        else:
            value = Decimal(round(CITY_STOCK.get(indicator.code, 10) * share * (0.97 + 0.006 * month)))
        return Figure(indicator=indicator, value=value)
    target = getattr(indicator, "target", None)
    yearly = (
        float(target.value) * 1.02 if target is not None and target.value else CITY_MONTHLY.get(indicator.code, 5) * 12
    )
    monthly = yearly / 12 * share * SEASON[month - 1] * noise
    if indicator.unit == "万元":
        return Figure(indicator=indicator, value=Decimal(str(round(monthly, 1))))
    return Figure(indicator=indicator, value=Decimal(max(0, round(monthly))))


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def _state(unit_index: int, month: int) -> tuple[str, bool] | None:
    """The demo's story: (status, late) for a unit's month, None for a missing return."""
    if month <= 9:
        return ReturnStatus.APPROVED, (unit_index + month) % 7 == 0
    if month == 10:
        return (ReturnStatus.SUBMITTED, False) if unit_index in (6, 7) else (ReturnStatus.APPROVED, unit_index == 3)
    if month == 11:
        return [
            (ReturnStatus.APPROVED, False),
            (ReturnStatus.SUBMITTED, False),
            (ReturnStatus.RETURNED, False),
            (ReturnStatus.APPROVED, True),
            (ReturnStatus.SUBMITTED, True),
            (ReturnStatus.DRAFT, False),
            None,
            (ReturnStatus.SUBMITTED, False),
        ][unit_index]
    return [
        (ReturnStatus.SUBMITTED, False),
        (ReturnStatus.DRAFT, False),
        None,
        None,
        (ReturnStatus.UNIT_CHECK, False),  # handed in by its filer, awaiting its checker (单位审核人)
        None,
        None,
        None,
    ][unit_index]


def _months_filed(year: int) -> int:
    """How many months of ``year`` have returns: all twelve, or, when the demo runs as of a day of its plan year
    (settings.NEWCITIZEN_TODAY), the months up to the reporting month in progress that day."""
    demo_day = clock.demo_today()
    if demo_day is None:
        return 12
    reporting_year, reporting_month = reporting_period(demo_day)
    if reporting_year != year:
        return 12 if reporting_year > year else 0
    return reporting_month


def _not_after(moment: datetime.datetime) -> datetime.datetime:
    """A step of the demo's story never happens after the demo's day (a late filing then lands on that day)."""
    demo_day = clock.demo_today()
    return moment if demo_day is None else min(moment, _at(demo_day, hour=9))


@transaction.atomic
def demo_returns_load(*, year: int = 2023, seed: int = 2023) -> int:
    """Create the demo returns of ``year`` unless the plan year already has returns; return how many were made."""
    plan = PlanYear.objects.filter(year=year).first()
    if plan is None or plan.returns.exists():
        return 0
    rng = random.Random(seed)
    units = list(ReportingUnit.objects.roots().order_by("sort_order"))
    indicators = list(Indicator.objects.filter(plan=plan, is_active=True).of_districts().select_related("target"))
    measures = list(Measure.objects.filter(action__plan=plan, reported_by_districts=True))
    coordinator = User.objects.filter(username="coordinator").first()
    people = User.objects.filter(reporting_unit__isnull=False).order_by("pk")
    staff = {u.reporting_unit_id: u for u in people.exclude(groups__name=UNIT_CHECKER)}
    checkers = {u.reporting_unit_id: u for u in people.filter(groups__name=UNIT_CHECKER)}

    _demo_targets(plan=plan, units=units)
    created = 0
    for index, unit in enumerate(units):
        for month in range(1, _months_filed(year) + 1):
            state = _state(index, month)
            if state is None:
                continue
            status, late = state
            due = due_date_for(year=year, month=month, due_day=plan.due_day)
            submitted = _not_after(
                _at(due + datetime.timedelta(days=rng.randint(2, 6) if late else -rng.randint(0, 3)))
            )
            monthly_return = MonthlyReturn.objects.create(
                plan=plan,
                unit=unit,
                month=month,
                status=status,
                is_late=late and status not in UNFILED,
                first_submitted_at=None if status in UNFILED else submitted,
                submitted_at=None if status in UNFILED else submitted,
                approved_at=_not_after(_at(submitted.date() + datetime.timedelta(days=2)))
                if status == ReturnStatus.APPROVED
                else None,
            )
            created += 1
            figures = [_figure(i, unit, month, rng) for i in indicators]
            for figure in figures:
                figure.monthly_return = monthly_return
            Figure.objects.bulk_create(figures)
            return_changed.send(sender=MonthlyReturn, monthly_return=monthly_return)
            MeasureProgress.objects.bulk_create(
                MeasureProgress(
                    monthly_return=monthly_return,
                    measure=m,
                    status=ProgressStatus.DONE if month >= 11 and m.number == 1 else ProgressStatus.IN_PROGRESS,
                    note=rng.choice(NOTES),
                )
                for m in measures
            )
            checker = checkers.get(unit.pk) if unit.requires_unit_check else None
            _demo_transitions(monthly_return, status, submitted, staff.get(unit.pk), coordinator, checker)
    return created


SEND_BACK_REASON = "乡村公益性岗位数与上月差异较大，请核实后重新报送。"


def _demo_transitions(
    monthly_return, status, submitted, filer, coordinator, checker=None, reason: str = SEND_BACK_REASON
) -> None:
    if status == ReturnStatus.DRAFT:
        return
    if status == ReturnStatus.UNIT_CHECK:
        steps = [(ReturnTransition.Kind.TO_CHECK, ReturnStatus.DRAFT, ReturnStatus.UNIT_CHECK, filer, "", submitted)]
    elif checker is not None:  # 填报人 hands in the evening before, 审核人 submits (报送)
        steps = [
            (
                ReturnTransition.Kind.TO_CHECK,
                ReturnStatus.DRAFT,
                ReturnStatus.UNIT_CHECK,
                filer,
                "",
                submitted - datetime.timedelta(hours=16),
            ),
            (ReturnTransition.Kind.SUBMIT, ReturnStatus.UNIT_CHECK, ReturnStatus.SUBMITTED, checker, "", submitted),
        ]
    else:
        steps = [(ReturnTransition.Kind.SUBMIT, ReturnStatus.DRAFT, ReturnStatus.SUBMITTED, filer, "", submitted)]
    if status == ReturnStatus.RETURNED:
        steps.append(
            (
                ReturnTransition.Kind.SEND_BACK,
                ReturnStatus.SUBMITTED,
                ReturnStatus.RETURNED,
                coordinator,
                reason,
                submitted + datetime.timedelta(days=1),
            )
        )
    if status == ReturnStatus.APPROVED:
        steps.append(
            (
                ReturnTransition.Kind.APPROVE,
                ReturnStatus.SUBMITTED,
                ReturnStatus.APPROVED,
                coordinator,
                "",
                submitted + datetime.timedelta(days=2),
            )
        )
    for kind, from_status, to_status, user, reason, at in steps:
        step = ReturnTransition.objects.create(
            monthly_return=monthly_return,
            kind=kind,
            from_status=from_status,
            to_status=to_status,
            user=user,
            reason=reason,
            late=monthly_return.is_late and kind == ReturnTransition.Kind.SUBMIT,
        )
        # auto_now_add stamps today; the demo tells a 2023 story.
        ReturnTransition.objects.filter(pk=step.pk).update(at=at)


def _demo_targets(*, plan, units) -> None:
    """Baselines for the 'increase' targets, and every city target split among the units (任务分解) as Weihai
    would, roughly by population, so that the bulletin ranks the units on every targeted indicator."""
    Target.objects.filter(indicator__plan=plan, indicator__code="I4.0.1", baseline__isnull=True).update(
        baseline=Decimal(112000)
    )
    Target.objects.filter(indicator__plan=plan, indicator__code="I5.4.1", baseline__isnull=True).update(
        baseline=Decimal(88)
    )
    targets = Target.objects.filter(indicator__plan=plan, scope=Target.Scope.CITY).select_related("indicator")
    for target in targets:
        if target.allocations.exists():
            continue
        if target.comparator == Target.Comparator.INCREASE:
            if target.baseline is None:
                continue
            # A unit's own baseline: its share of a level; a rate is every unit's own (rates are not split).
            split = (
                {u.pk: target.baseline for u in units} if target.indicator.is_ratio else _split(target.baseline, units)
            )
        elif target.value is None or target.indicator.is_ratio:
            continue  # full coverage and rates hold every unit to the city's rate; nothing to split
        else:
            split = _split(target.value, units)
        TargetAllocation.objects.bulk_create(TargetAllocation(target=target, unit=u, value=split[u.pk]) for u in units)


def _split(total: Decimal, units) -> dict[int, Decimal]:
    """Whole shares of ``total`` by SHARES that add up to it exactly (largest remainder)."""
    weights = {u.pk: Decimal(str(SHARES.get(u.code, 1 / len(units)))) for u in units}
    whole = sum(weights.values())
    exact = {pk: total * w / whole for pk, w in weights.items()}
    shares = {pk: value.to_integral_value(rounding="ROUND_FLOOR") for pk, value in exact.items()}
    left = int(total - sum(shares.values()))
    for pk in sorted(exact, key=lambda pk: exact[pk] - shares[pk], reverse=True)[:left]:
        shares[pk] += 1
    return shares
