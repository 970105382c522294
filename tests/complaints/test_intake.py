"""Public intake: the API and the form, receipts, tracking, suggestions, and bad input."""

import datetime as dt

import pytest

from complaints.models import Complaint, Evidence
from tests.complaints.helpers import MP3, PNG, complaint_data, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(lender_a, agency_a):
    return lender_a, agency_a


def test_public_files_a_complaint_in_chinese_with_a_recording(api, register):
    response = api.post("/api/v1/complaints/", complaint_data() | {"evidence": [upload("录音.mp3", MP3)]},
                        format="multipart")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"receipt_no", "tracking_url"}
    complaint = Complaint.objects.get(receipt_no=body["receipt_no"])
    assert complaint.lender.code == "LA" and complaint.agency.code == "AA"
    assert set(complaint.category_rows.values_list("code", flat=True)) == {"quiet_hours", "threats_insults"}
    assert {"quiet_hours", "threats_insults", "third_party_harassment"} <= set(complaint.suggested_categories)
    evidence = Evidence.objects.get()
    assert (evidence.content_type, evidence.extension) == ("audio/mpeg", ".mp3")


def test_tracking_link_shows_status_only(api, client, register):
    body = api.post("/api/v1/complaints/", complaint_data(), format="json").json()
    page = client.get(body["tracking_url"].removeprefix("http://testserver")).content.decode()
    assert body["receipt_no"] in page and "13812345678" not in page and "半夜" not in page
    receipt, token = body["tracking_url"].rstrip("/").split("/")[-2:]
    assert api.get("/api/v1/complaints/track/", {"receipt": receipt, "token": token}).json() == {
        "receipt_no": receipt, "status": "received", "status_label": "已接收"
    }


def test_wrong_tracking_token_finds_nothing(api, client, register):
    body = api.post("/api/v1/complaints/", complaint_data(), format="json").json()
    assert client.get(f"/complaints/track/{body['receipt_no']}/not-the-token/").status_code == 404
    assert api.get("/api/v1/complaints/track/", {"receipt": body["receipt_no"], "token": "x"}).status_code == 404


def test_public_cannot_list_complaints(api, register):
    api.post("/api/v1/complaints/", complaint_data(), format="json")
    assert api.get("/api/v1/complaints/").status_code == 401


def test_categorise_suggests_from_chinese_and_english(api):
    response = api.post("/api/v1/complaints/categorise/", {"narrative": "他们爆通讯录，冒充法院发传票"}, format="json")
    assert response.json()["suggested"] == ["contact_blasting", "impersonation"]
    english = api.post("/api/v1/complaints/categorise/", {"narrative": "They called at midnight after I paid off"},
                       format="json")
    assert english.json()["suggested"] == ["quiet_hours", "post_settlement"]


def test_categorise_is_throttled(api, settings):
    from rest_framework.throttling import ScopedRateThrottle

    ScopedRateThrottle.THROTTLE_RATES = {"public": "3/minute"}
    try:
        answers = [api.post("/api/v1/complaints/categorise/", {"narrative": "x"}, format="json").status_code
                   for _ in range(4)]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert answers == [200, 200, 200, 429]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"narrative": "长" * 6000}, "narrative"),
        ({"occurred_on": (dt.date.today() + dt.timedelta(days=1)).isoformat()}, "occurred_on"),
        ({"categories": ["made_up"]}, "categories"),
        ({"lender": "GHOST"}, "lender"),
        ({"lender": "", "lender_name": ""}, "lender"),
        ({"complainant_phone": "call me"}, "complainant_phone"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(api, register, overrides, field):
    response = api.post("/api/v1/complaints/", complaint_data(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("photo.jpg", b"this is a text file pretending"), ("evil.mp3", b"MZ\x90\x00 windows executable"),
     ("big.png", PNG + b"\x00" * (10 * 1024 * 1024))],
)
def test_disguised_or_oversized_evidence_is_refused(api, register, name, content):
    response = api.post("/api/v1/complaints/", complaint_data() | {"evidence": [upload(name, content)]},
                        format="multipart")
    assert response.status_code == 400 and "evidence" in response.json()
    assert not Complaint.objects.exists() and not Evidence.objects.exists()


def test_web_form_files_and_redirects_to_tracking(client, register):
    response = client.post("/complaints/new/", complaint_data() | {"evidence": upload("截图.png", PNG)})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and f"/complaints/track/{complaint.receipt_no}/" in response.url
    assert complaint.source == "web" and complaint.evidence.count() == 1


def test_web_form_shows_field_errors(client, register):
    response = client.post("/complaints/new/", complaint_data(narrative=""))
    assert response.status_code == 400 and "narrative" in response.context["form"].errors


def test_a_list_where_one_value_is_expected_is_refused_by_name(api, lender_a, agency_a):
    from tests.complaints.helpers import complaint_data

    response = api.post("/api/v1/complaints/", complaint_data(occurred_on=[{"a": 1}], channel=[["call"]]), format="json")
    assert response.status_code == 400 and {"occurred_on", "channel"} <= set(response.json())
