"""Headless Debian chromium driven by Playwright, for tests that look at pages as a person would."""

import shutil
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = shutil.which("chromium")

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A fresh English-language page; the live server runs tasks in-process.

    Tests list it last among their fixtures, and it closes on teardown the connections made while
    Playwright's event loop ran: no other teardown reaches them (PostgreSQL then cannot drop the test database).
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        connections.close_all()  # the test's own queries ran on a connection of the event loop's context
        context.close()
        browser.close()


def log_in(page, live_server, username: str, password: str = "pw-for-tests-only", *,
           logged_in: str = "text=Log out") -> None:
    """The login page, then the authenticator's code when the site asks for one (staff)."""
    from tests.second_factor import pass_second_factor

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_selector(logged_in)
    pass_second_factor(page, username)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def screenshot_accessible(page, name: str) -> Path:
    """Screenshot the page, then fail on any axe-core violation, naming each rule and where it broke."""
    from axe_playwright_python.sync_playwright import Axe

    path = screenshot(page, name)
    violations = [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
                  for v in Axe().run(page).response["violations"]]
    assert not violations, f"{name}:\n" + "\n".join(violations)
    return path
