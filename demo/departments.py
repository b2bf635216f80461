"""The departments' 2023 in the demo (部门报送): each of the nine files on its own measures every month, mostly
approved, with a few still in the city's hands; 市财政局 also reports a city-level amount under 5.2."""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from accounts.models import User
from actions.models import Indicator, Measure, PlanYear, ResponsibleUnit
from reports.models import Figure, MeasureProgress, MonthlyReturn, ProgressStatus, ReturnStatus, due_date_for

from .returns import _at, _demo_transitions, _months_filed, _not_after

# A city-level figure that a department reports instead of the districts: an admin's assignment, as the demo makes it.
CITY_AMOUNT = {
    "code": "D5.2.1",
    "name": "下达农业转移人口市民化奖励资金",
    "unit": "万元",
    "kind": Indicator.Kind.FLOW,
}
PROGRESS = [
    "会同区市细化工作任务，建立月调度机制。",
    "召开专题推进会，督促责任科室落实举措。",
    "梳理政策落实情况，形成阶段性工作报告。",
    "深入区市开展督导调研，现场解决具体问题。",
]
PROBLEMS = ["部分区市工作进度不均衡。", "基层经办力量不足，数据报送不够及时。", ""]
NEXT_STEPS = ["加强调度督导，推动举措按时序推进。", "总结推广典型做法，完善长效机制。"]


def _state(index: int, month: int, last: int) -> str | None:
    """The story of department ``index``'s month: approved up to two months back, then mixed, one missing."""
    if month < last - 1:
        return ReturnStatus.APPROVED
    if month == last - 1:
        return ReturnStatus.SUBMITTED if index in (2, 5) else ReturnStatus.APPROVED
    return [ReturnStatus.SUBMITTED, ReturnStatus.DRAFT, None, ReturnStatus.APPROVED, ReturnStatus.RETURNED][index % 5]


@transaction.atomic
def demo_department_returns_load(*, year: int = 2023, seed: int = 24) -> int:
    """Create the departments' demo returns of ``year`` unless one exists; return how many were made."""
    plan = PlanYear.objects.filter(year=year).first()
    if plan is None or MonthlyReturn.objects.filter(plan=plan, unit__kind="department").exists():
        return 0
    rng = random.Random(seed)
    finance = ResponsibleUnit.objects.filter(code="FIN").first()
    measure_52 = Measure.objects.filter(action__plan=plan, action__number=5, number=2).select_related("action").first()
    amount = None
    if finance and measure_52:
        amount, _created = Indicator.objects.get_or_create(
            plan=plan,
            code=CITY_AMOUNT["code"],
            defaults={**CITY_AMOUNT, "action": measure_52.action, "measure": measure_52, "department": finance},
        )
    coordinator = User.objects.filter(username="coordinator").first()
    last = _months_filed(year)
    created = 0
    for index, department in enumerate(ResponsibleUnit.objects.select_related("reporting_unit").order_by("sort_order")):
        unit = department.reporting_unit
        measures = list(Measure.objects.filter(action__plan=plan, responsibilities__unit=department))
        filer = User.objects.filter(reporting_unit=unit).first()
        for month in [m for m in plan.department_months() if m <= last]:
            status = _state(index, month, last)
            if status is None:
                continue
            due = due_date_for(year=year, month=month, due_day=plan.department_due_day)
            submitted = _not_after(_at(due - datetime.timedelta(days=rng.randint(0, 3))))
            filed = status != ReturnStatus.DRAFT
            monthly_return = MonthlyReturn.objects.create(
                plan=plan,
                unit=unit,
                month=month,
                status=status,
                first_submitted_at=submitted if filed else None,
                submitted_at=submitted if filed else None,
                approved_at=_not_after(_at(submitted.date() + datetime.timedelta(days=2)))
                if status == ReturnStatus.APPROVED
                else None,
            )
            created += 1
            MeasureProgress.objects.bulk_create(
                MeasureProgress(
                    monthly_return=monthly_return,
                    measure=measure,
                    status=ProgressStatus.DONE if month >= 10 and measure.number == 1 else ProgressStatus.IN_PROGRESS,
                    note=f"{department.name}：{rng.choice(PROGRESS)}",
                    problems=rng.choice(PROBLEMS),
                    next_steps=rng.choice(NEXT_STEPS),
                )
                for measure in measures
            )
            if amount is not None and department == finance:
                value = Decimal(rng.randint(80, 160) * 10)
                Figure.objects.create(monthly_return=monthly_return, indicator=amount, value=value)
            _demo_transitions(
                monthly_return, status, submitted, filer, coordinator, reason="请补充本月工作进展的具体数据和存在问题。"
            )
    return created
