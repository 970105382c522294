"""An agency user uploads a month's files in a real browser and sees the outcome."""

import pytest

from tests.browser import log_in, needs_chromium, screenshot
from tests.reporting.builders import accounts_csv, contact, contacts_csv

pytestmark = [needs_chromium, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def send(page, tmp_path, accounts: bytes, contacts: bytes) -> None:
    (tmp_path / "accounts.csv").write_bytes(accounts)
    (tmp_path / "contacts.csv").write_bytes(contacts)
    page.click("text=Submit a report")
    page.fill("#id_period", "2026-10")
    page.set_input_files("#id_accounts", str(tmp_path / "accounts.csv"))
    page.set_input_files("#id_contacts", str(tmp_path / "contacts.csv"))
    page.click("main button[type=submit]")


def test_agency_uploads_and_sees_acceptance(live_server, alice_agency, mandate_a, tmp_path, browser_page):
    page = browser_page
    log_in(page, live_server, "alice_agency")
    send(page, tmp_path, accounts_csv(), contacts_csv())
    page.wait_for_selector("#report-status.accepted")
    assert page.locator("#report-progress").get_attribute("value") == "100"
    screenshot(page, "report-accepted")


def test_agency_sees_the_row_level_rejection_report(live_server, alice_agency, mandate_a, tmp_path, browser_page):
    page = browser_page
    log_in(page, live_server, "alice_agency")
    send(page, tmp_path, accounts_csv(), contacts_csv(contact(), contact("R2", started_at="2026-10-05 10:00")))
    page.wait_for_selector("#report-status.rejected")
    row = page.locator("table tbody tr").first
    assert "contacts.csv" in row.inner_text() and "started_at" in row.inner_text() and "3" in row.inner_text()
    assert "UTC offset" in row.inner_text()
    screenshot(page, "report-rejected")

