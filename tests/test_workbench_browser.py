"""The supervisor's workbench as she sees it in Chromium, in Chinese: the metrics page, an entity's 12-month
trends, the complaint queue, the alerts list and two rule profiles compared, each screenshot and checked by
axe-core."""

import datetime as dt

import pytest
from django.utils import timezone

from complaints import services as complaint_services
from supervision.core.months import last_month, month_start
from supervision.metrics.compute import VERSION_2_METRICS
from supervision.metrics.definitions import METRICS
from supervision.metrics.models import Alert, MetricResult, RiskScore
from supervision.rules.models import RuleProfile, default_profile
from tests.browser import log_in, needs_chromium, screenshot_accessible
from tests.complaints.helpers import complaint_data
from tests.factories import AgencyFactory

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def a_year_of_results(agency_a, agency_b, lender_a, sam_supervisor):
    """Twelve months of every metric for three agencies, night contacts rising at agency A; its alerts; complaints."""
    profile, now = default_profile(), timezone.now()
    agencies = [agency_a, agency_b, AgencyFactory(code="AC", name="丙商务咨询有限公司")]
    rows, scores = [], []
    for months_ago in range(12):
        period = month_start(last_month(), -months_ago)
        for number, agency in enumerate(agencies):
            for code in METRICS:
                value = 4000 + 500 * number if code == "contacts" else (11 - months_ago) * (3 - number) * 4 + number
                if code == "timely_response_rate":
                    value = 0.8
                rows.append(MetricResult(scope="agency", entity_key=f"agency:{agency.code}", collector_code=agency.code,
                                         agency=agency, period=period, metric=code, value=value, numerator=int(value),
                                         denominator=None if code == "contacts" else 4000, profile=profile,
                                         computed_at=now))
            scores.append(RiskScore(scope="agency", entity_key=f"agency:{agency.code}", agency=agency, period=period,
                                    score=70 - 20 * number, profile=profile, computed_at=now))
    MetricResult.objects.bulk_create(rows)
    RiskScore.objects.bulk_create(scores)
    for metric, value in (("quiet_hours_contacts", 33.0), ("deferral_contacts", 14.0), ("blasting_debtors", 2.5)):
        Alert.objects.create(scope="agency", entity_key="agency:AA", agency=agency_a, period=last_month(),
                             kind="metric", metric=metric, value=value, threshold=20.0 if metric == "quiet_hours_contacts"
                             else 10.0 if metric == "deferral_contacts" else 1.0)
    for number in range(4):
        data = complaint_data() | {"lender": lender_a, "agency": agency_a}
        data.pop("categories")
        complaint, _ = complaint_services.complaint_submit(data=data)
        if number < 2:
            complaint = complaint_services.complaint_triage(complaint=complaint, by=sam_supervisor,
                                                            categories=["quiet_hours", "contact_blasting"])
            complaint = complaint_services.complaint_forward(complaint=complaint, by=sam_supervisor)
            complaint.response_due = timezone.now() + dt.timedelta(days=5 - 8 * number)  # due soon; 3 days late
            complaint.save()
    return agencies


def test_the_workbench_pages_read_well_and_pass_axe(a_year_of_results, sam_supervisor, browser_page, live_server):
    context = browser_page.context.browser.new_context(locale="zh-CN", viewport={"width": 1360, "height": 900})
    page = context.new_page()
    log_in_zh(page, live_server, "sam_supervisor")

    page.goto(f"{live_server.url}/metrics/")
    assert page.locator("table.metric-table tbody tr").count() == 3
    assert page.locator("svg.sparkline").count() >= 3 * 12  # a trend in every metric cell
    row_height = page.locator("table.metric-table tbody tr").first.bounding_box()["height"]
    assert row_height < 90, row_height  # the entity's name is on one line, not one character per line
    screenshot_accessible(page, "metrics-page")

    page.goto(f"{live_server.url}/dashboard/agency/AA/?metric=quiet_hours_contacts")
    page.wait_for_selector("#chart-entity-peers .main-svg")
    months = page.locator("#figure-metric-vs-peers tbody tr").count()
    assert months == 12  # every month of the range, none skipped
    screenshot_accessible(page, "entity-trends")

    page.goto(f"{live_server.url}/complaints/")
    assert page.locator("td.overdue").count() == 1
    screenshot_accessible(page, "complaint-queue")

    page.goto(f"{live_server.url}/alerts/")
    assert page.locator("ul.breaches li").first.inner_text().strip().startswith("爆通讯录")  # 2.5× its threshold: worst
    screenshot_accessible(page, "alerts-list")

    # Last month of agency A under US Regulation F as well, its version 2 metrics not reported.
    reg_f = RuleProfile.objects.get(name="US Regulation F")
    for result in MetricResult.objects.filter(entity_key="agency:AA", period=last_month()):
        result.pk, result.profile = None, reg_f
        if result.metric in VERSION_2_METRICS:
            result.value = result.numerator = None
        result.save()
    page.goto(f"{live_server.url}/metrics/compare/?entity=agency:AA&b={reg_f.pk}")
    assert page.locator("main table tbody tr").count() == len(METRICS)
    assert "未报告" in page.locator("main table").inner_text()
    screenshot_accessible(page, "profile-comparison")
    context.close()


def log_in_zh(page, live_server, username: str) -> None:
    log_in(page, live_server, username, logged_in="text=退出")

