"""The metrics page: entities as rows, grouped metrics with rates, sorted and paged in SQL, trends zero-filled."""

import re

import pytest

from supervision.core import labels
from supervision.metrics import compute
from supervision.metrics.definitions import METRICS
from supervision.metrics.selectors import TableQuery, metric_histories, metric_table
from tests.metrics.conftest import OCTOBER

pytestmark = pytest.mark.django_db


def test_every_metric_has_words_a_definition_and_a_unit():
    assert set(METRICS) == set(compute.ALL_METRICS)
    for metric in METRICS.values():
        assert labels.label("metric", metric.code) != metric.code
        assert str(metric.definition) and metric.unit and metric.group


def test_rows_are_entities_with_rates_per_1000_contacts(sam_supervisor, two_agencies):
    rows = list(metric_table(user=sam_supervisor, query=TableQuery(period=OCTOBER, sort="-quiet_hours_contacts")))
    assert [row["agency_code"] for row in rows] == ["AA", "AB"]
    assert rows[0]["count__quiet_hours_contacts"] == 3 and rows[0]["value__contacts"] == 5
    assert rows[0]["rate__quiet_hours_contacts"] == pytest.approx(600.0)
    ascending = metric_table(user=sam_supervisor, query=TableQuery(period=OCTOBER, sort="quiet_hours_contacts"))
    assert [row["agency_code"] for row in ascending] == ["AB", "AA"]


def test_an_agency_sees_only_its_own_row(alice_agency, two_agencies):
    rows = list(metric_table(user=alice_agency, query=TableQuery(period=OCTOBER)))
    assert [row["agency_code"] for row in rows] == ["AA"]


def test_months_without_results_are_zero_in_the_trend(two_agencies):
    trend = metric_histories(entity_keys=["agency:AA"], metrics=["quiet_hours_contacts", "contacts"], last=OCTOBER)
    assert trend["agency:AA"]["quiet_hours_contacts"] == [0.0] * 11 + [600.0]
    assert trend["agency:AA"]["contacts"] == [0.0] * 11 + [5.0]


def test_the_page_shows_words_colours_over_threshold_and_sorts(client, sam_supervisor, two_agencies):
    client.force_login(sam_supervisor)
    page = client.get("/metrics/", {"period": "2026-10", "sort": "-quiet_hours_contacts"}).content.decode()
    assert "非允许时段联系次数" in page  # the metric's Chinese label, not its code
    visible = re.sub(r"<[^>]+>", " ", page)
    assert "quiet_hours_contacts" not in visible
    assert 'class="num over"' in page  # 600 night contacts per 1,000 is over the CN profile's 20
    assert page.index("/dashboard/agency/AA/") < page.index("/dashboard/agency/AB/")
    page = client.get("/metrics/", {"period": "2026-10", "sort": "quiet_hours_contacts"}).content.decode()
    assert page.index("/dashboard/agency/AB/") < page.index("/dashboard/agency/AA/")


def test_the_page_is_paged(client, sam_supervisor, two_agencies, settings):
    from supervision.metrics import views

    client.force_login(sam_supervisor)
    views.PAGE_ROWS, saved = 1, views.PAGE_ROWS
    try:
        second = client.get("/metrics/", {"period": "2026-10", "sort": "-quiet_hours_contacts", "page": 2})
    finally:
        views.PAGE_ROWS = saved
    body = second.content.decode()
    assert "/dashboard/agency/AB/" in body and "/dashboard/agency/AA/" not in body
