"""Role × route → expected HTTP status, for every route of the product.

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
API_POST_ONLY = {"anonymous": 401, **dict.fromkeys(ROLES[1:], 405)}
POST_REGULATORS_ONLY = PAGE_REGULATORS_ONLY | {"sam_supervisor": 405, "ivy_inspector": 405, "ada_admin": 405}


def only(allowed: dict[str, int], anonymous: int, others: int = 404) -> dict[str, int]:
    """Regulators see it (200); the named entity users get their status; other entity users `others`."""
    regulators = {"sam_supervisor": 200, "ivy_inspector": 200, "ada_admin": 200}
    entity_users = {"larry_lender": others, "alice_agency": others, "bob_agency": others}
    return {"anonymous": anonymous} | regulators | entity_users | allowed


# route name -> (url kwargs from the scenario, expected status per role)
MATRIX = {
    # A visitor's front door; people with an account go on to their work.
    "home": (None, {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    "login": (None, PUBLIC),
    "logout": (None, dict.fromkeys(ROLES, 405)),  # logging out takes a POST
    "set_language": (None, dict.fromkeys(ROLES, 302)),
    "two_factor": (None, PAGE_ANY_USER),  # enrolling or giving the code: every logged-in user
    # API tokens: agency A's entity administrator (alice, in this scenario) and regulator staff; no one else.
    "api_tokens": (None, PAGE_REGULATORS_ONLY | {"alice_agency": 200}),
    "api_token_revoke": (lambda s: {"pk": s["token_a"].pk}, {"anonymous": 302, **dict.fromkeys(ROLES[1:], 405)}),
    "token-list": (None, PAGE_REGULATORS_ONLY | {"anonymous": 403, "alice_agency": 200}),  # sessions only
    "token-detail": (lambda s: {"pk": s["token_a"].pk},
                     {"anonymous": 403, **dict.fromkeys(ROLES[1:], 403), "alice_agency": 405,
                      **dict.fromkeys(("sam_supervisor", "ivy_inspector", "ada_admin"), 405)}),
    "operations:live": (None, PUBLIC),  # probes: no login, nothing sensitive in the answer
    "operations:ready": (None, PUBLIC),
    "operations:prometheus": (None, dict.fromkeys(ROLES, 403)),  # a token or an allowed address, not a login
    "operations:holds": (None, PAGE_REGULATORS_ONLY | {"ivy_inspector": 403}),  # supervisors set and lift holds
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
    "reporting:report_layout": (None, PAGE_ANY_USER),
    "reporting:report_template": (lambda s: {"name": "contacts.xlsx"}, PAGE_ANY_USER),
    "reporting:report_upload": (None, {"anonymous": 302, "sam_supervisor": 403, "ivy_inspector": 403, "ada_admin": 403,
                                       "larry_lender": 200, "alice_agency": 200, "bob_agency": 200}),
    "reporting:report_detail": (lambda s: {"pk": s["report_a"].pk}, only({"alice_agency": 200}, anonymous=302)),
    "reporting:report_status": (lambda s: {"pk": s["report_a"].pk}, only({"alice_agency": 200}, anonymous=302)),
    "reporting:report_errors": (lambda s: {"pk": s["report_a"].pk}, only({"alice_agency": 200}, anonymous=302)),
    "report-list": (None, API_ANY_USER),
    "report-check": (None, API_POST_ONLY),  # the dry run takes the files by POST
    "report-detail": (lambda s: {"pk": s["report_a"].pk}, only({"alice_agency": 200}, anonymous=401)),
    "report-errors": (lambda s: {"pk": s["report_a"].pk}, only({"alice_agency": 200}, anonymous=401)),
    # Raw uploads are evidence for inspections: regulator staff only, whoever sent them.
    "report-raw": (lambda s: {"pk": s["report_a"].pk, "kind": "contacts"}, only({}, anonymous=401, others=403)),
    # Complaints: the public files and tracks; regulators see all; the entity sees what was forwarded to it.
    "complaints:complaint_new": (None, PUBLIC),
    "complaints:track": (lambda s: {"receipt_no": s["complaint_a"].receipt_no, "token": s["complaint_a"].token}, PUBLIC),
    "complaints:complaint_list": (None, PAGE_ANY_USER),
    "complaints:complaint_export": (None, PAGE_REGULATORS_ONLY),
    # Bulk work on the queue is for regulators and takes a POST; saved views are each user's own (a POST too).
    "complaints:complaint_bulk": (None, POST_REGULATORS_ONLY),
    "complaints:saved_view_save": (None, {"anonymous": 302, **dict.fromkeys(ROLES[1:], 405)}),
    "complaints:saved_view_delete": (lambda s: {"pk": 1}, {"anonymous": 302, **dict.fromkeys(ROLES[1:], 405)}),
    "complaints:personal_data_log": (None, PAGE_REGULATORS_ONLY | {"ivy_inspector": 403}),  # supervisors review it
    "complaints:complaint_detail": (
        lambda s: {"pk": s["complaint_a"].pk}, only({"larry_lender": 200, "alice_agency": 200}, anonymous=302)
    ),
    "complaints:complaint_action": (  # POST only: a GET is refused whoever asks
        lambda s: {"pk": s["complaint_a"].pk, "action": "close"}, {"anonymous": 302, **dict.fromkeys(ROLES[1:], 405)}
    ),
    "complaints:evidence_download": (
        lambda s: {"pk": s["complaint_a"].pk, "evidence_id": s["complaint_a"].evidence.get().pk},
        PAGE_REGULATORS_ONLY,
    ),
    "complaint-list": (None, API_ANY_USER),
    "complaint-detail": (
        lambda s: {"pk": s["complaint_a"].pk}, only({"larry_lender": 200, "alice_agency": 200}, anonymous=401)
    ),
    "complaint-stats": (None, only({}, anonymous=401, others=403) | {"sam_supervisor": 400, "ivy_inspector": 400,
                                                                     "ada_admin": 400}),  # no group_by given
    "complaint-track": (None, dict.fromkeys(ROLES, 404)),  # without receipt and token, nothing is found
    # POST-only actions: a GET is refused (401 for the anonymous, 405 for the rest); who may POST is
    # tested in tests/complaints/test_workflow.py.
    **{route: (lambda s: {"pk": s["complaint_a"].pk}, API_POST_ONLY)
       for route in ("complaint-triage", "complaint-forward", "complaint-close", "complaint-respond")},
    "complaint-categorise": (None, API_POST_ONLY),
    # Metrics: results scoped like everything else; what lies behind a value and alerts are for regulators.
    "metrics:results": (None, PAGE_ANY_USER),
    "metrics:contacts_behind": (lambda s: {"pk": s["result_a"].pk}, PAGE_REGULATORS_ONLY),
    # Each user compares only the results it may see (tested in tests/metrics/test_version_2_metrics.py).
    "metrics:compare": (None, PAGE_ANY_USER),
    "metrics:compare_compute": (None, POST_REGULATORS_ONLY),
    "metrics:alerts": (None, PAGE_REGULATORS_ONLY),
    "metrics:alert_bulk": (None, POST_REGULATORS_ONLY),
    "metric-list": (None, API_ANY_USER),
    "metric-detail": (
        lambda s: {"pk": s["result_a"].pk}, only({"larry_lender": 200, "alice_agency": 200}, anonymous=401)
    ),
    "metric-contacts": (lambda s: {"pk": s["result_a"].pk}, only({}, anonymous=401, others=403)),
    "alert-list": (None, only({}, anonymous=401, others=403)),
    "alert-detail": (lambda s: {"pk": s["alert_a"].pk}, only({}, anonymous=401, others=403)),
    # Dashboards: the overview names every entity, so it is for regulators; an entity sees its own page.
    "dashboard:overview": (None, PAGE_REGULATORS_ONLY),
    "dashboard:entity": (lambda s: {"kind": "agency", "code": s["agency_a"].code},
                         only({"alice_agency": 200}, anonymous=302)),
    # Inspections: regulators see all; the inspected entity from the notification on; reports once issued.
    "inspections:list": (None, PAGE_ANY_USER),
    "inspections:calendar": (None, PAGE_REGULATORS_ONLY),
    "inspections:detail": (lambda s: {"pk": s["inspection_a"].pk}, only({"alice_agency": 200}, anonymous=302)),
    "inspections:report": (lambda s: {"pk": s["inspection_a"].pk}, only({"alice_agency": 200}, anonymous=302)),
    "inspections:report_pdf": (lambda s: {"pk": s["inspection_a"].pk}, only({"alice_agency": 200}, anonymous=302)),
    # POST-only pages: a GET is refused (405) once past the login and role checks.
    "inspections:step": (lambda s: {"pk": s["inspection_a"].pk, "action": "close"},
                         {"anonymous": 302, **dict.fromkeys(ROLES[1:], 405)}),
    "inspections:finding_answer": (lambda s: {"pk": s["inspection_a"].pk, "finding_id": s["finding_a"].pk},
                                   {"anonymous": 302, **dict.fromkeys(ROLES[1:], 405)}),
    "inspections:finding_add": (lambda s: {"pk": s["inspection_a"].pk}, PAGE_REGULATORS_ONLY),
    # Approving is planning, a supervisor's POST; an inspector's own list; a finding started from evidence.
    "inspections:approve": (lambda s: {"pk": s["inspection_a"].pk}, PAGE_REGULATORS_ONLY | {
        "sam_supervisor": 405, "ivy_inspector": 403, "ada_admin": 405}),
    "inspections:mine": (None, PAGE_REGULATORS_ONLY),
    "inspections:finding_start": (None, PAGE_REGULATORS_ONLY | {  # without a complaint or a value: nothing to start
        "sam_supervisor": 404, "ivy_inspector": 404, "ada_admin": 404}),
    "inspections:evidence_add": (lambda s: {"pk": s["inspection_a"].pk}, PAGE_REGULATORS_ONLY | {
        "sam_supervisor": 405, "ivy_inspector": 405, "ada_admin": 405}),
    "inspections:evidence_download": (lambda s: {"pk": s["inspection_a"].pk, "evidence_id": s["evidence_a"].pk},
                                      PAGE_REGULATORS_ONLY),
    # Enforcement: supervisors issue; the entity follows its own actions; the public page is for everyone.
    "enforcement:list": (None, PAGE_ANY_USER),
    "enforcement:new": (None, PAGE_REGULATORS_ONLY | {"ivy_inspector": 403}),
    "enforcement:audit": (None, PAGE_REGULATORS_ONLY),
    "enforcement:detail": (lambda s: {"pk": s["action_a"].pk}, only({"alice_agency": 200}, anonymous=302)),
    "enforcement:step": (lambda s: {"pk": s["action_a"].pk, "step": "submit_plan"},
                         {"anonymous": 302, **dict.fromkeys(ROLES[1:], 405)}),
    "enforcement:public": (None, PUBLIC),
    # The public complaint database: everyone, logged in or not, reads only the published tables.
    "public:search": (None, PUBLIC),
    "public:detail": (lambda s: {"public_id": s["published_a"].pk}, PUBLIC),
    "public:profile": (lambda s: {"kind": "lenders", "code": s["lender_a"].code}, PUBLIC),
    "public:track": (None, dict.fromkeys(ROLES, 404)),
    "public:withhold": (lambda s: {"complaint_id": s["complaint_a"].pk}, PAGE_REGULATORS_ONLY | {
        "sam_supervisor": 405, "ivy_inspector": 403, "ada_admin": 405}),  # without a receipt and a token there is nothing to track
    "public-complaint-list": (None, PUBLIC),
    "public-complaint-detail": (lambda s: {"pk": s["published_a"].pk}, PUBLIC),
    "public-complaint-trends": (None, PUBLIC),
    # Milestones: supervisors set and decide them, the entity submits its own (all POSTs).
    "enforcement:milestone_add": (lambda s: {"pk": s["action_a"].pk}, POST_REGULATORS_ONLY),
    "enforcement:milestone_submit": (lambda s: {"pk": s["action_a"].pk, "milestone_id": 1},
                                     {"anonymous": 302, **dict.fromkeys(ROLES[1:], 405)}),
    "enforcement:milestone_decide": (lambda s: {"pk": s["action_a"].pk, "milestone_id": 1}, POST_REGULATORS_ONLY),
    "inspections:inspect_alert": (lambda s: {"alert_id": s["alert_a"].pk}, PAGE_REGULATORS_ONLY | {
        "sam_supervisor": 405, "ivy_inspector": 405, "ada_admin": 405}),
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
def complaint_a(lender_a, agency_a, sam_supervisor):
    """A complaint about lender A and agency A, forwarded to them, with a piece of evidence."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from complaints import services
    from tests.complaints.helpers import MP3, complaint_data

    data = complaint_data() | {"lender": lender_a, "agency": agency_a}
    data.pop("categories")
    complaint, token = services.complaint_submit(data=data, evidence=[SimpleUploadedFile("a.mp3", MP3)])
    services.complaint_triage(complaint=complaint, by=sam_supervisor, categories=["quiet_hours"])
    complaint = services.complaint_forward(complaint=complaint, by=sam_supervisor)
    complaint.token = token
    return complaint


