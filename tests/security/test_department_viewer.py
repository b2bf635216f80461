"""A department viewer (市教育局, measure 5.4 only) walks every URL and finds nothing of another department.

Every figure, comment and progress note of an approved return carries a marker naming its indicator or measure; the
walk reads each page, export, download and the API (workbooks cell by cell) and looks for the other departments'.
The plan's own text (home, plan pages) stays public to every login and is left out of the walk.
"""

import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Indicator, Measure
from actions.scoping import indicators_for_user, measures_for_user
from reports.models import ChangeEntry, Figure, MeasureProgress, MonthlyReturn, ProgressStatus, ReturnStatus
from reports.signals import return_changed

from .test_access_matrix import MATRIX, QUERIES, objects  # noqa: F401  (the matrix's objects fixture)

PUBLIC_PLAN_PAGES = {"home", "actions:plan-detail"}


@pytest.fixture
def approved_may(plan, unit_hc, staff_hc):
    """HC's May return, approved, with a marked figure and comment on every indicator and a note on every measure."""
    monthly_return = MonthlyReturn.objects.create(plan=plan, unit=unit_hc, month=5, status=ReturnStatus.APPROVED)
    indicators = list(Indicator.objects.filter(plan=plan))
    Figure.objects.bulk_create(
        Figure(
            monthly_return=monthly_return,
            indicator=i,
            value=None if i.is_ratio else Decimal("7"),
            numerator=Decimal("3") if i.is_ratio else None,
            denominator=Decimal("4") if i.is_ratio else None,
            comment=f"comment-{i.code}",
        )
        for i in indicators
    )
    measures = list(Measure.objects.filter(action__plan=plan).select_related("action"))
    MeasureProgress.objects.bulk_create(
        MeasureProgress(
            monthly_return=monthly_return, measure=m, status=ProgressStatus.IN_PROGRESS, note=f"note-{m.code}"
        )
        for m in measures
    )
    ChangeEntry.objects.bulk_create(
        [
            *(
                ChangeEntry(
                    monthly_return=monthly_return,
                    indicator=i,
                    field="value",
                    new_value=f"change-{i.code}",
                    user=staff_hc,
                )
                for i in indicators
            ),
            *(
                ChangeEntry(
                    monthly_return=monthly_return, measure=m, field="note", new_value=f"change-{m.code}", user=staff_hc
                )
                for m in measures
            ),
        ]
    )
    return_changed.send(sender=MonthlyReturn, monthly_return=monthly_return)
    return monthly_return


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
        )
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(json.loads(content), ensure_ascii=False)
    return content.decode("utf-8-sig", errors="replace")


def _markers(indicators, measures) -> set[str]:
    found = {f"comment-{i.code}" for i in indicators} | {f"change-{i.code}" for i in indicators}
    found |= {i.name for i in indicators} | {f'"{i.code}"' for i in indicators} | {f">{i.code}<" for i in indicators}
    return found | {f"note-{m.code}" for m in measures} | {f"change-{m.code}" for m in measures}


@pytest.fixture
def walk(client, viewer, objects, plan, approved_may):  # noqa: F811
    """Every page, export and download a viewer can ask for, with the text each answered."""
    client.force_login(viewer)
    urls = []
    for name, (method, key, _expected) in MATRIX.items():
        if method != "get" or name in PUBLIC_PLAN_PAGES:
            continue
        url = reverse(name, args=objects[key] if key else [])
        urls.append(url + (QUERIES[key](plan) if key in QUERIES else ""))
    own = reverse("dashboards:indicator-detail", args=["I5.4.1"])
    urls += [
        reverse("imports:figures-export") + f"?plan={plan.pk}&file_format=csv",
        reverse("imports:figures-export") + f"?plan={plan.pk}&file_format=xlsx",
        reverse("imports:template-download") + f"?plan={plan.pk}&unit=HC&month=5",
        reverse("dashboards:api-progress") + "?year=2023&month=5",
        reverse("dashboards:progress") + "?year=2023&month=5",
        reverse("dashboards:matrix") + "?year=2023&month=5",
        reverse("dashboards:bulletin") + "?year=2023&month=5",
        reverse("dashboards:bulletin-xlsx") + "?year=2023&month=5",
        # The tables' own .xlsx downloads (issue 15).
        reverse("dashboards:progress") + "?year=2023&month=5&format=xlsx",
        reverse("dashboards:matrix") + "?year=2023&month=5&format=xlsx",
        reverse("dashboards:timeliness") + "?year=2023&month=5&format=xlsx",
        reverse("reports:return-list") + "?year=2023&format=xlsx",
        own + "?year=2023&month=5",
        reverse("dashboards:indicator-trend", args=["I5.4.1"]) + "?year=2023&month=5",
        reverse("reports:return-detail", args=[approved_may.pk]),
        reverse("reports:return-history", args=[approved_may.pk]),
    ]
    answers = {}
    for url in urls:
        response = client.get(url)
        answers[url] = (response.status_code, _text(response) if response.status_code == 200 else "")
    return answers


