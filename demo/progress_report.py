"""The demo's issued half-year report to the province (2023 上半年), made through the services as people would:
drafted by the coordinator, checked, signed and issued by the chain's demo logins."""

import datetime

from django.db import transaction

from accounts.models import User
from actions.models import PlanYear
from progressreports.models import ProgressReport
from progressreports.services import report_check, report_edit, report_issue, report_sign, report_start

DRAFTED_ON = datetime.date(2023, 7, 10)
ISSUED_ON = datetime.date(2023, 7, 14)
NUMBER = "威人社字〔2023〕52号"
NEXT_STEPS = (
    "聚焦县域农民工就业需求，持续开发城乡公益性岗位，加大职业技能培训力度。\n"
    "加强部门协同，推动随迁子女入学、住房保障等基本公共服务覆盖农民工群体。"
)


@transaction.atomic
def demo_progress_report_load(*, year: int = 2023) -> bool:
    """The half-year report of ``year``, issued; False when it exists already or the demo people are missing."""
    plan = PlanYear.objects.filter(year=year).first()
    people = {u.username: u for u in User.objects.filter(username__in=["coordinator", "checker", "signer"])}
    if plan is None or len(people) < 3:
        return False
    if ProgressReport.objects.filter(plan=plan, month_from=1, month_to=6).exists():
        return False
    coordinator = people["coordinator"]
    report = report_start(plan=plan, month_from=1, month_to=6, user=coordinator, today=DRAFTED_ON)
    content = report.content
    content["next_steps"] = content.get("next_steps") or NEXT_STEPS
    if not content.get("problems"):
        content["problems"] = "部分区市农民工补贴性职业技能培训进度慢于序时进度，个别指标统计口径仍需统一。"
    report = report_edit(report=report, user=coordinator, version=report.version, title=report.title, content=content)
    report = report_check(report=report, user=people["checker"], version=report.version)
    report = report_sign(report=report, user=people["signer"], version=report.version)
    report_issue(report=report, user=coordinator, version=report.version, number=NUMBER, issued_on=ISSUED_ON)
    return True
