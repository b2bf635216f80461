"""The task ledger (任务台账): its cells agree with the returns, its .xlsx with the page, and who may read it."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actions.models import Measure, ResponsibleUnit
from districts.models import ReportingUnit
from ledger.selectors import NOT_REPORTED, task_ledger
from ledger.views import cell_text
from reports.models import MeasureProgress, MonthlyReturn, ReturnStatus

# After June's due day (5 July) and before July's.
TODAY = datetime.date(2023, 7, 20)


def _measure(plan, code: str) -> Measure:
    action, number = code.split(".")
    return Measure.objects.get(action__plan=plan, action__number=int(action), number=int(number))


def _return(plan, unit, month, status, notes: dict, submitted=None):
    monthly_return = MonthlyReturn.objects.create(
        plan=plan,
        unit=unit,
        month=month,
        status=status,
        first_submitted_at=submitted,
        submitted_at=submitted,
    )
    for measure, (state, note) in notes.items():
        MeasureProgress.objects.create(monthly_return=monthly_return, measure=measure, status=state, note=note)
    return monthly_return


@pytest.fixture
def june(plan, unit_hc, unit_wd):
    """June 2023: 市财政局 submitted (a note on 5.2), 环翠区 approved (a note on 1.1 in May and June, none on 1.2),
    文登区 has a draft only; every other unit has nothing."""
    fin = ResponsibleUnit.objects.get(code="FIN").reporting_unit
    at = datetime.datetime(2023, 7, 3, 9, tzinfo=datetime.UTC)
    m11, m12, m52 = _measure(plan, "1.1"), _measure(plan, "1.2"), _measure(plan, "5.2")
    _return(plan, fin, 6, ReturnStatus.SUBMITTED, {m52: ("in_progress", "下达奖励资金。")}, submitted=at)
    _return(plan, unit_hc, 5, ReturnStatus.APPROVED, {m11: ("in_progress", "五月进展")}, submitted=at)
    _return(
        plan, unit_hc, 6, ReturnStatus.APPROVED, {m11: ("done", "六月完成"), m12: ("in_progress", "")}, submitted=at
    )
    _return(plan, unit_wd, 6, ReturnStatus.DRAFT, {m11: ("done", "草稿不算")})
    return {"fin": fin, "1.1": m11, "1.2": m12, "5.2": m52}


def test_each_cell_says_what_the_units_return_says(plan, june, unit_hc, unit_wd):
    ledger = task_ledger(plan=plan, month=6, today=TODAY)
    row_52 = next(r for r in ledger.rows if r.measure == june["5.2"])
    fin = row_52.cell_for(june["fin"].pk)
    assert (fin.status, fin.last_note_month, fin.is_lead, fin.overdue) == ("in_progress", 6, True, False)
    assert fin.last_note_on == datetime.date(2023, 7, 3)
    assert row_52.cell_for(unit_hc.pk) is None  # 5.2 is the city's own: no district answers for it

    row_11 = next(r for r in ledger.rows if r.measure == june["1.1"])
    hc = row_11.cell_for(unit_hc.pk)
    assert (hc.status, hc.last_note_month, hc.overdue) == ("done", 6, False)
    wd = row_11.cell_for(unit_wd.pk)  # a draft has not reached the city
    assert (wd.status, wd.last_note_month, wd.overdue) == (NOT_REPORTED, None, True)
    hrss = row_11.cell_for(ResponsibleUnit.objects.get(code="HRSS").reporting_unit_id)
    assert (hrss.status, hrss.is_lead, hrss.overdue) == (NOT_REPORTED, True, True)

    row_12 = next(r for r in ledger.rows if r.measure == june["1.2"])
    hc12 = row_12.cell_for(unit_hc.pk)
    assert (hc12.status, hc12.last_note_month) == ("in_progress", None)  # a status without words is no note
    # Lead first, then the co-responsible departments in the plan's order, then the eight districts.
    assert [c.unit.code for c in row_12.cells[:3]] == ["DEPT-HRSS", "DEPT-FIN", "DEPT-AGRI"]
    assert [c.is_lead for c in row_12.cells[:3]] == [True, False, False] and len(row_12.cells) == 3 + 8


def test_the_desks_ledger_reads_the_periods_notes_only_and_agrees_with_the_full_one(plan, june, unit_hc):
    full = task_ledger(plan=plan, month=6, today=TODAY)
    brief = task_ledger(plan=plan, month=6, today=TODAY, history=False)
    assert brief.unreported_measures() == full.unreported_measures()
    assert brief.overdue_departments() == full.overdue_departments()
    cells = [[(c.unit.pk, c.status, c.noted, c.overdue) for c in r.cells] for r in full.rows]
    assert [[(c.unit.pk, c.status, c.noted, c.overdue) for c in r.cells] for r in brief.rows] == cells


def test_the_desk_lists_the_unreported_measures_and_the_overdue_departments(client, plan, june, coordinator, settings):
    settings.NEWCITIZEN_TODAY = TODAY
    ledger = task_ledger(plan=plan, month=6, today=TODAY)
    unreported = ledger.unreported_measures()
    assert june["1.1"] not in unreported and june["5.2"] not in unreported and june["1.2"] in unreported
    assert len(unreported) == 22 - 2  # only 1.1 (环翠区) and 5.2 (市财政局) have a note this period
    assert ResponsibleUnit.objects.get(code="FIN").reporting_unit not in ledger.overdue_departments()
    assert len(ledger.overdue_departments()) == 8

    client.force_login(coordinator)
    page = client.get(reverse("desks:desk")).content.decode()
    assert (
        'data-measure="1.2"' in page and 'data-measure="5.2"' not in page.split('id="ledger"')[1].split("</section>")[0]
    )
    assert "市公安局" in page.split('class="overdue-departments"')[1].split("</span>")[0]


def test_the_xlsx_holds_the_page(client, plan, june, coordinator, settings):
    settings.NEWCITIZEN_TODAY = TODAY
    client.force_login(coordinator)
    params = {"year": 2023, "month": 6, "action": 1}
    page = client.get(reverse("ledger:ledger"), params)
    rows = page.context["rows"]
    assert {row.measure.action.number for row, _cells in rows} == {1}
    download = client.get(reverse("ledger:ledger"), {**params, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(download.content)).active
    values = [[c.value for c in line] for line in sheet.iter_rows()]
    header_at = next(i for i, line in enumerate(values) if line[0] == "工作举措")
    header = values[header_at]
    assert header[1:] == [unit.display_name for unit in page.context["ledger"].columns]
    body = values[header_at + 1 :]
    assert len(body) == len(rows)
    for line, (row, cells) in zip(body, rows, strict=True):
        assert line[0].startswith(row.measure.code)
        assert [v or "" for v in line[1:]] == [cell_text(c, year=2023) if c else "" for c in cells]
    hc_11 = body[0][1 + [u.code for u in page.context["ledger"].columns].index("HC")]
    assert hc_11 == "已完成 · 最近进展2023年6月"


def test_the_filters_keep_the_measures_of_a_department_and_the_cells_of_a_status(client, plan, june, coordinator):
    client.force_login(coordinator)
    url = reverse("ledger:ledger")
    fin = client.get(url, {"year": 2023, "month": 6, "department": "FIN"}).context["rows"]
    assert {row.measure for row, _ in fin} == set(Measure.objects.filter(responsibilities__unit__code="FIN"))
    done = client.get(url, {"year": 2023, "month": 6, "status": "done"}).context["rows"]
    assert [row.measure for row, _ in done] == [june["1.1"]]
    # An unknown filter value opens the whole ledger rather than failing.
    assert len(client.get(url, {"year": 2023, "month": 6, "status": "x", "action": "一"}).context["rows"]) == 22


def test_a_cell_opens_the_units_notes_on_the_measure_over_the_year(client, plan, june, coordinator, unit_hc):
    client.force_login(coordinator)
    url = reverse("ledger:unit-notes", args=[2023, "HC", 1, 1])
    response = client.get(url)
    assert [e.monthly_return.month for e in response.context["notes"]] == [5, 6]
    assert "五月进展" in response.content.decode() and "六月完成" in response.content.decode()
    ledger_page = client.get(reverse("ledger:ledger"), {"year": 2023, "month": 6}).content.decode()
    assert url in ledger_page
    assert client.get(reverse("ledger:unit-notes", args=[2023, "NOPE", 1, 1])).status_code == 404
    assert client.get(reverse("ledger:unit-notes", args=[2023, "HC", 9, 9])).status_code == 404


@pytest.mark.parametrize("who", ["staff_hc", "viewer"])
def test_the_ledger_is_the_citys(client, plan, june, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("ledger:ledger")).status_code == 403
    assert client.get(reverse("ledger:unit-notes", args=[2023, "HC", 1, 1])).status_code == 403


def test_the_ledger_page_runs_a_fixed_number_of_queries(client, plan, june, coordinator, django_assert_num_queries):
    client.force_login(coordinator)
    url = reverse("ledger:ledger")
    client.get(url, {"year": 2023, "month": 6})  # warm the session and the permission cache
    # session, user, the plan, the units in the reader's sight, the ledger's five (departments, measures with their
    # responsibilities, returns, notes), the filters' years and departments, the user's permissions
    with django_assert_num_queries(11):
        assert client.get(url, {"year": 2023, "month": 6}).status_code == 200
    assert ReportingUnit.objects.departments().count() == 9
