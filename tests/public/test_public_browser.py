"""A visitor searches the public complaint database in Chromium, in Chinese, on a desktop and on a phone."""

import csv
import io

import pytest

from supervision.public.models import PublishedComplaint
from tests.browser import needs_chromium, screenshot_accessible
from tests.public.test_publication import file, publish_past_the_delay

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def database(lender_a, agency_a, lender_b, agency_b, sam_supervisor, alice_agency):
    for categories in (("quiet_hours", "contact_blasting"), ("quiet_hours",), ("contact_blasting",)):
        file(lender_a, agency_a, sam_supervisor, categories=categories, respond=alice_agency)
    file(lender_b, agency_b, sam_supervisor, categories=("threats_insults",), respond=alice_agency, consent=False)
    publish_past_the_delay()


def test_a_visitor_searches_excludes_keeps_the_link_and_downloads(database, browser_page, live_server):
    context = browser_page.context.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.fill("#front-search", "同事")
    page.click("text=搜索 >> nth=-1")
    page.wait_for_url("**/public/complaints/?search=*")
    assert page.locator("ol.public-results > li").count() == 3  # the two-character word, inside sentences
    assert page.locator("ol.public-results mark").first.inner_text() == "同事"

    # Exclude a category from its facet: the list and every count follow.
    page.locator("#facet-category li", has_text="爆通讯录").locator("a.exclude").click()
    page.wait_for_url("**not_category=contact_blasting**")
    assert page.locator("ol.public-results > li").count() == 1
    screenshot_accessible(page, "public-search")

    # The address is the search: opened afresh, it shows the same.
    permalink = page.locator("#permalink").get_attribute("href")
    fresh = context.new_page()
    fresh.goto(f"{live_server.url}/public/complaints/{permalink}")
    assert fresh.locator("ol.public-results > li").count() == 1

    with page.expect_download() as download:
        page.click("#download-csv")
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert len(rows) == 2 and "contact_blasting" not in rows[1][rows[0].index("categories")]

    page.locator("ol.public-results h2 a").first.click()
    page.wait_for_url("**/public/complaints/*/")
    assert "XXXX" in page.locator(".pre-wrap").inner_text()
    screenshot_accessible(page, "public-detail")

    phone = browser_page.context.browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                                     is_mobile=True, has_touch=True)
    small = phone.new_page()
    small.goto(f"{live_server.url}/public/complaints/?search=同事")
    assert small.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll
    screenshot_accessible(small, "public-search-phone")
    small.goto(f"{live_server.url}/public/lenders/LA/")
    screenshot_accessible(small, "public-profile-phone")
    assert PublishedComplaint.objects.count() == 4
    phone.close()
    context.close()
