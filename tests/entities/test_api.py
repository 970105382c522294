import pytest

from supervision.entities.models import Lender, Mandate
from tests.factories import MandateFactory, valid_credit_code

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    return [row.get("code") or f"{row['lender']}>{row['agency']}" for row in response.json()["results"]]


def test_supervisor_lists_every_lender(api_as, sam_supervisor, lender_a, lender_b):
    assert codes(api_as(sam_supervisor).get("/api/v1/lenders/")) == ["LA", "LB"]


def test_lender_user_lists_only_its_own_lender(api_as, larry_lender, lender_b):
    assert codes(api_as(larry_lender).get("/api/v1/lenders/")) == ["LA"]


def test_agency_user_lists_no_lender_and_only_its_own_agency(api_as, alice_agency, lender_a, agency_b):
    client = api_as(alice_agency)
    assert codes(client.get("/api/v1/lenders/")) == []
    assert codes(client.get("/api/v1/agencies/")) == ["AA"]


def test_agency_user_sees_only_mandates_it_is_party_to(api_as, bob_agency, mandate_a, mandate_b):
    assert codes(api_as(bob_agency).get("/api/v1/mandates/")) == ["LB>AB"]


def test_agency_user_cannot_see_other_agency_even_by_code(api_as, bob_agency, agency_a):
    assert api_as(bob_agency).get(f"/api/v1/agencies/{agency_a.code}/").status_code == 404


def test_filters_are_shared_with_the_page(api_as, sam_supervisor, lender_a, lender_b):
    assert codes(api_as(sam_supervisor).get("/api/v1/lenders/", {"type": "microcredit"})) == ["LB"]


def test_supervisor_creates_a_lender(api_as, sam_supervisor):
    response = api_as(sam_supervisor).post(
        "/api/v1/lenders/",
        {"code": "L9", "name": "新银行", "type": "bank", "credit_code": valid_credit_code(), "province": "BJ"},
    )
    assert response.status_code == 201, response.json()
    assert Lender.objects.filter(code="L9").exists()


def test_invalid_credit_code_gets_a_field_error(api_as, sam_supervisor):
    response = api_as(sam_supervisor).post(
        "/api/v1/lenders/",
        {"code": "L9", "name": "新银行", "type": "bank", "credit_code": "91350100M000100Y44", "province": "BJ"},
    )
    assert response.status_code == 400
    assert list(response.json()) == ["credit_code"]
    assert not Lender.objects.exists()


def test_reversed_mandate_dates_get_a_field_error(api_as, sam_supervisor, lender_a, agency_a):
    response = api_as(sam_supervisor).post(
        "/api/v1/mandates/",
        {"lender": "LA", "agency": "AA", "valid_from": "2025-06-01", "valid_to": "2025-05-31"},
    )
    assert response.status_code == 400
    assert list(response.json()) == ["valid_to"]
    assert not Mandate.objects.exists()


def test_unknown_lender_code_gets_a_field_error(api_as, sam_supervisor, agency_a):
    response = api_as(sam_supervisor).post(
        "/api/v1/mandates/", {"lender": "GHOST", "agency": "AA", "valid_from": "2025-06-01"}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["lender"]


def test_overlapping_mandates_are_allowed(api_as, sam_supervisor, mandate_a):
    response = api_as(sam_supervisor).post(
        "/api/v1/mandates/", {"lender": "LA", "agency": "AA", "valid_from": "2025-03-01", "valid_to": "2026-03-01"}
    )
    assert response.status_code == 201


def test_entity_user_cannot_change_the_register(api_as, larry_lender):
    response = api_as(larry_lender).patch("/api/v1/lenders/LA/", {"name": "改名"})
    assert response.status_code == 403
    assert Lender.objects.get(code="LA").name == "甲消费金融有限公司"


def test_register_entities_cannot_be_deleted_through_the_api(api_as, sam_supervisor, lender_a):
    assert api_as(sam_supervisor).delete("/api/v1/lenders/LA/").status_code == 405


def test_token_authentication_works(api, larry_lender):
    from supervision.accounts.models import ApiToken

    _token, key = ApiToken.objects.create(user=larry_lender)
    response = api.get("/api/v1/lenders/", HTTP_AUTHORIZATION=f"Token {key}")
    assert codes(response) == ["LA"]


def test_mandate_list_makes_a_fixed_number_of_queries(api_as, sam_supervisor, django_assert_max_num_queries):
    MandateFactory.create_batch(30)
    client = api_as(sam_supervisor)
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/mandates/").json()["results"]) == 30
