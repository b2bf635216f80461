"""What makes the pages pleasant to work in: the office PC's 1366×768 and a tablet, the keyboard, the language switch."""

import re

import pytest

from demo.returns import demo_returns_load
from demo.users import DEMO_PASSWORD, demo_users_load
from reports.models import MonthlyReturn, ReturnStatus

from .conftest import DESKTOP, TABLET

pytestmark = pytest.mark.browser

COORDINATOR_PAGES = {
    "plan": "/",
    "returns": "/returns/",
    "progress": "/dashboards/?year=2023&month=9",
    "matrix": "/dashboards/matrix/?year=2023&month=9",
    "timeliness": "/dashboards/timeliness/?year=2023&month=9",
    "bulletin": "/dashboards/bulletin/?year=2023&month=9",
    "excel": "/excel/",
    "filings": "/filings/",
}

# Fails with a list of what sticks out: the page scrolling sideways, a header link off screen, a table wider than
# the page that is not in a .table-wrap of its own, a form field without a label.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  }
  document.querySelectorAll(".site-header a, .site-header select, .site-header button").forEach(el => {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 || box.left < 0) { problems.push(`header item off screen: ${el.textContent.trim()}`); }
  });
  document.querySelectorAll("main table").forEach(table => {
    const wrap = table.closest(".table-wrap");
    const room = (wrap || table.parentElement).clientWidth;
    if (!wrap && table.scrollWidth > room + 1) {
      problems.push(`table ${table.className || "(no class)"} is ${table.scrollWidth}px wide in ${room}px, unwrapped`);
    }
  });
  document.querySelectorAll("main input:not([type=hidden]), main select, main textarea").forEach(field => {
    if (!field.labels.length && !field.getAttribute("aria-label") && !field.closest("label")) {
      problems.push(`field without a label: ${field.name}`);
    }
  });
  return problems;
}"""


@pytest.fixture
def demo_year(plan):
    demo_users_load()
    demo_returns_load()


@pytest.mark.parametrize("size", ["desktop", "tablet"])
def test_pages_fit_the_office_screen_and_a_tablet(open_session, demo_year, size):
    viewport = {"desktop": DESKTOP, "tablet": TABLET}[size]
    coordinator = open_session(f"coordinator-{size}", viewport=viewport)
    coordinator.login("coordinator", DEMO_PASSWORD)
    problems = {}
    for name, path in COORDINATOR_PAGES.items():
        coordinator.goto(path)
        problems[name] = coordinator.page.evaluate(LAYOUT_PROBLEMS)
        coordinator.shot(name, full_page=False)

    draft = MonthlyReturn.objects.get(unit__code="WD", month=12, status=ReturnStatus.DRAFT)
    district = open_session(f"district-{size}", viewport=viewport)
    district.login("wd", DEMO_PASSWORD)
    district.goto(f"/returns/{draft.pk}/edit/")
    problems["return-form"] = district.page.evaluate(LAYOUT_PROBLEMS)
    district.shot("return-form", full_page=False)
    assert not {name: found for name, found in problems.items() if found}

    if size == "tablet":
        # The header wraps onto more lines rather than pushing links off screen, and a wide table scrolls inside
        # its frame while the page itself stays put.
        coordinator.goto(COORDINATOR_PAGES["matrix"])
        header = coordinator.page.locator(".site-header").bounding_box()
        assert header["height"] > 60
        wrap = coordinator.page.locator(".table-wrap").first
        assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
        wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        assert wrap.evaluate("el => el.scrollLeft > 0")
        coordinator.shot("matrix-scrolled", full_page=False)


def test_a_district_user_logs_in_and_fills_in_by_keyboard_alone(open_session, people):
    district = open_session("district")
    page = district.page
    district.goto("/accounts/login/")
    for _ in range(12):  # from the top of the page, through the header, to the first field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "username":
            break
    assert page.evaluate("document.activeElement.name") == "username"
    ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert ring == ["solid", "3px"], ring
    page.keyboard.type("hc")
    page.keyboard.press("Tab")
    page.keyboard.type("Browser-tests-2023")
    district.shot("login-by-keyboard", full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/$"))
    assert page.locator(".who").inner_text() == "环翠区经办人 · 环翠区"

    # On the return list, Tab reaches a month's button and Enter opens the form; the first figure takes typing.
    district.goto("/returns/")
    button = page.locator("form:has(input[name='month'][value='3']) button")
    for _ in range(40):
        page.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    assert button.evaluate("el => el === document.activeElement")
    district.shot("month-button-focused", full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/returns/\d+/edit/$"))
    first_figure = page.locator("input.figure").first
    first_figure.focus()
    page.keyboard.type("296,500")
    district.shot("typing-a-figure", full_page=False)
    assert first_figure.input_value() == "296,500"


def test_the_language_switch_turns_the_pages_into_english_and_back(open_session, people):
    district = open_session("district")
    page = district.page
    district.login("hc")
    district.goto("/returns/")
    assert page.locator("h1").inner_text() == "2023年月报"
    page.get_by_label("语言").select_option("en")
    page.locator("html[lang='en']").wait_for(state="attached")
    assert page.url.endswith("/returns/")
    assert page.locator("h1").inner_text() == "Monthly returns 2023"
    assert page.get_by_role("link", name="Dashboards").is_visible()
    district.shot("english")
    page.get_by_label("Language").select_option("zh-hans")
    page.locator("html[lang='zh-hans']").wait_for(state="attached")
    assert page.locator("h1").inner_text() == "2023年月报"
    district.shot("chinese-again")
