"""The overview and an entity page in a real browser: charts drawn, filters applied, CSV equal to the chart."""

import csv
import io

import pytest

from tests.browser import log_in, needs_chromium, screenshot

pytestmark = [needs_chromium, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def drawn_charts(page) -> int:
    page.wait_for_selector(".js-plotly-plot .main-svg")
    return page.locator(".js-plotly-plot").count()


def test_overview_draws_filters_and_downloads_what_it_shows(live_server, sam_supervisor, month_of_data, browser_page):
    page = browser_page
    console = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, live_server, "sam_supervisor")
    page.goto(f"{live_server.url}/dashboard/?from=2026-10&to=2026-10")
    assert drawn_charts(page) == 8
    assert not [text for text in console if "Content Security Policy" in text]  # drawn by our own script file
    screenshot(page, "overview")
    assert page.locator(".figure[data-key=complaints] .value").inner_text() == "3"

    # A filter changes the figures, and the URL carries it.
    page.select_option("select[name=category]", "contact_blasting")
    page.click("#dashboard-filters button[type=submit]")
    page.wait_for_url("**category=contact_blasting**")
    assert drawn_charts(page) == 8
    assert page.locator(".figure[data-key=complaints] .value").inner_text() == "1"

    # The CSV behind a chart holds the numbers the chart's table shows.
    figure = page.locator("#figure-complaints-by-month")
    figure.locator("summary").click()
    shown = [[cell.inner_text() for cell in row.locator("td").all()] for row in figure.locator("tbody tr").all()]
    with page.expect_download() as download:
        figure.locator("a.csv").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert shown == [["2026-10", "Contact-list blasting (爆通讯录)", "1"]]  # the table shows words
    assert list(csv.reader(io.StringIO(text)))[1:] == [["2026-10", "contact_blasting", "Contact-list blasting (爆通讯录)", "1"]]


def test_entity_page_draws_for_the_agency_itself(live_server, alice_agency, month_of_data, browser_page):
    page = browser_page
    log_in(page, live_server, "alice_agency")
    page.goto(f"{live_server.url}/dashboard/agency/AA/?from=2026-10&to=2026-10")
    assert drawn_charts(page) == 2
    screenshot(page, "entity-page")
    assert "乙资产管理有限公司" not in page.content()
