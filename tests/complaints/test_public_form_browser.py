"""A complainant files in Chinese with a recording, in a real browser, and follows the complaint."""

import pytest

from complaints.models import Complaint
from tests.browser import needs_chromium, screenshot
from tests.complaints.helpers import MP3

pytestmark = [needs_chromium, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_complainant_files_in_chinese_with_audio_and_tracks_it(live_server, lender_a, agency_a, tmp_path, sam_supervisor, browser_page):
    recording = tmp_path / "催收录音.mp3"
    recording.write_bytes(MP3)
    page = browser_page
    page.goto(f"{live_server.url}/complaints/new/")
    page.select_option("#id_complainant_role", "relative")
    page.select_option("#id_lender", "LA")
    page.select_option("#id_collector_kind", "agency")
    page.select_option("#id_agency", "AA")
    page.fill("#id_occurred_on", "2026-10-05")
    page.select_option("#id_channel", "call")
    page.type("#id_narrative", "他们凌晨打电话给我，还爆通讯录，冒充法院说要抓人。")
    # Suggestions arrive while typing; one click ticks a category.
    page.wait_for_selector("button.suggestion[data-code=contact_blasting]")
    page.click("button.suggestion[data-code=contact_blasting]")
    page.check("input[name=categories][value=quiet_hours]")
    page.set_input_files("#id_evidence", str(recording))
    page.fill("#id_complainant_phone", "13812345678")
    page.click("main button[type=submit]")
    page.wait_for_selector("#receipt-no")
    screenshot(page, "complaint-receipt")

    complaint = Complaint.objects.get()
    assert page.inner_text("#receipt-no") == complaint.receipt_no
    assert set(complaint.category_rows.values_list("code", flat=True)) == {"contact_blasting", "quiet_hours"}
    assert complaint.evidence.get().content_type == "audio/mpeg"

    from complaints import services

    services.complaint_triage(complaint=complaint, by=sam_supervisor, categories=["contact_blasting"])
    services.complaint_forward(complaint=complaint, by=sam_supervisor)
    page.reload()
    assert page.inner_text("#complaint-status") == "Forwarded to the entity"