def test_a_department_viewer_finds_nothing_of_another_department(walk, viewer, plan):
    others = _markers(
        Indicator.objects.filter(plan=plan).exclude(pk__in=indicators_for_user(viewer, plan=plan)),
        Measure.objects.filter(action__plan=plan).exclude(pk__in=measures_for_user(viewer, plan=plan)),
    )
    leaks = {url: sorted(m for m in others if m in text) for url, (_status, text) in walk.items()}
    assert {url: found for url, found in leaks.items() if found} == {}


def test_the_walk_reads_the_viewers_own_department_where_it_is_reported(walk, plan, approved_may):
    """The walk is not empty: the viewer's own measure and indicator are in every place that reports them."""
    export = reverse("imports:figures-export") + f"?plan={plan.pk}&file_format="
    assert "comment-I5.4.1" in walk[export + "csv"][1]
    assert "comment-I5.4.1" in walk[export + "xlsx"][1] and "note-5.4" in walk[export + "xlsx"][1]
    assert '"I5.4.1"' in walk[reverse("dashboards:api-progress") + "?year=2023&month=5"][1]
    detail = walk[reverse("reports:return-detail", args=[approved_may.pk])][1]
    assert "comment-I5.4.1" in detail and "note-5.4" in detail
    assert "change-I5.4.1" in walk[reverse("reports:return-history", args=[approved_may.pk])][1]
    assert "I5.4.1" in walk[reverse("dashboards:matrix") + "?year=2023&month=5"][1]


def test_a_department_viewer_cannot_open_another_departments_indicator(walk):
    assert walk[reverse("dashboards:indicator-detail", args=["I1.2.1"])][0] == 404
    assert walk[reverse("dashboards:indicator-trend", args=["I1.2.1"])][0] == 404


REASON = "I1.5.1 招聘活动场次与上月不符；基本公共服务覆盖率分母请核实。I5.4.1 随迁子女比例请补充说明。请于3日内重报。"


@pytest.fixture
def sent_back_june(plan, hc_return, staff_hc, coordinator):
    """HC's June return, submitted and sent back with a reason about three departments' indicators."""
    from reports import services

    services.monthly_return_submit(monthly_return=hc_return, user=staff_hc)
    services.monthly_return_send_back(monthly_return=hc_return, user=coordinator, reason=REASON)
    return hc_return


@pytest.mark.parametrize("page", ["reports:return-detail", "reports:return-history"])
def test_a_viewer_reads_only_the_parts_of_a_reason_about_its_own_measures(client, viewer, sent_back_june, page):
    client.force_login(viewer)
    text = client.get(reverse(page, args=[sent_back_june.pk])).content.decode()
    assert "I5.4.1 随迁子女比例请补充说明。" in text
    assert "I1.5.1" not in text and "基本公共服务" not in text and "招聘活动" not in text
    assert "请于3日内重报" not in text  # names nothing: it may be about anything
    assert "与本部门所负责举措无关的内容未显示" in text


@pytest.mark.parametrize("page", ["reports:return-detail", "reports:return-history"])
def test_the_coordinator_and_the_district_read_the_reason_whole(client, coordinator, staff_hc, sent_back_june, page):
    for person in (coordinator, staff_hc):
        client.force_login(person)
        assert REASON in client.get(reverse(page, args=[sent_back_june.pk])).content.decode()


def test_a_viewer_reads_no_comment_naming_another_departments_indicator(client, viewer, plan, hc_return):
    own = Indicator.objects.get(plan=plan, code="I5.4.1")
    Figure.objects.create(
        monthly_return=hc_return, indicator=own, numerator=3, denominator=4, comment="口径同I1.2.1，已核实。"
    )
    MonthlyReturn.objects.filter(pk=hc_return.pk).update(status=ReturnStatus.APPROVED)
    client.force_login(viewer)
    text = client.get(reverse("reports:return-detail", args=[hc_return.pk])).content.decode()
    assert "I1.2.1" not in text
