"""填报人 and 审核人 with their times in the figures export and in the template's sign-off block."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import UNIT_CHECKER
from reports.models import MonthlyReturn
from reports.services import FigureInput, monthly_return_save
from reports.unit_check import monthly_return_hand_in

from .conftest import _user


@pytest.fixture
def checked_june(plan, hc, staff_hc, groups):
    """环翠区's June, filed by its staff and checked by its 单位审核人."""
    hc.requires_unit_check = True
    hc.save()
    checker = _user("hc_check", groups[UNIT_CHECKER], reporting_unit=hc, full_name="环翠区审核人")
    checker.groups.add(staff_hc.groups.get())
    staff_hc.full_name = "环翠区经办人"
    staff_hc.save()
    june = MonthlyReturn.objects.create(plan=plan, unit=hc, month=6)
    indicator = plan.indicators.get(code="I1.2.1")
    monthly_return_save(
        monthly_return=june, user=staff_hc, version=1, figures={indicator.pk: FigureInput(value=Decimal(5))}
    )
    monthly_return_hand_in(monthly_return=MonthlyReturn.objects.get(pk=june.pk), user=staff_hc)
    monthly_return_hand_in(monthly_return=MonthlyReturn.objects.select_related("unit").get(pk=june.pk), user=checker)
    return june


def test_the_export_names_filer_and_checker_with_their_times(client, plan, checked_june, plan_admin):
    client.force_login(plan_admin)
    response = client.get(reverse("imports:figures-export"), {"plan": plan.pk, "file_format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, first = rows[0], rows[1]
    assert header[-2:] == ["填报人", "审核人"]
    assert first[-2].startswith("环翠区经办人 ") and first[-1].startswith("环翠区审核人 ")
    assert "年" in first[-1]  # the time the Chinese way


def test_the_template_signs_off_the_return_it_is_filled_from(client, plan, checked_june, staff_hc):
    client.force_login(staff_hc)
    response = client.get(reverse("imports:template-download"), {"plan": plan.pk, "unit": "HC", "month": 6})
    ws = load_workbook(io.BytesIO(response.content))["HC 环翠区"]
    texts = [ws.cell(row, 1).value for row in range(ws.max_row - 1, ws.max_row + 1)]
    assert texts[0].startswith("填报人：环翠区经办人 ") and texts[1].startswith("审核人：环翠区审核人 ")
