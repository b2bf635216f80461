"""What a progress report is drafted from, read once when it is started and frozen in its snapshot: the progress
API's answer for the period's last month, the units' approved notes per measure, featured good practice and the
assessments of the period."""

import datetime
import re
from calendar import monthrange

from django.utils.translation import gettext as _

from actions.models import Action, PlanYear
from dashboards.api import progress_for_user
from filings.models import Assessment
from filings.selectors import featured_practices
from reports.models import MeasureProgress, ReturnStatus

SNAPSHOT_VERSION = 1
HALF_YEAR, WHOLE_YEAR = (1, 6), (1, 12)


def period_label(*, month_from: int, month_to: int) -> str:
    """上半年, 全年, or 1—9月 / 7月: how the report's title names its period."""
    if (month_from, month_to) == HALF_YEAR:
        return _("the first half of the year")
    if (month_from, month_to) == WHOLE_YEAR:
        return _("the whole year")
    if month_from == month_to:
        return _("month %(m)s") % {"m": month_from}
    return _("months %(a)s to %(b)s") % {"a": month_from, "b": month_to}


def period_dates(*, year: int, month_from: int, month_to: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month_from, 1), datetime.date(year, month_to, monthrange(year, month_to)[1])


def sentences(text: str) -> list[str]:
    """A note cut into its sentences, each with its closing mark (。；！？), so a coordinator picks them one by one."""
    parts = re.split(r"(?<=[。；！？!?;])", text.replace("\r", "").replace("\n", ""))
    return [p.strip() for p in parts if p.strip()]


def measure_notes(*, plan: PlanYear, month_from: int, month_to: int) -> list[dict]:
    """Per measure, in the plan's order, each unit's latest note of the period from its approved returns.

    Grouped by measure and labelled by the return's unit, whatever the unit is (a district, or a department once
    departments file returns). ``problems`` and ``next_steps`` come along where the notes have them. One query.
    """
    has_problems = hasattr(MeasureProgress, "problems")
    has_next_steps = hasattr(MeasureProgress, "next_steps")
    rows = (
        MeasureProgress.objects.filter(
            monthly_return__plan=plan,
            monthly_return__status=ReturnStatus.APPROVED,
            monthly_return__month__gte=month_from,
            monthly_return__month__lte=month_to,
        )
        .select_related("measure__action", "monthly_return__unit")
        .order_by(
            "measure__action__number",
            "measure__number",
            "monthly_return__unit__sort_order",
            "monthly_return__unit__code",
            "-monthly_return__month",
        )
    )
    measures: dict[int, dict] = {}
    seen: set[tuple[int, int]] = set()
    for row in rows:
        unit = row.monthly_return.unit
        if (row.measure_id, unit.pk) in seen:
            continue  # an earlier month of the same unit: its latest note says where it stands
        problems = (getattr(row, "problems", "") or "") if has_problems else ""
        next_steps = (getattr(row, "next_steps", "") or "") if has_next_steps else ""
        if not (row.note.strip() or problems.strip() or next_steps.strip()):
            continue  # an empty note says nothing; an earlier month may
        seen.add((row.measure_id, unit.pk))
        entry = measures.setdefault(
            row.measure_id,
            {"code": row.measure.code, "action": row.measure.action.number, "text": row.measure.text, "notes": []},
        )
        entry["notes"].append(
            {
                "unit": unit.name,
                "unit_code": unit.code,
                "month": row.monthly_return.month,
                "status": row.status,
                "note": row.note.strip(),
                "problems": problems.strip(),
                "next_steps": next_steps.strip(),
            }
        )
    return list(measures.values())


def period_assessments(*, plan: PlanYear, month_from: int, month_to: int) -> list[dict]:
    """The assessments (督察评估) whose period ends within the report's period, in the units' order. One query."""
    start, end = period_dates(year=plan.year, month_from=month_from, month_to=month_to)
    assessments = (
        Assessment.objects.for_plan(plan)
        .filter(period_end__gte=start, period_end__lte=end)
        .select_related("unit")
        .order_by("unit__sort_order", "unit__code", "-period_end", "-pk")
    )
    return [
        {
            "unit": a.unit.name,
            "grade": a.overall_grade,
            "grade_label": str(a.get_overall_grade_display()) if a.overall_grade else "",
            "comments": a.comments.strip(),
        }
        for a in assessments
    ]


def report_sources(*, user, plan: PlanYear, month_from: int, month_to: int) -> dict:
    """Everything a report is drafted from, as JSON-able data; its figures are the API's for ``month_to``."""
    return {
        "version": SNAPSHOT_VERSION,
        "year": plan.year,
        "month_from": month_from,
        "month_to": month_to,
        "plan_title": plan.title,
        "progress": progress_for_user(user=user, plan=plan, month=month_to),
        "actions": [
            {"number": a.number, "title": a.title, "objective": a.objective}
            for a in Action.objects.filter(plan=plan).order_by("number")
        ],
        "measures": measure_notes(plan=plan, month_from=month_from, month_to=month_to),
        "practices": [
            {"id": p.pk, "unit": p.unit.name, "measure": p.measure.code, "title": p.title, "body": p.body.strip()}
            for p in featured_practices(plan=plan, limit=20)
        ],
        "assessments": period_assessments(plan=plan, month_from=month_from, month_to=month_to),
    }
