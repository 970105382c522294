"""API tokens an entity manages itself: shown once, stored as a hash, expiring, revocable, scoped, audited."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from supervision.accounts.models import ApiToken, TokenEvent

pytestmark = pytest.mark.django_db

TOKENS = "/api/v1/tokens/"


@pytest.fixture
def alice_admin(alice_agency):
    alice_agency.is_entity_admin = True
    alice_agency.save()
    return alice_agency


@pytest.fixture
def bob_admin(bob_agency):
    bob_agency.is_entity_admin = True
    bob_agency.save()
    return bob_agency


def made_token(client, user, **body) -> dict:
    client.force_login(user)
    response = client.post(TOKENS, {"name": "上传服务器", **body}, content_type="application/json")
    assert response.status_code == 201, response.content
    client.logout()
    return response.json()


def calls(client, key: str, path: str = "/api/v1/reports/", **extra) -> int:
    return client.get(path, HTTP_AUTHORIZATION=f"Token {key}", **extra).status_code


def test_a_token_works_until_revoked(client, alice_admin):
    made = made_token(client, alice_admin)
    assert set(made) == {"id", "name", "token", "expires_at"} and len(made["token"]) == 64
    assert calls(client, made["token"]) == 200
    client.force_login(alice_admin)
    assert client.delete(f"{TOKENS}{made['id']}/").status_code == 204
    client.logout()
    assert calls(client, made["token"]) == 401


def test_a_token_expires_after_a_year_and_then_opens_nothing(client, alice_admin):
    made = made_token(client, alice_admin)
    token = ApiToken.objects.get(pk=made["id"])
    assert dt.timedelta(days=364) < token.expiry - timezone.now() <= dt.timedelta(days=365)
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    assert calls(client, made["token"]) == 401


def test_the_database_holds_no_usable_token(client, alice_admin):
    key = made_token(client, alice_admin)["token"]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                if any(kind in str(column.type_code).lower() for kind in ("char", "text", "25", "1043")) \
                        or connection.vendor == "sqlite":
                    quoted = connection.ops.quote_name(column.name)
                    cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608
                                   f"WHERE CAST({quoted} AS TEXT) LIKE %s", [f"%{key[15:]}%"])
                    assert cursor.fetchone()[0] == 0, (table, column.name)


def test_an_entity_sees_and_revokes_only_its_own_tokens(client, alice_admin, bob_admin):
    alices = made_token(client, alice_admin)
    made_token(client, bob_admin, name="bob's")
    client.force_login(bob_admin)
    assert [token["name"] for token in client.get(TOKENS).json()] == ["bob's"]
    assert client.delete(f"{TOKENS}{alices['id']}/").status_code == 404
    assert "上传服务器" not in client.get("/tokens/").content.decode()
    assert client.post(f"/tokens/{alices['id']}/revoke/").status_code == 404
    assert calls(client, alices["token"]) == 200


def test_a_plain_entity_user_cannot_make_tokens(client, alice_agency):
    client.force_login(alice_agency)
    assert client.post(TOKENS, {"name": "x"}, content_type="application/json").status_code == 403
    assert client.get(TOKENS).status_code == 403
    assert client.get("/tokens/").status_code == 403
    assert not ApiToken.objects.exists()


def test_regulator_staff_see_and_revoke_every_token_but_make_none(client, alice_admin, bob_admin, sam_supervisor):
    made_token(client, alice_admin)
    bobs = made_token(client, bob_admin, name="bob's")
    client.force_login(sam_supervisor)
    assert {token["entity"] for token in client.get(TOKENS).json()} == {"AA", "AB"}
    assert client.post(TOKENS, {"name": "x"}, content_type="application/json").status_code == 403
    assert client.post(f"/tokens/{bobs['id']}/revoke/").status_code == 302
    assert calls(client, bobs["token"]) == 401


def test_a_token_for_reports_opens_nothing_else(client, alice_admin):
    key = made_token(client, alice_admin, scope="reports")["token"]
    assert calls(client, key, "/api/v1/reports/") == 200
    assert calls(client, key, "/api/v1/complaints/") == 403
    assert calls(client, key, "/api/v1/lenders/") == 403


def test_a_token_cannot_make_tokens(client, alice_admin):
    key = made_token(client, alice_admin)["token"]
    assert client.post(TOKENS, {"name": "x"}, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Token {key}").status_code in (401, 403)
    assert ApiToken.objects.count() == 1


def test_creation_use_from_a_new_address_and_revocation_are_recorded(client, alice_admin, sam_supervisor):
    made = made_token(client, alice_admin)
    calls(client, made["token"], REMOTE_ADDR="10.0.0.1")
    calls(client, made["token"], REMOTE_ADDR="10.0.0.1")
    calls(client, made["token"], REMOTE_ADDR="10.0.0.2")
    client.force_login(sam_supervisor)
    client.post(f"/tokens/{made['id']}/revoke/")
    events = list(TokenEvent.objects.order_by("pk").values_list("kind", "address", "entity_code"))
    assert events == [("created", None, "AA"), ("new_address", "10.0.0.1", "AA"), ("new_address", "10.0.0.2", "AA"),
                      ("revoked", None, "AA")]
    assert TokenEvent.objects.order_by("pk").last().by == sam_supervisor


def test_the_page_shows_a_new_token_once(client, alice_admin):
    client.force_login(alice_admin)
    page = client.post("/tokens/", {"name": "上传服务器", "scope": "reports"}).content.decode()
    key = page.split('data-new-token', 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]
    assert len(key) == 64 and calls(client, key) == 200
    assert key not in client.get("/tokens/").content.decode()


def test_old_plain_keys_keep_working_hashed_and_are_deleted(client, larry_lender):
    from importlib import import_module

    from rest_framework.authtoken.models import Token

    old = Token.objects.create(user=larry_lender)
    import_module("supervision.accounts.migrations.0004_plain_tokens_hashed").hash_plain_keys(apps, None)
    assert not Token.objects.exists()
    assert calls(client, old.key, "/api/v1/lenders/") == 200
    assert old.key not in {token.digest for token in ApiToken.objects.all()}


def test_regulator_staff_see_the_history_of_revoked_tokens(client, alice_admin, sam_supervisor):
    made = made_token(client, alice_admin)
    client.force_login(alice_admin)
    client.post(f"/tokens/{made['id']}/revoke/")
    client.force_login(sam_supervisor)
    kinds = [event.kind for event in client.get("/tokens/").context["events"]]
    assert kinds == ["revoked", "created"]
