"""Writes to the plan: loading the 2023 plan and starting a new plan year."""

from dataclasses import dataclass, field
from types import ModuleType

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from districts.models import ReportingUnit

from . import plan_2023
from .models import Action, Indicator, Measure, MeasureResponsibility, PlanYear, ResponsibleUnit, Target


@dataclass
class LoadResult:
    plan: PlanYear
    created: dict[str, int] = field(default_factory=dict)

    def count(self, name: str, was_created: bool) -> None:
        self.created[name] = self.created.get(name, 0) + int(was_created)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


@transaction.atomic
def department_unit_ensure(*, department: ResponsibleUnit) -> ReportingUnit:
    """The unit a department files its own returns as, created the first time (部门报送)."""
    if department.reporting_unit_id:
        return department.reporting_unit
    unit, _created = ReportingUnit.objects.get_or_create(
        code=f"DEPT-{department.code}",
        defaults={
            "name": department.name,
            "short_name": department.name,
            "kind": ReportingUnit.Kind.DEPARTMENT,
            "sort_order": 1000 + department.sort_order,
        },
    )
    department.reporting_unit = unit
    department.save(update_fields=["reporting_unit"])
    return unit


@transaction.atomic
def plan_load(*, source: ModuleType = plan_2023) -> LoadResult:
    """Load a plan as written; rows that already exist are left as they are (admins may have edited them).

    Running it twice creates nothing the second time.
    """
    plan, created = PlanYear.objects.get_or_create(year=source.PLAN["year"], defaults=source.PLAN)
    result = LoadResult(plan=plan)
    result.count("plan", created)

    units = {}
    for order, (code, name) in enumerate(source.RESPONSIBLE_UNITS, start=1):
        units[name], created = ResponsibleUnit.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
        result.count("responsible_units", created)
        department_unit_ensure(department=units[name])

    for order, (code, name, short_name, kind) in enumerate(source.REPORTING_UNITS, start=1):
        _unit, created = ReportingUnit.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "kind": kind, "sort_order": order}
        )
        result.count("reporting_units", created)

    measures = {}
    for spec in source.ACTIONS:
        action, created = Action.objects.get_or_create(
            plan=plan, number=spec["number"], defaults={"title": spec["title"], "objective": spec["objective"]}
        )
        result.count("actions", created)
        for number, (text, unit_names) in enumerate(spec["measures"], start=1):
            city_only = (spec["number"], number) in getattr(source, "CITY_ONLY_MEASURES", ())
            measure, created = Measure.objects.get_or_create(
                action=action, number=number, defaults={"text": text, "reported_by_districts": not city_only}
            )
            result.count("measures", created)
            measures[(action.number, number)] = measure
            if created:
                for order, unit_name in enumerate(unit_names, start=1):
                    MeasureResponsibility.objects.create(measure=measure, unit=units[unit_name], order=order)

    actions = {a.number: a for a in plan.actions.all()}
    for order, (code, action_no, measure_no, name, unit, kind, is_objective, extra) in enumerate(
        source.INDICATORS, start=1
    ):
        indicator, created = Indicator.objects.get_or_create(
            plan=plan,
            code=code,
            defaults={
                "action": actions[action_no],
                "measure": measures[(action_no, measure_no)] if measure_no else None,
                "name": name,
                "unit": unit,
                "kind": kind,
                "is_objective": is_objective,
                "sort_order": order,
                **extra,
            },
        )
        result.count("indicators", created)
        if code in source.TARGETS:
            comparator, scope, value, note = source.TARGETS[code]
            due_mode, due_month = getattr(source, "STOCK_DUE", {}).get(code, (Target.DueMode.HOLD, None))
            _target, created = Target.objects.get_or_create(
                indicator=indicator,
                defaults={
                    "comparator": comparator,
                    "scope": scope,
                    "value": value,
                    "note": note,
                    "due_mode": due_mode,
                    "due_month": due_month,
                },
            )
            result.count("targets", created)
    return result


@transaction.atomic
def plan_copy_to_year(*, source: PlanYear, year: int) -> PlanYear:
    """Start a new plan year as a copy of ``source``: actions, measures, indicators and targets.

    Allocations and baselines are not copied: a new year's shares and baselines are decided anew.
    """
    if PlanYear.objects.filter(year=year).exists():
        raise ValidationError(_("A plan for %(year)s already exists.") % {"year": year}, code="plan_year_exists")
    new_plan = PlanYear.objects.create(
        year=year,
        title=source.title,
        due_day=source.due_day,
        department_period=source.department_period,
        department_due_day=source.department_due_day,
        filing_deadline=source.filing_deadline.replace(year=year) if source.filing_deadline else None,
    )
    measure_map = {}
    for action in source.actions.prefetch_related("measures__responsibilities"):
        new_action = Action.objects.create(
            plan=new_plan, number=action.number, title=action.title, objective=action.objective
        )
        for measure in action.measures.all():
            new_measure = Measure.objects.create(
                action=new_action,
                number=measure.number,
                text=measure.text,
                reported_by_districts=measure.reported_by_districts,
            )
            measure_map[measure.pk] = new_measure
            MeasureResponsibility.objects.bulk_create(
                MeasureResponsibility(measure=new_measure, unit_id=r.unit_id, order=r.order)
                for r in measure.responsibilities.all()
            )
    actions = {a.number: a for a in new_plan.actions.all()}
    for indicator in source.indicators.select_related("action", "target").filter(is_active=True):
        new_indicator = Indicator.objects.create(
            plan=new_plan,
            action=actions[indicator.action.number],
            measure=measure_map.get(indicator.measure_id),
            code=indicator.code,
            name=indicator.name,
            unit=indicator.unit,
            kind=indicator.kind,
            is_objective=indicator.is_objective,
            numerator_label=indicator.numerator_label,
            denominator_label=indicator.denominator_label,
            sort_order=indicator.sort_order,
            department_id=indicator.department_id,
        )
        target = getattr(indicator, "target", None)
        if target is not None:
            Target.objects.create(
                indicator=new_indicator,
                comparator=target.comparator,
                scope=target.scope,
                value=target.value,
                note=target.note,
                due_mode=target.due_mode,
                due_month=target.due_month,
            )
    return new_plan
