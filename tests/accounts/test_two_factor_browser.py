"""A supervisor enrols an authenticator in a real browser and logs in with its codes."""

import base64
import time

import pytest
from django_otp.oath import totp

from tests.browser import needs_chromium, screenshot_accessible

pytestmark = [needs_chromium, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code(secret: str) -> str:
    return f"{totp(base64.b32decode(secret)):06d}"


def log_in_with_password(page, live_server) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "sam_supervisor")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("main button[type=submit]")
    page.wait_for_url("**/two-factor/**")


def test_a_supervisor_enrols_and_logs_in_with_a_code(live_server, sam_supervisor, browser_page):
    page = browser_page
    log_in_with_password(page, live_server)
    page.goto(f"{live_server.url}/dashboard/")  # no second factor yet: sent back
    assert "/two-factor/" in page.url
    secret = page.locator("[data-totp-secret]").input_value()
    screenshot_accessible(page, "two-factor-enrol")
    page.fill("#id_code", code(secret))
    page.click("main button[type=submit]")
    assert page.locator("[data-recovery-codes] li").count() == 10
    screenshot_accessible(page, "two-factor-recovery-codes")
    page.goto(f"{live_server.url}/dashboard/")
    assert "/dashboard/" in page.url

    page.click("text=Log out")
    log_in_with_password(page, live_server)
    time.sleep(max(0.0, 30.5 - time.time() % 30))  # the next code: each code opens one login
    page.fill("#id_code", code(secret))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboard/**")