@pytest.fixture
def result_a(agency_a, lender_a):
    """A stored metric value of agency A × lender A, and an alert about agency A."""
    from django.utils import timezone

    from supervision.metrics.models import Alert, MetricResult
    from supervision.rules.models import default_profile

    Alert.objects.create(scope="agency", entity_key="agency:AA", agency=agency_a, period=dt.date(2026, 10, 1),
                         kind="metric", metric="quiet_hours_contacts", value=30, threshold=20)
    return MetricResult.objects.create(
        scope="pair", entity_key="pair:AA:LA", collector_code="AA", agency=agency_a, lender=lender_a,
        period=dt.date(2026, 10, 1), metric="quiet_hours_contacts", value=3, numerator=3, denominator=5,
        profile=default_profile(), computed_at=timezone.now(),
    )


@pytest.fixture
def inspection_a(agency_a):
    """An inspection of agency A whose report was issued, with one finding."""
    from supervision.inspections.models import Finding, Inspection

    inspection = Inspection.objects.create(agency=agency_a)
    Inspection.objects.filter(pk=inspection.pk).update(state="report_issued")  # the workflow is tested elsewhere
    inspection = Inspection.objects.get(pk=inspection.pk)
    Finding.objects.create(inspection=inspection, rule="GB/T 45251-2025 第 6 条", severity="high", description="x",
                           required_remedy="y")
    from django.core.files.base import ContentFile

    from supervision.inspections.models import Evidence

    Evidence.objects.create(inspection=inspection, file=ContentFile(b"%PDF-1.7", name="memo.pdf"), description="memo")
    return inspection


