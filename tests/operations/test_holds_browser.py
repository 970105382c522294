"""A supervisor sets a legal hold and lifts it, in Chromium and in Chinese; the page passes axe."""

import pytest

from supervision.operations.models import LegalHold
from supervision.operations.retention import retention_apply
from tests.browser import log_in, needs_chromium, screenshot_accessible

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_sets_and_lifts_a_hold(browser_page, live_server, sam_supervisor, agency_a):
    retention_apply()  # a run to list
    page = browser_page.context.browser.new_context(locale="zh-CN").new_page()
    log_in(page, live_server, "sam_supervisor", logged_in="text=退出")
    page.goto(f"{live_server.url}/holds/")
    page.select_option("select[name=kind]", "agency")
    page.fill("input[name=subject]", agency_a.code)
    page.fill("form.filters input[name=reason]", "法院保全裁定")
    page.click("text=设置保全")
    page.wait_for_selector("text=保全已设置")
    assert LegalHold.objects.active().get().agency == agency_a
    screenshot_accessible(page, "legal-holds")
    page.fill("tbody input[name=reason]", "裁定已解除")
    page.click("tbody button")
    page.wait_for_selector("text=保全已解除")
    assert not LegalHold.objects.active().exists()
