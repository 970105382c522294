"""The API answers malformed requests with documented JSON errors, never an HTML page or a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [
    "/api/v1/no-such-thing/",
    "/api/v1/complaints/stats.json",  # no format suffixes
    "/api/v1/complaints/null,null/close/",  # ids are integers
    "/api/v1/reports/-1.5e-08/",
    "/api/v1/lenders/%C2%9A%C3%AE./",
])
def test_unknown_or_malformed_path_is_a_json_404(api_as, sam_supervisor, path):
    response = api_as(sam_supervisor).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("path", ["/api/v1/complaints/", "/api/v1/complaints/categorise/"])
def test_json_body_that_is_not_an_object_is_a_400(api, path):
    response = api.post(path, "[null, null]", content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_register_entry_without_a_credit_code_is_refused(api_as, sam_supervisor):
    response = api_as(sam_supervisor).post("/api/v1/agencies/", {"code": "AX", "name": "某公司", "credit_code": "",
                                                                  "licence_no": "", "province": "GD"})
    assert response.status_code == 400 and "credit_code" in response.json()


@pytest.mark.parametrize("path", [
    "/api/v1/complaints/track/?receipt=TS%00&token=x",
    "/api/v1/complaints/?q=%00",
    "/enforcement/?entity=A%00",
    "/complaints/personal-data-log/?user=%00",
])
def test_nul_character_anywhere_in_a_request_is_a_400(client, sam_supervisor, path):
    """PostgreSQL refuses NUL in text: it must never reach a query."""
    client.force_login(sam_supervisor)
    response = client.get(path)
    assert response.status_code == 400


def test_nul_character_in_a_form_body_is_a_400(client, sam_supervisor):
    client.force_login(sam_supervisor)
    assert client.post("/enforcement/new/", "entity=A%00&kind=warning",
                       content_type="application/x-www-form-urlencoded").status_code == 400
