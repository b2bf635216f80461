"""The figure rules the form, the import and the services share, and figures at the edge of what the database holds."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from actions.models import Indicator
from reports.figure_rules import figure_problems, is_count
from reports.models import MAX_FIGURE, ChangeEntry, Figure
from reports.services import FigureInput, monthly_return_save

LARGEST_MONEY = "9999999999999.99"


@pytest.fixture
def people(plan):
    return Indicator.objects.get(plan=plan, code="I1.3.1")  # 人, flow


@pytest.fixture
def money(plan):
    return Indicator.objects.get(plan=plan, code="I2.2.2")  # 万元, flow


def _form_data(client, monthly_return, **overrides):
    form = client.get(reverse("reports:return-edit", args=[monthly_return.pk])).context["form"]
    data = {name: ("" if field.initial is None else field.initial) for name, field in form.fields.items()}
    data["version"] = monthly_return.version
    data.update(overrides)
    return data


def _post(client, monthly_return, data):
    return client.post(reverse("reports:return-edit", args=[monthly_return.pk]), data)


def test_counts_are_whole_numbers_and_money_is_not(people, money):
    assert is_count(people) and not is_count(money)
    assert [p.code for p in figure_problems(indicator=people, value=Decimal("12.5"))] == ["whole"]
    assert figure_problems(indicator=people, value=Decimal("12")) == []
    assert figure_problems(indicator=money, value=Decimal("12.5")) == []


def test_the_form_refuses_twelve_and_a_half_people(client, staff_hc, hc_return, people):
    client.force_login(staff_hc)
    response = _post(client, hc_return, _form_data(client, hc_return, **{f"val_{people.pk}": "12.5"}))
    assert response.status_code == 200
    assert "整数" in str(response.context["form"].errors[f"val_{people.pk}"])
    assert not Figure.objects.exists()


@pytest.mark.parametrize("typed", ["99999999999999.95", "12345678901234.56", "10000000000000"])
def test_the_form_refuses_a_figure_the_database_cannot_give_back_exactly(client, staff_hc, hc_return, money, typed):
    client.force_login(staff_hc)
    response = _post(client, hc_return, _form_data(client, hc_return, **{f"val_{money.pk}": typed}))
    assert response.status_code == 200
    error = str(response.context["form"].errors[f"val_{money.pk}"])
    assert "数字过大" in error and "9,999,999,999,999.99" in error
    assert not Figure.objects.exists() and not ChangeEntry.objects.exists()


def test_the_services_refuse_it_too(staff_hc, hc_return, money, people):
    for indicator, value in ((money, "12345678901234.56"), (people, "12.5")):
        with pytest.raises(ValidationError):
            monthly_return_save(
                monthly_return=hc_return,
                user=staff_hc,
                version=hc_return.version,
                figures={indicator.pk: FigureInput(value=Decimal(value))},
            )
    assert not Figure.objects.exists()


def test_the_database_refuses_it_behind_the_services(hc_return, money):
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(monthly_return=hc_return, indicator=money, value=MAX_FIGURE + Decimal("0.01"))


def test_the_largest_figure_comes_back_exactly_and_every_page_opens(client, staff_hc, hc_return, money):
    client.force_login(staff_hc)
    response = _post(client, hc_return, _form_data(client, hc_return, **{f"val_{money.pk}": LARGEST_MONEY}))
    assert response.status_code == 302
    assert Figure.objects.get().value == Decimal(LARGEST_MONEY)
    assert client.get(reverse("reports:return-detail", args=[hc_return.pk])).status_code == 200
    edit = client.get(reverse("reports:return-edit", args=[hc_return.pk]))
    assert edit.status_code == 200
    assert edit.context["form"][f"val_{money.pk}"].initial == LARGEST_MONEY
    export = client.get(reverse("imports:figures-export"), {"plan": hc_return.plan_id, "file_format": "csv"})
    assert export.status_code == 200 and LARGEST_MONEY.encode() in export.content


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking only")
def test_sqlite_writers_wait_for_the_lock_and_take_it_when_they_begin(db):
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == options["timeout"] * 1000 >= 10_000
