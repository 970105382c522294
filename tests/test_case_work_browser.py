"""A whole case in Chromium, in Chinese, each person in her own browser: an alert becomes an inspection that a
supervisor approves with a team; the lead notifies and works; a finding is picked from a metric value and two
complaints with a provision from the library; the report is issued and answered; a rectification order with two
milestones is worked through to verification. Every button is clicked by its translated word."""

import datetime as dt

import pytest
from django.utils import timezone

from complaints import services as complaint_services
from supervision.enforcement.models import EnforcementAction
from supervision.inspections.models import Inspection
from supervision.metrics.models import Alert, MetricResult
from supervision.provisions.models import Provision
from supervision.rules.models import default_profile
from tests.browser import log_in, needs_chromium, screenshot_accessible
from tests.complaints.helpers import complaint_data

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]

SEPTEMBER = dt.date(2026, 9, 1)


@pytest.fixture
def a_case(agency_a, lender_a, mandate_a, sam_supervisor, ivy_inspector, alice_agency):
    """An alert on agency A's night contacts, the value behind it, and two complaints about agency A."""
    from supervision.provisions.services import DATA, provisions_load

    profile = default_profile()  # a transactional test starts from empty tables: the profiles, then the library
    provisions_load(path=DATA / "provisions-v1.json")
    MetricResult.objects.create(scope="agency", entity_key="agency:AA", collector_code="AA", agency=agency_a,
                                period=SEPTEMBER, metric="contacts", value=4000, numerator=4000, profile=profile,
                                computed_at=timezone.now())
    value = MetricResult.objects.create(scope="agency", entity_key="agency:AA", collector_code="AA", agency=agency_a,
                                        period=SEPTEMBER, metric="quiet_hours_contacts", value=132, numerator=132,
                                        denominator=4000, profile=profile, computed_at=timezone.now())
    alert = Alert.objects.create(scope="agency", entity_key="agency:AA", agency=agency_a, period=SEPTEMBER,
                                 kind="metric", metric="quiet_hours_contacts", value=33, threshold=20)
    complaints = []
    for _ in range(2):
        data = complaint_data() | {"lender": lender_a, "agency": agency_a}
        data.pop("categories")
        complaint, _token = complaint_services.complaint_submit(data=data)
        complaint = complaint_services.complaint_triage(complaint=complaint, by=sam_supervisor,
                                                        categories=["quiet_hours"])
        complaints.append(complaint_services.complaint_forward(complaint=complaint, by=sam_supervisor))
    return {"alert": alert, "value": value, "complaints": complaints}


def _browser_of(browser, live_server, username: str):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, username, logged_in="text=退出")
    return page


def _click(page, text: str) -> None:
    page.get_by_role("button", name=text, exact=True).first.click()
    page.wait_for_load_state()


