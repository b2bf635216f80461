"""The deadline day as Locust plays it (``manage.py benchmark --scenario deadline-day`` runs it; BENCHMARKS.md).

136 county filers arrive over about two and a half minutes: log in, open the desk, start December's return, save a
draft (some type a slip first and correct it, some save from two tabs and get the stale-page answer), then submit;
a return sent back is corrected and submitted again. 16 city reviewers work their city's queue from the desk:
open the oldest, approve it or (one in ten) send it back with a reason. 4 readers read the dashboards.
Hosts and accounts come from the environment the command sets (DEADLINE_*).
"""

import itertools
import os
import random
import re

from locust import HttpUser, between, task

from benchmarks.pagefields import form_fields

HOSTS = os.environ.get("DEADLINE_HOSTS", "http://127.0.0.1:8160").split(",")
PASSWORD = os.environ.get("DEADLINE_PASSWORD", "")
FILERS = os.environ.get("DEADLINE_FILERS", "").split(",")
REVIEWERS = os.environ.get("DEADLINE_REVIEWERS", "").split(",")
READERS = os.environ.get("DEADLINE_READERS", "").split(",")
YEAR = os.environ.get("DEADLINE_YEAR", "2023")
_next = {"filer": itertools.count(), "reviewer": itertools.count(), "reader": itertools.count()}
RETURN_ID = re.compile(r"/returns/(\d+)/")


class Person(HttpUser):
    abstract = True
    kind = ""

    def on_start(self):
        index = next(_next[self.kind])
        self.client.base_url = HOSTS[index % len(HOSTS)]
        self.username = self.accounts()[index % len(self.accounts())]
        page = self.client.get("/accounts/login/", name="login page")
        token = form_fields(page.text).get("csrfmiddlewaretoken", "")
        with self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="log in",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"{self.username} could not log in ({answer.status_code})")

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")


class Filer(Person):
    kind = "filer"
    fixed_count = 136

    def wait_time(self):
        # Filing, a person clicks on after a few seconds; once submitted, they look at the desk now and then.
        return random.uniform(40, 80) if self.done else random.uniform(2, 6)

    def accounts(self):
        return FILERS

    def on_start(self):
        super().on_start()
        self.done = False
        self.return_id = None

    @task
    def file_december(self):
        if self.done:
            desk = self.client.get("/desk/", name="desk (filer)")
            if self.return_id and f'href="/returns/{self.return_id}/edit/"' in desk.text:
                self.done = False  # sent back: correct and submit again
            return
        self.client.get("/desk/", name="desk (filer)")
        if self.return_id is None:
            started = self.client.post(
                f"/returns/start/?year={YEAR}", {"month": "12", "csrfmiddlewaretoken": self.csrf()}, name="start return"
            )
            found = RETURN_ID.search(started.url or "")
            if not found:
                return
            self.return_id = found.group(1)
        edit = f"/returns/{self.return_id}/edit/"
        form = self.client.get(edit, name="return form GET")
        fields = form_fields(form.text)
        figures = [name for name in fields if name.startswith(("val_", "num_"))]
        for name in figures:
            if not fields[name]:
                fields[name] = str(random.randint(1, 40))
        for name in [n for n in fields if n.startswith("den_")]:
            fields[name] = fields[name] or "100"
        for name in [n for n in fields if n.startswith("cmt_")]:
            fields[name] = fields[name] or "经核实无误"  # a figure far from the county's history needs its comment
        if figures and random.random() < 0.15:  # a slip: the form answers 200 with the message beside the field
            slip = {**fields, figures[0]: "12,,3", "save": "1"}
            self.client.post(edit, slip, name="return form POST (slip)")
        if random.random() < 0.05:  # two tabs: the second save of the same version is refused as stale
            self.client.post(edit, {**fields, "save": "1"}, name="return form POST draft")
            self.client.post(edit, {**fields, "save": "1"}, name="return form POST (second tab)")
            fields = form_fields(self.client.get(edit, name="return form GET").text)
        self.client.post(edit, {**fields, "save": "1"}, name="return form POST draft")
        fields = form_fields(self.client.get(edit, name="return form GET").text)
        with self.client.post(
            edit, {**fields, "submit": "1"}, name="return form POST submit", catch_response=True
        ) as r:
            if r.url and r.url.rstrip("/").endswith(f"/returns/{self.return_id}"):
                self.done = True
            else:
                r.failure("the submission was not accepted")


class Reviewer(Person):
    kind = "reviewer"
    fixed_count = 16
    wait_time = between(2, 5)

    def accounts(self):
        return REVIEWERS

    @task
    def review_the_oldest(self):
        desk = self.client.get("/desk/", name="desk (reviewer)")
        found = re.search(r'<ol class="queue"><li data-return="(\d+)"', desk.text)
        if not found:
            return
        pk = found.group(1)
        page = self.client.get(f"/returns/{pk}/", name="return page")
        token = form_fields(page.text).get("csrfmiddlewaretoken", self.csrf())
        if random.random() < 0.1:
            data = {"decision": "send_back", "reason": "请核实本月数据后重新报送。", "csrfmiddlewaretoken": token}
            self.client.post(f"/returns/{pk}/review/", data, name="send back")
        else:
            self.client.post(
                f"/returns/{pk}/review/", {"decision": "approve", "csrfmiddlewaretoken": token}, name="approve"
            )
        self.client.get(f"/returns/?year={YEAR}", name="review list")


class Reader(Person):
    kind = "reader"
    fixed_count = 4
    wait_time = between(5, 10)

    def accounts(self):
        return READERS

    @task
    def read(self):
        month = f"?year={YEAR}&month=12"
        self.client.get(f"/dashboards/{month}", name="dashboard")
        self.client.get(f"/dashboards/matrix/{month}", name="matrix")
        self.client.get(f"/dashboards/timeliness/{month}", name="timeliness")
        self.client.get(f"/api/v1/progress{month}", name="API")