@pytest.fixture
def action_a(agency_a):
    """A published warning to agency A."""
    from supervision.enforcement.services import action_issue

    return action_issue(by=None, kind="warning", legal_basis="x", issued_on=dt.date(2026, 10, 1), agency=agency_a,
                        published=True)


@pytest.fixture
def scenario(request, lender_a, lender_b, agency_a, agency_b, mandate_a, mandate_b, report_a, complaint_a, result_a,
             inspection_a, action_a):
    from supervision.accounts.tokens import token_create
    from supervision.metrics.models import Alert
    from supervision.operations.health import heartbeat_record

    heartbeat_record()  # a running instance's scheduler has run: readiness then depends on access alone
    people = {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"}
    people["alice_agency"].is_entity_admin = True
    people["alice_agency"].save()
    return {"lender_a": lender_a, "agency_a": agency_a, "mandate_a": mandate_a, "report_a": report_a,
            "complaint_a": complaint_a, "result_a": result_a, "alert_a": Alert.objects.get(),
            "inspection_a": inspection_a, "finding_a": inspection_a.findings.get(),
            "evidence_a": inspection_a.evidence.get(), "action_a": action_a, "published_a": _published(complaint_a),
            "token_a": token_create(by=people["alice_agency"], name="A")[0],
            **people}


def _published(complaint):
    """Complaint A as the public database shows it (answered, so the rule publishes it)."""
    from supervision.public.publication import publish

    complaint.__class__.objects.filter(pk=complaint.pk).update(responded_at=complaint.forwarded_at)
    publish()
    return complaint.publication


def test_every_route_is_named():
    """The matrix is keyed by name: an unnamed route could not be given an expectation."""
    def unnamed(resolver, prefix=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace not in LIBRARY_NAMESPACES:
                    yield from unnamed(entry, prefix + str(entry.pattern))
            elif not entry.name:
                yield prefix + str(entry.pattern)

    assert not list(unnamed(get_resolver()))


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


@pytest.mark.django_db
def test_complainant_with_a_tracking_link_sees_only_her_own_status(client, api, scenario, lender_a, agency_a):
    """Complainants have no account: their tracking link is all they hold, and it opens nothing else."""
    from complaints import services
    from tests.complaints.helpers import complaint_data

    data = complaint_data(narrative="他们每天打二十次电话。我叫王芳，电话13900001111。") | {"lender": lender_a,
                                                                                   "agency": agency_a}
    data.pop("categories")
    carols, token = services.complaint_submit(data=data, evidence=[])
    mine = client.get(reverse("complaints:track", args=[carols.receipt_no, token]))
    assert mine.status_code == 200 and carols.receipt_no in mine.content.decode()
    for personal in ("王芳", "13900001111", "二十次"):  # status only: not even her own narrative or details
        assert personal not in mine.content.decode()
    # Her token opens no other complaint, and guessing fails on the page and in the API alike.
    other = scenario["complaint_a"].receipt_no
    assert client.get(reverse("complaints:track", args=[other, token])).status_code == 404
    assert api.get(reverse("complaint-track"), {"receipt": other, "token": token}).status_code == 404
    assert api.get(reverse("complaint-track"), {"receipt": carols.receipt_no, "token": token}).json() == {
        "receipt_no": carols.receipt_no, "status": carols.status, "status_label": "已接收"}
    # And with the link in hand she is still anonymous everywhere else.
    for route in ("complaints:complaint_list", "complaints:complaint_export", "dashboard:overview"):
        assert client.get(reverse(route)).status_code == 302
    assert api.get(reverse("complaint-detail", args=[carols.pk])).status_code == 401


# What identifies lender A's and agency A's data, and the public pages that show some of it by design.
def markers_of_a(scenario) -> list[str]:
    return [scenario["agency_a"].name, scenario["lender_a"].name, scenario["complaint_a"].receipt_no]


SHOWS_A_BY_DESIGN = {
    "enforcement:public",  # published enforcement actions name the entity
    "complaints:complaint_new",  # the public form offers the register's names to choose from
    "complaints:track",  # the link is complaint A's own: whoever holds it sees its receipt and status
    # The public complaint database names the lender and agency of each published complaint (never its receipt:
    # tests/public/test_publication.py).
    "public:search", "public:detail", "public:profile", "public-complaint-list", "public-complaint-detail",
    "public-complaint-trends",
}


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_agency_b_sees_nothing_of_a_on_any_route(client, scenario, route):
    kwargs_for, expected = MATRIX[route]
    if route in SHOWS_A_BY_DESIGN or expected["bob_agency"] != 200:
        return
    client.force_login(scenario["bob_agency"])
    response = client.get(reverse(route, kwargs=kwargs_for(scenario) if kwargs_for else None))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    assert not [marker for marker in markers_of_a(scenario) if marker in text]
