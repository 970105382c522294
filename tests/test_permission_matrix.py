"""Role × route → expected HTTP status, for every named route of the product.

A new route without an expectation here fails `test_every_route_has_an_expectation`,
so nothing can be added without deciding who may see it. Entity users get 404
(not 403) on other entities' objects: they must not learn that the object exists.
"""

import datetime as dt
import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from supervision.reporting.services import report_submit

ROLES = ("anonymous", "sam_supervisor", "ivy_inspector", "ada_admin", "larry_lender", "alice_agency", "bob_agency")

# Shorthands for common rows.
PAGE_REGULATORS_ONLY = {"anonymous": 302, "sam_supervisor": 200, "ivy_inspector": 200, "ada_admin": 200,
                        "larry_lender": 403, "alice_agency": 403, "bob_agency": 403}
PAGE_ANY_USER = {"anonymous": 302, "sam_supervisor": 200, "ivy_inspector": 200, "ada_admin": 200,
                 "larry_lender": 200, "alice_agency": 200, "bob_agency": 200}
API_ANY_USER = PAGE_ANY_USER | {"anonymous": 401}
PUBLIC = dict.fromkeys(ROLES, 200)


def only(allowed: dict[str, int], anonymous: int, others: int = 404) -> dict[str, int]:
    """Regulators see it (200); the named entity users get their status; other entity users `others`."""
    regulators = {"sam_supervisor": 200, "ivy_inspector": 200, "ada_admin": 200}
    entity_users = {"larry_lender": others, "alice_agency": others, "bob_agency": others}
    return {"anonymous": anonymous} | regulators | entity_users | allowed


# route name -> (url kwargs from the scenario, expected status per role)
MATRIX = {
    "home": (None, {"anonymous": 302, **dict.fromkeys(ROLES[1:], 302)}),
    "login": (None, PUBLIC),
    "logout": (None, dict.fromkeys(ROLES, 405)),  # logging out takes a POST
    "set_language": (None, dict.fromkeys(ROLES, 302)),
    "api-schema": (None, PUBLIC),  # the API's description is public: complainants use the API too
    "api-docs": (None, PUBLIC),
    "entities:lender_list": (None, PAGE_ANY_USER),
    "entities:lender_detail": (lambda s: {"code": s["lender_a"].code}, only({"larry_lender": 200}, anonymous=302)),
    "entities:agency_list": (None, PAGE_ANY_USER),
    "entities:agency_detail": (lambda s: {"code": s["agency_a"].code}, only({"alice_agency": 200}, anonymous=302)),
    "entities:mandate_list": (None, PAGE_ANY_USER),
    "entities:mandate_detail": (
        lambda s: {"pk": s["mandate_a"].pk}, only({"larry_lender": 200, "alice_agency": 200}, anonymous=302)
    ),
    "api-root": (None, API_ANY_USER),
    "lender-list": (None, API_ANY_USER),
    "lender-detail": (lambda s: {"code": s["lender_a"].code}, only({"larry_lender": 200}, anonymous=401)),
    "agency-list": (None, API_ANY_USER),
    "agency-detail": (lambda s: {"code": s["agency_a"].code}, only({"alice_agency": 200}, anonymous=401)),
    "mandate-list": (None, API_ANY_USER),
    "mandate-detail": (
        lambda s: {"pk": s["mandate_a"].pk}, only({"larry_lender": 200, "alice_agency": 200}, anonymous=401)
    ),
    "reporting:report_list": (None, PAGE_ANY_USER),
    "reporting:report_upload": (None, {"anonymous": 302, "sam_supervisor": 403, "ivy_inspector": 403, "ada_admin": 403,
                                       "larry_lender": 200, "alice_agency": 200, "bob_agency": 200}),
    "reporting:report_detail": (lambda s: {"pk": s["report_a"].pk}, only({"alice_agency": 200}, anonymous=302)),
    "reporting:report_status": (lambda s: {"pk": s["report_a"].pk}, only({"alice_agency": 200}, anonymous=302)),
    "reporting:report_errors": (lambda s: {"pk": s["report_a"].pk}, only({"alice_agency": 200}, anonymous=302)),
    "report-list": (None, API_ANY_USER),
    "report-detail": (lambda s: {"pk": s["report_a"].pk}, only({"alice_agency": 200}, anonymous=401)),
    "report-errors": (lambda s: {"pk": s["report_a"].pk}, only({"alice_agency": 200}, anonymous=401)),
    # Raw uploads are evidence for inspections: regulator staff only, whoever sent them.
    "report-raw": (lambda s: {"pk": s["report_a"].pk, "kind": "contacts"}, only({}, anonymous=401, others=403)),
}

# Prefixes whose routes belong to libraries and are guarded by them (Django admin: staff only).
LIBRARY_NAMESPACES = ("admin",)


def named_routes(resolver=None, namespace: str = "") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in LIBRARY_NAMESPACES:
                continue
            names |= named_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


def test_every_route_has_an_expectation():
    missing = named_routes() - set(MATRIX)
    assert not missing, f"routes without a permission expectation: {sorted(missing)}"


@pytest.fixture
def report_a(agency_a):
    """A report of agency A, received and not yet validated."""
    report, _ = report_submit(
        submitter=agency_a, period=dt.date(2026, 10, 1), accounts=io.BytesIO(b"a"), contacts=io.BytesIO(b"c"),
        dispatch=False,
    )
    return report


@pytest.fixture
def scenario(request, lender_a, lender_b, agency_a, agency_b, mandate_a, mandate_b, report_a):
    people = {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"}
    return {"lender_a": lender_a, "agency_a": agency_a, "mandate_a": mandate_a, "report_a": report_a, **people}


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_route_answers_each_role_as_expected(client, scenario, route):
    kwargs_for, expected = MATRIX[route]
    url = reverse(route, kwargs=kwargs_for(scenario) if kwargs_for else None)
    answers = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(scenario[role])
        answers[role] = client.get(url).status_code
    assert answers == expected
