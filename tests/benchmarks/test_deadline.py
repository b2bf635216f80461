"""The deadline day's preparation and the form reading its people use (Locust itself runs only in the benchmark)."""

import re

from django.urls import reverse

from accounts.models import User
from benchmarks.deadline import FILER_PREFIX, PASSWORD, deadline_outcome, deadline_prepare
from benchmarks.generator import data_generate
from benchmarks.pagefields import form_fields
from districts.models import ReportingUnit
from reports.models import MonthlyReturn, ReturnStatus


def test_the_province_is_made_to_file_its_december_with_a_filer_a_county_and_a_reviewer_a_city(db):
    plan = data_generate(scale="province", years=1, seed=5).plans[0]
    people = deadline_prepare(plan=plan)
    leaves = ReportingUnit.objects.leaves()
    assert not MonthlyReturn.objects.filter(plan=plan, month=12).exists()
    assert len(people.filers) == leaves.count() == 136 and len(people.reviewers) == 16 and len(people.readers) == 4
    filer = User.objects.get(username=people.filers[0])
    assert filer.username.startswith(FILER_PREFIX) and filer.check_password(PASSWORD) and filer.reporting_unit.is_active
    outcome = deadline_outcome(plan=plan)
    assert (outcome.units, outcome.submitted, outcome.reviewed) == (136, 0, 0)
    deadline_prepare(plan=plan)  # again: the same people, no duplicates
    assert User.objects.filter(username__startswith=FILER_PREFIX).count() == 136


def test_a_filer_submits_what_the_form_page_holds_as_read_by_the_scenario(client, plan, unit_hc, staff_hc):
    client.force_login(staff_hc)
    started = client.post(reverse("reports:return-start") + "?year=2023", {"month": 6})
    pk = re.search(r"/returns/(\d+)/", started["Location"]).group(1)
    fields = form_fields(client.get(reverse("reports:return-edit", args=[pk])).content.decode())
    assert "csrfmiddlewaretoken" not in fields or fields["csrfmiddlewaretoken"]
    assert "version" in fields and any(name.startswith("st_") for name in fields)
    for name in fields:
        if name.startswith(("val_", "num_")):
            fields[name] = "3"
        elif name.startswith("den_"):
            fields[name] = "10"
    response = client.post(reverse("reports:return-edit", args=[pk]), {**fields, "submit": "1"})
    assert response.status_code == 302
    assert MonthlyReturn.objects.get(pk=pk).status == ReturnStatus.SUBMITTED
