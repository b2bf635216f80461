"""P: each kind of page the deadline day asks for, at province scale, through the whole Django stack: the median
server time and the queries of one request, as the person who opens it (a county's filer, a city's reviewer).

Everything the pages write (a draft saved, returns approved) is rolled back at the end.
"""

import statistics
import time
from dataclasses import dataclass

from django.core.signals import request_started
from django.db import close_old_connections, connection, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import DISTRICT_STAFF
from actions.models import PlanYear
from dashboards.cache import data_version_bump
from districts.models import ReportingUnit
from reports.models import MonthlyReturn, ReturnStatus

from .generator import city_reviewer_name
from .measure import bench_user
from .pagefields import form_fields

BUDGET_MS = 60.0  # issue 28: every page kind's median server time at province scale


@dataclass
class PageKind:
    name: str
    median_ms: float
    queries: int
    status: int

    @property
    def within_budget(self) -> bool:
        return self.median_ms <= BUDGET_MS and self.status in (200, 302)


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _measure(name: str, request, *, repeat: int) -> PageKind:
    """``request(i)`` sends the i-th request (0 is the warm-up); the median of the timed ones, queries of the last."""
    request_started.disconnect(close_old_connections)  # keep the connection (and the outer transaction) across
    try:
        request(0)
        times, counter, response = [], _Counter(), None
        for i in range(1, repeat + 1):
            counter.count = 0
            with connection.execute_wrapper(counter):
                started = time.perf_counter()
                response = request(i)
                times.append(time.perf_counter() - started)
    finally:
        request_started.connect(close_old_connections)
    return PageKind(name, statistics.median(times) * 1000, counter.count, response.status_code)


def page_kinds(*, plan: PlanYear, repeat: int) -> list[PageKind]:
    """Every page kind of the deadline day, as its people open it; nothing they write is kept."""
    with transaction.atomic():
        try:
            return _page_kinds(plan=plan, repeat=repeat)
        finally:
            transaction.set_rollback(True)


def _page_kinds(*, plan: PlanYear, repeat: int) -> list[PageKind]:
    county = ReportingUnit.objects.get(code="HC")
    city = county.parent
    filer, _created = User.objects.get_or_create(username="bench-filer", defaults={"reporting_unit": county})
    filer.groups.add(bench_user("bench-filer-role", DISTRICT_STAFF).groups.first())
    reviewer = User.objects.get(username=city_reviewer_name(city)) if city else bench_user("bench-c", "市级统筹")
    filing, reviewing = Client(), Client()
    filing.force_login(filer)
    reviewing.force_login(reviewer)

    draft, _created = MonthlyReturn.objects.get_or_create(plan=plan, unit=county, month=12)
    MonthlyReturn.objects.filter(pk=draft.pk).update(status=ReturnStatus.DRAFT)
    form_url = reverse("reports:return-edit", args=[draft.pk])
    # The form's fields as the page holds them (response.context exists only under the test runner).
    fields = form_fields(filing.get(form_url).content.decode())

    def save(_i):
        fields["version"] = MonthlyReturn.objects.values_list("version", flat=True).get(pk=draft.pk)
        return filing.post(form_url, {**fields, "save": "1"})

    # One submitted return of the reviewer's city per approval (and the warm-up).
    under = ReportingUnit.objects.subtree_ids(city.pk) if city else None
    queue = MonthlyReturn.objects.filter(plan=plan, month=11)
    if under is not None:
        queue = queue.filter(unit_id__in=under)
    to_approve = list(queue.exclude(pk=draft.pk).order_by("pk").values_list("pk", flat=True)[: repeat + 1])
    MonthlyReturn.objects.filter(pk__in=to_approve).update(status=ReturnStatus.SUBMITTED)

    def approve(i):
        if i >= len(to_approve):
            return reviewing.get(reverse("reports:return-list"))
        return reviewing.post(reverse("reports:return-review", args=[to_approve[i]]), {"decision": "approve"})

    month = {"year": plan.year, "month": 12}

    def cold(url, params):
        def get(_i):
            data_version_bump()  # the first request after a change: nothing kept in the cache
            return reviewing.get(url, params)

        return get

    kinds = [
        ("return form GET (filer)", lambda _i: filing.get(form_url)),
        ("return form POST, draft (filer)", save),
        ("desk (filer)", lambda _i: filing.get(reverse("desks:desk"))),
        ("desk (city reviewer)", lambda _i: reviewing.get(reverse("desks:desk"))),
        ("return page (city reviewer)", lambda _i: reviewing.get(reverse("reports:return-detail", args=[draft.pk]))),
        ("review list (city reviewer)", lambda _i: reviewing.get(reverse("reports:return-list"), {"year": plan.year})),
        ("approve (city reviewer)", approve),
        ("dashboard (city reviewer, cold)", cold(reverse("dashboards:progress"), month)),
        ("matrix (city reviewer, cold)", cold(reverse("dashboards:matrix"), month)),
        ("timeliness (city reviewer, cold)", cold(reverse("dashboards:timeliness"), month)),
        ("API (city reviewer, cold)", cold(reverse("dashboards:api-progress"), month)),
    ]
    return [_measure(name, request, repeat=repeat) for name, request in kinds]
