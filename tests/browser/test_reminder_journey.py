"""催报 in a real browser: the coordinator reminds, the district sees the bell, opens the notification, files."""

import re

import pytest

from actions.models import Indicator
from notifications.models import Notification, NotificationKind, Reminder
from reports.models import MonthlyReturn, ReturnStatus

pytestmark = pytest.mark.browser

MESSAGE = "请于12月5日前报送11月月报。"


def test_the_coordinator_reminds_and_the_district_files_from_the_notification(open_session, people):
    # The coordinator opens November's timeliness and sends 催报 with a message.
    coordinator = open_session("coordinator")
    review = coordinator.page
    coordinator.login("coordinator")
    coordinator.goto("/dashboards/timeliness/?year=2023&month=11")
    panel = review.locator("section.reminders")
    # The eight districts and the nine departments (部门报送), none of which has filed November.
    assert "17个单位尚未报送本月月报" in panel.inner_text()
    panel.get_by_label("留言（可选）").fill(MESSAGE)
    coordinator.shot("timeliness-before")
    panel.get_by_role("button", name="催报").click()
    review.wait_for_url(re.compile(r".*/dashboards/timeliness/\?year=2023&month=11$"))
    assert "已向17个单位发送11月催报" in review.locator(".messages").inner_text()
    log = review.locator("table.reminder-log")
    assert MESSAGE in log.inner_text() and "环翠区" in log.inner_text()
    coordinator.shot("reminded")
    assert Reminder.objects.get().units_reached.count() == 17

    # The district user sees the bell with one unread notification and opens it.
    district = open_session("district")
    page = district.page
    district.login("hc")
    bell = page.locator("a.bell")
    assert bell.locator(".bell-count").inner_text() == "1"
    district.shot("bell", full_page=False)
    bell.click()
    page.wait_for_url("**/notifications/")
    item = page.locator("li.notification.unread")
    assert "市级催报：请报送环翠区2023年11月的月报" in item.inner_text() and MESSAGE in item.inner_text()
    district.shot("notifications")
    item.get_by_role("button", name="打开月报列表").click()
    page.wait_for_url("**/returns/")
    assert page.locator("a.bell .bell-count").count() == 0  # read now: the bell is quiet
    assert Notification.objects.get(recipient=people["hc"]).read_at is not None

    # …and files November.
    page.locator("form:has(input[name='month'][value='11']) button").click()
    page.wait_for_url(re.compile(r".*/returns/\d+/edit/$"))
    indicator = Indicator.objects.get(code="I1.2.2")
    page.get_by_label(f"{indicator.name}（{indicator.unit}）", exact=True).fill("1,100")
    page.get_by_role("button", name="保存并报送").click()
    page.wait_for_url(re.compile(r".*/returns/\d+/$"))
    district.shot("filed")
    assert MonthlyReturn.objects.get(unit__code="HC", month=11).status == ReturnStatus.SUBMITTED

    # The coordinator's bell now tells of the submission, and 环翠区 is no longer awaited for November.
    coordinator.goto("/dashboards/timeliness/?year=2023&month=11")
    assert review.locator("a.bell .bell-count").inner_text() == "1"
    assert "16个单位尚未报送本月月报" in review.locator("section.reminders").inner_text()  # HC has filed
    assert Notification.objects.filter(kind=NotificationKind.SUBMITTED, recipient=people["coordinator"]).count() == 1
    coordinator.shot("after-filing")
