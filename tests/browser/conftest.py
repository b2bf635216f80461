"""Browser fixtures: Debian's Chromium driven by Playwright against the live server.

These tests run only with ``-m browser`` (``.ci/run`` does so after installing Chromium, a CJK font and the
``browser`` extra). Every page a test opens fails the test on a console error or an uncaught exception, so an
inline script refused by the content security policy, a missing static file or a broken chart is caught here.
Wait with locators rather than ``page.wait_for_function``: its polling evaluates a string in the page, which the
same policy refuses ('unsafe-eval'), so it would fail a test now and then.
"""

import os
import re
from pathlib import Path

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the unit-test run does not install the browser extra; collect nothing here then
    sync_playwright = None
    collect_ignore_glob = ["test_*.py"]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
TABLET = {"width": 768, "height": 1024}
PASSWORD = "Browser-tests-2023"


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are still synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Session:
    """One person's browser window: a context of its own (cookies, language), its pages' errors, its screenshots."""

    def __init__(self, browser, base_url: str, shots: "Screenshots", name: str, viewport: dict):
        self.context = browser.new_context(
            base_url=base_url, viewport=viewport, locale="zh-CN", accept_downloads=True, timezone_id="Asia/Shanghai"
        )
        self.context.set_default_timeout(15_000)
        self.errors: list[str] = []
        self.shots = shots
        self.name = name
        self.page = self.context.new_page()
        self.watch(self.page)

    def watch(self, page) -> None:
        def on_console(message):
            if message.type == "error":
                self.errors.append(f"{page.url}: console error: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: page error: {error}"))

    def goto(self, path: str):
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path} answered {response and response.status}"
        return response

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.goto("/accounts/login/")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(password)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))

    def logout(self) -> None:
        self.page.get_by_role("button", name="退出").click()
        self.page.wait_for_url(re.compile(r".*/accounts/login/.*"))

    def shot(self, step: str, *, full_page: bool = True, page=None) -> Path:
        return self.shots.take(page or self.page, f"{self.name}-{step}", full_page=full_page)

    def close(self) -> None:
        self.context.close()


class Screenshots:
    """PNG files under artifacts/screenshots/<test>/, numbered in the order the journey passed the pages."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()

    def take(self, page, step: str, *, full_page: bool = True) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def screenshots(request) -> Screenshots:
    return Screenshots(SCREENSHOTS / request.node.name)


@pytest.fixture
def open_session(browser, live_server, screenshots):
    """Open a browser window for a person; at the end, fail on any console error or page error seen in any of them."""
    sessions: list[Session] = []

    def open_(name: str, *, viewport: dict = DESKTOP) -> Session:
        session = Session(browser, live_server.url, screenshots, name, viewport)
        sessions.append(session)
        return session

    yield open_
    errors = [error for session in sessions for error in session.errors]
    for session in sessions:
        session.close()
    assert not errors, "\n".join(errors)


@pytest.fixture
def people(plan, make_user):
    """Logins with a known password: Huancui's staff, the coordinator and an admin."""
    from accounts.roles import COORDINATOR, DISTRICT_STAFF, PLAN_ADMIN
    from districts.models import ReportingUnit

    users = {
        "hc": make_user(
            "hc", DISTRICT_STAFF, reporting_unit=ReportingUnit.objects.get(code="HC"), full_name="环翠区经办人"
        ),
        "coordinator": make_user("coordinator", COORDINATOR, full_name="市人社局就业促进与失业保险科"),
        "admin": make_user("admin", PLAN_ADMIN, is_staff=True, is_superuser=True, full_name="系统管理员"),
    }
    for user in users.values():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return users
