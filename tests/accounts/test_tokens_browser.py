"""An entity administrator makes a token in a real browser; the client example submits a month with it."""

import pytest

from supervision.reporting.models import Report
from tests.browser import log_in, needs_chromium, screenshot_accessible
from tests.reporting.builders import contacts_csv
from tests.reporting.test_client_example import run

pytestmark = [needs_chromium, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_token_made_on_the_page_submits_a_month_with_the_example(live_server, alice_agency, mandate_a, tmp_path,
                                                                      browser_page):
    alice_agency.is_entity_admin = True
    alice_agency.save()
    page = browser_page
    log_in(page, live_server, "alice_agency")
    page.click("nav >> text=API tokens")
    page.fill("#id_name", "月度报送服务器")
    page.select_option("#id_scope", "reports")
    page.click("form.card button[type=submit]")
    key = page.locator("[data-new-token]").input_value()
    assert len(key) == 64
    screenshot_accessible(page, "api-token-made")
    done = run(live_server, key, tmp_path, contacts_csv())
    assert done.returncode == 0, done.stdout + done.stderr
    assert Report.objects.get().status == "accepted"
    page.goto(f"{live_server.url}/tokens/")
    assert "月度报送服务器" in page.inner_text("main") and key not in page.content()
    assert page.locator("table").first.locator("tbody tr").count() == 1  # the one token, made once
