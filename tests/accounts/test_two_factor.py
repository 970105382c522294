"""Staff give a second factor (TOTP, with one-time recovery codes); entities' users when their entity requires it."""

import base64

import pytest
from django.core.checks import run_checks
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from supervision.accounts.tokens import token_create

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-only"


def logged_in(client, user):
    """Through the login page: the password only, no second factor yet."""
    assert client.post("/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def no_wait_after_a_wrong_code(settings):
    """django-otp makes each wrong code wait longer before the next try; these tests try again at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code_for_secret(secret: str) -> str:
    return f"{totp(base64.b32decode(secret)):06d}"


def test_staff_without_a_second_factor_reach_no_staff_page_nor_the_admin(client, sam_supervisor, ada_admin):
    for user in (sam_supervisor, ada_admin):
        logged_in(client, user)
        for path in ("/dashboard/", "/complaints/", "/admin/", "/tokens/"):
            response = client.get(path)
            assert response.status_code == 302 and response.url.startswith("/two-factor/"), (user, path)
        refused = client.get("/api/v1/complaints/")
        assert refused.status_code == 403 and refused.json()["code"] == "second_factor_required"
        client.logout()


def test_enrolling_shows_a_key_then_recovery_codes_once(client, sam_supervisor, no_wait_after_a_wrong_code):
    logged_in(client, sam_supervisor)
    page = client.get("/two-factor/?next=/complaints/")
    secret = page.context["secret"]
    assert client.post("/two-factor/", {"code": "000000"}).status_code == 400  # wrong: still enrolling
    done = client.post("/two-factor/", {"code": code_for_secret(secret), "next": "/complaints/"})
    codes = done.context["recovery_codes"]
    assert len(codes) == 10 and done.context["next"] == "/complaints/"
    assert client.get("/complaints/").status_code == 200
    assert TOTPDevice.objects.get(user=sam_supervisor).confirmed


def test_a_recovery_code_opens_one_login(client, sam_supervisor, no_wait_after_a_wrong_code):
    logged_in(client, sam_supervisor)
    secret = client.get("/two-factor/").context["secret"]
    codes = client.post("/two-factor/", {"code": code_for_secret(secret)}).context["recovery_codes"]
    client.logout()
    logged_in(client, sam_supervisor)
    assert client.post("/two-factor/", {"code": codes[0]}).status_code == 302
    assert client.get("/dashboard/").status_code == 200
    client.logout()
    logged_in(client, sam_supervisor)
    assert client.post("/two-factor/", {"code": codes[0]}).status_code == 400  # used once already
    assert client.post("/two-factor/", {"code": codes[1]}).status_code == 302


def test_an_entity_requires_it_when_the_regulator_says_so(client, alice_agency, agency_a):
    logged_in(client, alice_agency)
    assert client.get("/reports/").status_code == 200  # optional by default
    agency_a.requires_two_factor = True
    agency_a.save()
    response = client.get("/reports/")
    assert response.status_code == 302 and response.url.startswith("/two-factor/")


def test_api_tokens_are_unaffected(client, alice_agency, agency_a):
    agency_a.requires_two_factor = True
    agency_a.save()
    alice_agency.is_entity_admin = True
    alice_agency.save()
    _token, key = token_create(by=alice_agency, name="server")
    assert client.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_a_server_cannot_run_without_it(settings):
    settings.DEBUG, settings.TWO_FACTOR_REQUIRED = False, False
    assert "accounts.E001" in {message.id for message in run_checks()}
    settings.DEBUG = True  # the demo, on a laptop
    assert "accounts.E001" not in {message.id for message in run_checks()}