def test_a_case_from_alert_to_verified_rectification(a_case, sam_supervisor, ivy_inspector, alice_agency,
                                                     browser_page, live_server):
    browser = browser_page.context.browser
    sam, ivy, alice = (_browser_of(browser, live_server, name) for name in
                       ("sam_supervisor", "ivy_inspector", "alice_agency"))
    today = timezone.localdate()

    # The supervisor turns the alert into an inspection and approves it as work: a lead, a team, dates, scope.
    sam.goto(f"{live_server.url}/alerts/")
    _click(sam, "提议检查")
    inspection = Inspection.objects.get(alert=a_case["alert"])
    sam.select_option("#id_lead", str(ivy_inspector.pk))
    sam.check(f"#id_members input[value='{sam_supervisor.pk}']")
    sam.fill("#id_planned_start", today.isoformat())
    sam.fill("#id_planned_end", (today + dt.timedelta(days=14)).isoformat())
    sam.fill("#id_period_from", "2026-09")
    sam.fill("#id_period_to", "2026-09")
    assert sam.is_checked("#id_metrics input[value='quiet_hours_contacts']")  # from the alert
    screenshot_accessible(sam, "case-approve")
    _click(sam, "批准")
    assert sam.locator("#inspection-state").inner_text() == "已计划"

    # The lead, not the supervisor, takes it from here.
    ivy.goto(f"{live_server.url}/inspections/mine/")
    ivy.click(f"a[href='/inspections/{inspection.pk}/']")
    _click(ivy, "通知被检查机构")
    _click(ivy, "开始现场检查")
    ivy.click("text=添加检查发现")
    hours = Provision.objects.get(code="gbt45251-hours")
    assert ivy.is_checked(f"#id_provisions input[value='{hours.pk}']")  # suggested by the inspection's scope
    ivy.check(f"#id_metric_results input[value='{a_case['value'].pk}']")
    for complaint in a_case["complaints"]:
        ivy.check(f"#id_complaints input[value='{complaint.pk}']")
    ivy.select_option("#id_severity", "high")
    ivy.fill("#id_description", "2026 年 9 月夜间联系占比 33‰，超过阈值；两名投诉人反映凌晨来电。")
    ivy.fill("#id_required_remedy", "外呼系统设置夜间禁拨，并完成人员培训。")
    screenshot_accessible(ivy, "case-finding")
    _click(ivy, "记录检查发现")
    finding = inspection.findings.get()
    assert finding.complaints.count() == 2 and finding.metric_results.get() == a_case["value"]
    _click(ivy, "起草检查发现")

    sam.reload()
    _click(sam, "出具检查报告")
    assert sam.locator("#inspection-state").inner_text() == "报告已出具"

    # The entity answers its finding.
    alice.goto(f"{live_server.url}/inspections/{inspection.pk}/")
    alice.fill("textarea[name=answer]", "已在外呼系统中设置夜间禁拨。")
    _click(alice, "提交答复")

    # A rectification order from the finding, with two milestones.
    sam.reload()
    sam.click("text=据此检查发现采取措施")
    screenshot_accessible(sam, "case-order-form")
    _click(sam, "下发")
    order = EnforcementAction.objects.get(finding=finding)
    assert set(order.provisions.values_list("code", flat=True)) >= {"gbt45251-hours"}
    for what, days, evidence in (("外呼系统夜间禁拨", 10, "系统配置截图"), ("催收人员培训", 20, "")):
        sam.fill("#id_what", what)
        sam.fill("#id_due_on", (today + dt.timedelta(days=days)).isoformat())
        sam.fill("#id_evidence_required", evidence)
        _click(sam, "添加")
    assert sam.locator("table.milestones tbody tr").count() == 2

    # The entity submits both; one is sent back and submitted again; both accepted; the order verified.
    alice.goto(f"{live_server.url}/enforcement/{order.pk}/")
    first, second = order.milestones.order_by("due_on")
    alice.locator(f"#milestone-{first.pk} textarea").fill("已设置 22:00–08:00 禁拨。")
    alice.locator(f"#milestone-{first.pk} input[type=file]").set_input_files(
        files=[{"name": "config.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 config"}])
    alice.locator(f"#milestone-{first.pk} button").click()
    alice.locator(f"#milestone-{second.pk} textarea").fill("全员培训并考核。")
    alice.locator(f"#milestone-{second.pk} button").click()
    sam.reload()
    sam.locator(f"#milestone-{first.pk} input[name=note]").fill("截图看不清系统时段")
    sam.locator(f"#milestone-{first.pk}").get_by_role("button", name="退回").click()
    sam.wait_for_load_state()
    sam.locator(f"#milestone-{second.pk}").get_by_role("button", name="通过").click()
    sam.wait_for_load_state()
    alice.reload()
    alice.locator(f"#milestone-{first.pk} textarea").fill("重新截图，附系统日志。")
    alice.locator(f"#milestone-{first.pk} input[type=file]").set_input_files(
        files=[{"name": "config2.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 config 2"}])
    alice.locator(f"#milestone-{first.pk} button").click()
    sam.reload()
    sam.locator(f"#milestone-{first.pk}").get_by_role("button", name="通过").click()
    sam.wait_for_load_state()
    assert set(order.milestones.values_list("state", flat=True)) == {"accepted"}

    alice.reload()
    alice.fill("#id_note", "整改计划：系统禁拨与培训。")
    _click(alice, "提交整改计划")
    sam.reload()
    _click(sam, "接受整改计划")
    alice.reload()
    alice.fill("#id_note", "两个节点均已完成。")
    _click(alice, "报告整改完成")
    sam.reload()
    _click(sam, "核验通过")
    assert sam.locator("#action-state").inner_text() == "已办结"
    screenshot_accessible(sam, "case-verified")

    # The whole story on the entity's page, for the regulator.
    sam.goto(f"{live_server.url}/dashboard/agency/AA/#timeline")
    assert sam.locator("ol.timeline li").count() >= 10
    screenshot_accessible(sam, "case-timeline")
    for page in (sam, ivy, alice):
        page.context.close()
