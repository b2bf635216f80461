"""The deadline day at province scale (issue 28): the people Locust plays, and what the run must leave behind.

``deadline_prepare`` makes the generated province's December the month being filed: every county's December return
goes (a draft or nothing), each county gets a filer, each of the 16 cities its reviewer (benchmarks.generator), and
four readers read the dashboards. ``deadline_outcome`` then says whether every return was submitted and reviewed.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.roles import COORDINATOR, DISTRICT_STAFF, roles_ensure
from actions.models import PlanYear
from districts.models import ReportingUnit
from reports.models import ChangeEntry, Figure, MeasureProgress, MonthlyReturn, ReturnStatus, ReturnTransition

from .generator import city_reviewer_name

MONTH = 12
PASSWORD = "Deadline-Day-2023"
FILER_PREFIX = "filer-"
READER_PREFIX = "reader-"
READERS = 4


@dataclass
class DeadlinePeople:
    plan: PlanYear
    filers: list[str]
    reviewers: list[str]
    readers: list[str]


@transaction.atomic
def deadline_prepare(*, plan: PlanYear) -> DeadlinePeople:
    roles_ensure()
    leaves = list(ReportingUnit.objects.leaves().order_by("sort_order", "code"))
    december = MonthlyReturn.objects.filter(plan=plan, month=MONTH, unit__in=leaves)
    for model in (Figure, MeasureProgress, ReturnTransition, ChangeEntry):
        model.objects.filter(monthly_return__in=december).delete()
    december.delete()
    ReportingUnit.objects.filter(pk__in=[u.pk for u in leaves]).update(requires_unit_check=False)
    staff = Group.objects.get(name=DISTRICT_STAFF)
    coordinators = Group.objects.get(name=COORDINATOR)
    User.objects.filter(username__startswith=FILER_PREFIX).delete()
    User.objects.filter(username__startswith=READER_PREFIX).delete()
    filers = []
    hashed = _hashed()
    for unit in leaves:
        filer = User.objects.create(username=f"{FILER_PREFIX}{unit.code.lower()}", reporting_unit=unit, password=hashed)
        filer.groups.add(staff)
        filers.append(filer.username)
    cities = list(ReportingUnit.objects.filter(kind=ReportingUnit.Kind.CITY).order_by("sort_order", "code"))
    reviewers = []
    for city in cities:
        reviewer, _created = User.objects.get_or_create(
            username=city_reviewer_name(city), defaults={"reporting_unit": city}
        )
        reviewer.password = hashed
        reviewer.save(update_fields=["password"])
        reviewer.groups.add(coordinators)
        reviewers.append(reviewer.username)
    readers = []
    for index, city in enumerate(cities[:READERS], start=1):
        # A reader is a coordinator of a city who reads the dashboards and never reviews.
        reader = User.objects.create(username=f"{READER_PREFIX}{index}", reporting_unit=city, password=hashed)
        reader.groups.add(coordinators)
        readers.append(reader.username)
    User.objects.filter(username__in=[*filers, *reviewers, *readers]).update(must_change_password=False)
    return DeadlinePeople(plan=plan, filers=filers, reviewers=reviewers, readers=readers)


def _hashed() -> str:
    """One hash of the scenario's password for every account (136 hashes of the default hasher take a minute)."""
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


@dataclass
class DeadlineOutcome:
    units: int
    submitted: int  # reached the city at least once
    reviewed: int  # approved
    by_status: dict


def deadline_outcome(*, plan: PlanYear) -> DeadlineOutcome:
    leaves = ReportingUnit.objects.leaves()
    december = MonthlyReturn.objects.filter(plan=plan, month=MONTH, unit__in=leaves)
    by_status = {}
    for status in december.values_list("status", flat=True):
        by_status[status] = by_status.get(status, 0) + 1
    return DeadlineOutcome(
        units=leaves.count(),
        submitted=december.filter(first_submitted_at__isnull=False).count(),
        reviewed=december.filter(status=ReturnStatus.APPROVED).count(),
        by_status=by_status,
    )
