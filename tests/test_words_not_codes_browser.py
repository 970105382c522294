"""People read words, not codes: every page of the route walk, for every role, in Chinese, in Chromium.

The visible text of each HTML page is searched for every code of the label registry (metrics,
categories, statuses, steps, provinces, roles ...) as a whole word. A page that must show a code
(an API example, say) wraps it in an element marked `data-shows-codes`; that text is not searched.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from supervision.core import labels
from tests.browser import log_in, needs_chromium
from tests.test_permission_matrix import (  # noqa: F401 (fixtures the scenario is built from)
    MATRIX,
    ROLES,
    action_a,
    complaint_a,
    inspection_a,
    report_a,
    result_a,
    scenario,
)

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]

# The API's own pages describe codes by design; downloads are not pages.
NOT_PAGES = {"api-docs", "api-schema", "logout", "set_language"}


def _visible_text(page) -> str:
    return page.evaluate("""() => {
        const body = document.body.cloneNode(true);
        body.querySelectorAll('[data-shows-codes], script, style, template').forEach(element => element.remove());
        document.documentElement.appendChild(body);  // innerText needs layout
        const text = body.innerText;
        body.remove();
        return text;
    }""")


def _codes_pattern() -> re.Pattern:
    codes = sorted(labels.codes(), key=len, reverse=True)
    # Whole words only; "contacts.csv" is a file name of the data contract, not the metric code.
    return re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, codes)) + r")(?![A-Za-z0-9_]|\.[a-z])")


def test_no_page_shows_a_registry_code_to_any_role(scenario, browser_page, live_server):  # noqa: F811
    context = browser_page.context.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    pattern = _codes_pattern()
    found, visited = [], 0
    for role in ROLES:
        page.context.clear_cookies()
        if role != "anonymous":
            log_in(page, live_server, role, logged_in="text=退出")
        for route, (kwargs_for, expected) in sorted(MATRIX.items()):
            if route in NOT_PAGES or expected.get(role) != 200 or (":" not in route and route not in ("login", "home")):
                continue
            url = live_server.url + reverse(route, kwargs=kwargs_for(scenario) if kwargs_for else None)
            try:
                response = page.goto(url)
            except PlaywrightError as error:  # a CSV or PDF: a download, not a page
                assert "Download is starting" in str(error), error
                continue
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            assert page.evaluate("document.documentElement.lang") == "zh-hans", route
            visited += 1
            for code in sorted(set(pattern.findall(_visible_text(page)))):
                found.append(f"{role} {route}: {code}")
    context.close()
    assert visited > 100  # every role's pages were read, not skipped
    assert not found, "codes shown instead of words:\n" + "\n".join(found)
