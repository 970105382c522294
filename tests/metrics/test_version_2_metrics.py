"""The five contract version 2 metrics of DOMAIN.md, at their boundaries, and "not reported" where a report or a
profile cannot support them."""

import pytest
from django.urls import reverse

from supervision.metrics.models import MetricResult, RiskScore
from supervision.rules.models import RuleProfile
from tests.factories import MandateFactory
from tests.metrics.conftest import OCTOBER, account, contact

pytestmark = pytest.mark.django_db

PAIR = ("pair", "AA:LA")
REG_F = "US Regulation F"


def third_party(record_id: str, started_at: str, **overrides) -> dict:
    fields = {"contact_party": "family", "contact_ref": "P1", "channel": "call", "outcome": "no_answer",
              "contact_source": "registered"}
    return contact(record_id, started_at=started_at, **fields | overrides)


def conversation(record_id: str, started_at: str, **overrides) -> dict:
    return contact(record_id, started_at=started_at, recording_ref=f"REC-{record_id}", **overrides)


def value(values: dict, metric: str, entity=PAIR):
    return values[(entity[0], entity[1], metric)]


def test_third_party_while_reachable_covers_the_window_and_only_later_instants(accepted_report, metric_values,
                                                                                agency_a, mandate_a):
    rows = [
        conversation("K1", "2026-10-05T10:00:00+08:00"),
        third_party("T0", "2026-10-05T09:59:59+08:00"),  # same day, an earlier instant: not counted
        third_party("T1", "2026-10-05T10:00:01+08:00"),  # first day of the window
        third_party("T2", "2026-10-07T23:59:59+08:00"),  # last day of a 3-day window (5th, 6th, 7th)
        third_party("T3", "2026-10-08T00:00:00+08:00"),  # the day after: not counted
        third_party("T4", "2026-10-06T12:00:00+08:00", channel="sms", outcome="delivered"),  # any channel
    ]
    accepted_report(agency_a, [account()], rows, version=2)
    assert value(metric_values("CN"), "third_party_while_reachable") == 3


def test_a_visit_reaches_the_debtor_whatever_its_outcome_and_an_unanswered_call_does_not(
        accepted_report, metric_values, agency_a, mandate_a):
    rows = [
        conversation("K1", "2026-10-05T10:00:00+08:00", outcome="no_answer"),
        third_party("T1", "2026-10-05T11:00:00+08:00"),
        conversation("V1", "2026-10-20T10:00:00+08:00", channel="visit", outcome="failed"),
        third_party("T2", "2026-10-20T11:00:00+08:00"),
    ]
    accepted_report(agency_a, [account()], rows, version=2)
    assert value(metric_values("CN"), "third_party_while_reachable") == 1


def test_instants_compare_as_absolute_times_across_offsets(accepted_report, metric_values, agency_a, mandate_a):
    rows = [
        conversation("K1", "2026-10-05T22:00:00+08:00"),  # 14:00 UTC, local date the 5th
        third_party("T1", "2026-10-05T09:30:00-05:00"),  # 14:30 UTC, later: counted (local date the 5th)
        third_party("T2", "2026-10-05T08:30:00-05:00"),  # 13:30 UTC, earlier although a later local time: not
    ]
    accepted_report(agency_a, [account()], rows, version=2)
    assert value(metric_values("CN"), "third_party_while_reachable") == 1


def test_post_conversation_calls_count_the_seventh_day_not_the_eighth(accepted_report, metric_values, agency_a,
                                                                      mandate_a):
    rows = [
        conversation("K1", "2026-10-05T23:59:00+08:00"),
        contact("C0", started_at="2026-10-05T23:58:00+08:00", outcome="no_answer"),  # before it: not counted
        contact("C1", started_at="2026-10-06T09:00:00+08:00", outcome="no_answer"),  # day 2
        contact("C2", started_at="2026-10-11T21:00:00+08:00", outcome="busy"),  # day 7: counted
        contact("C3", started_at="2026-10-12T08:00:00+08:00", outcome="no_answer"),  # day 8: not counted
        contact("C4", started_at="2026-10-07T10:00:00+08:00", channel="sms", outcome="delivered"),  # not a call
    ]
    accepted_report(agency_a, [account()], rows, version=2)
    assert value(metric_values(REG_F), "post_conversation_calls") == 2


def test_a_call_after_two_conversations_counts_once_and_a_later_conversation_counts(accepted_report, metric_values,
                                                                                    agency_a, mandate_a):
    rows = [
        conversation("K1", "2026-10-05T10:00:00+08:00"),
        conversation("K2", "2026-10-06T10:00:00+08:00"),  # within K1's cooldown: counted itself
        contact("C1", started_at="2026-10-07T10:00:00+08:00", outcome="no_answer"),  # after both: counted once
    ]
    accepted_report(agency_a, [account()], rows, version=2)
    assert value(metric_values(REG_F), "post_conversation_calls") == 2


def test_contacts_after_a_stop_request_until_it_is_lifted(accepted_report, metric_values, agency_a, mandate_a):
    accounts = [
        account("ACC1", stop_requested_on="2026-10-10"),
        account("ACC2", debtor_ref="D2", stop_requested_on="2026-10-10", stop_lifted_on="2026-10-10"),
        account("ACC3", debtor_ref="D3", stop_requested_on="2026-10-10", stop_lifted_on="2026-10-15"),
    ]
    rows = [
        contact("A1", started_at="2026-10-10T12:00:00+08:00"),  # on the request's day: not after it
        contact("A2", started_at="2026-10-11T00:00:00+08:00"),  # counted
        contact("A3", started_at="2026-10-12T10:00:00+08:00", channel="letter", outcome="delivered"),  # a letter
        contact("A4", started_at="2026-10-12T10:00:00+08:00", contact_party="family", contact_ref="P1",
                contact_source="registered"),  # not the debtor
        contact("B1", "ACC2", "D2", started_at="2026-10-11T10:00:00+08:00"),  # lifted the day it was made
        contact("C1", "ACC3", "D3", started_at="2026-10-14T10:00:00+08:00"),  # counted
        contact("C2", "ACC3", "D3", started_at="2026-10-15T10:00:00+08:00"),  # on the lifting day: not counted
    ]
    accepted_report(agency_a, accounts, rows, version=2)
    assert value(metric_values("CN"), "contacts_after_stop_request") == 2
    assert value(metric_values(REG_F), "contacts_after_stop_request") == 2


def test_unrecorded_conversations_and_unregistered_third_parties(accepted_report, metric_values, agency_a, mandate_a):
    rows = [
        contact("R1"),  # a connected call without a recording
        conversation("R2", "2026-10-05T11:00:00+08:00"),  # recorded
        contact("R3", outcome="no_answer"),  # not a conversation
        contact("R4", channel="visit", outcome="failed"),  # a visit is a conversation whatever its outcome
        third_party("R5", "2026-10-05T12:00:00+08:00", contact_source="other"),
        third_party("R6", "2026-10-05T12:00:00+08:00"),  # registered
    ]
    accepted_report(agency_a, [account()], rows, version=2)
    values = metric_values("CN")
    assert value(values, "unrecorded_conversations") == 2
    assert value(values, "unregistered_third_party_contacts") == 1


def test_rules_the_profile_does_not_set_are_not_reported(accepted_report, metric_values, agency_a, mandate_a):
    accepted_report(agency_a, [account()], [contact("R1")], version=2)
    cn, reg_f = metric_values("CN"), metric_values(REG_F)
    assert value(cn, "post_conversation_calls") is None and value(cn, "unrecorded_conversations") == 1
    assert value(reg_f, "unrecorded_conversations") is None
    assert value(reg_f, "unregistered_third_party_contacts") is None
    assert value(reg_f, "third_party_while_reachable") is None
    assert value(reg_f, "post_conversation_calls") == 0


def test_a_version_1_and_a_version_2_report_of_one_month_side_by_side(accepted_report, metric_values, agency_a,
                                                                      agency_b, lender_a, mandate_a):
    MandateFactory(lender=lender_a, agency=agency_b)
    accepted_report(agency_a, [account()], [contact("R1")])  # version 1: the same unrecorded call
    accepted_report(agency_b, [account("B1")], [contact("B1", account_ref="B1")], version=2)
    values = metric_values("CN")
    assert value(values, "unrecorded_conversations") is None  # not reported, not 0
    assert value(values, "unrecorded_conversations", ("pair", "AB:LA")) == 1
    assert value(values, "unrecorded_conversations", ("agency", "AA")) is None
    # The lender's roll-up counts what was reported.
    assert value(values, "unrecorded_conversations", ("lender", "LA")) == 1
    assert value(values, "contacts", ("lender", "LA")) == 2
    # Risk leaves out what agency A did not report, rather than scoring it as 0.
    cn = RuleProfile.objects.get(name="CN")
    components = RiskScore.objects.get(entity_key="agency:AA", period=OCTOBER, profile=cn).components
    assert "unrecorded_conversations" not in components and "quiet_hours_contacts" in components
    assert RiskScore.objects.get(entity_key="agency:AB", period=OCTOBER, profile=cn).components[
        "unrecorded_conversations"] == 1000.0


def test_not_reported_reads_as_a_dash_with_the_reason_and_as_null_in_the_api(
        client, sam_supervisor, accepted_report, metric_values, agency_a, mandate_a):
    accepted_report(agency_a, [account()], [contact("R1")])
    metric_values("CN")
    client.force_login(sam_supervisor)
    html = client.get(reverse("metrics:results"), {"period": "2026-10", "scope": "pair"},
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not reported: it needs a report in contract version 2" in html
    api = client.get("/api/v1/metrics/", {"period": "2026-10", "metric": "unrecorded_conversations"}).json()
    assert api["results"] and all(row["value"] is None and row["numerator"] is None for row in api["results"])


def test_only_the_default_profile_raises_alerts(accepted_report, metric_values, agency_a, mandate_a):
    from supervision.metrics.models import Alert

    night = [contact(f"R{n}", started_at="2026-10-05T23:30:00+08:00") for n in range(5)]
    accepted_report(agency_a, [account()], night, version=2)
    metric_values(REG_F)
    assert not Alert.objects.exists()
    assert RiskScore.objects.filter(profile__name=REG_F).exists()
    metric_values("CN")
    assert Alert.objects.filter(metric="quiet_hours_contacts").exists()
    # Both profiles' results stay side by side for the month.
    assert {MetricResult.objects.filter(profile__name=name, metric="contacts_after_stop_request").count()
            for name in ("CN", REG_F)} == {3}


def test_the_comparison_page_puts_two_profiles_side_by_side(client, sam_supervisor, accepted_report, metric_values,
                                                            agency_a, mandate_a, django_capture_on_commit_callbacks):
    late = [contact(f"R{n}", started_at="2026-10-05T21:30:00+08:00") for n in range(2)]  # quiet under Reg F only
    accepted_report(agency_a, [account()], late, version=2)
    metric_values("CN")
    cn, reg_f = RuleProfile.objects.get(name="CN"), RuleProfile.objects.get(name=REG_F)
    client.force_login(sam_supervisor)
    query = {"period": "2026-10", "entity": "agency:AA", "a": cn.pk, "b": reg_f.pk}
    page = client.get(reverse("metrics:compare"), query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "has not been computed under US Regulation F" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("metrics:compare_compute"), {"period": "2026-10", "profile": reg_f.pk})
    assert response.status_code == 302
    rows = {row["metric"].code: row for row in client.get(reverse("metrics:compare"), query,
                                                          HTTP_ACCEPT_LANGUAGE="en").context["rows"]}
    assert [cell["value"] for cell in rows["quiet_hours_contacts"]["cells"]] == [0.0, 1000.0]
    assert rows["quiet_hours_contacts"]["differs"]
    cn_cell, reg_f_cell = rows["unrecorded_conversations"]["cells"]
    assert cn_cell["value"] == 1000.0 and reg_f_cell["value"] is None
    assert "does not set this rule" in reg_f_cell["why"]


def test_an_agency_compares_only_its_own_results(client, alice_agency, bob_agency, accepted_report, metric_values,
                                                 agency_a, mandate_a):
    accepted_report(agency_a, [account()], [contact("R1")], version=2)
    metric_values("CN")
    client.force_login(bob_agency)
    page = client.get(reverse("metrics:compare"), {"period": "2026-10", "entity": "agency:AA"})
    assert page.context["rows"] == [] and "agency:AA" not in page.content.decode()
    assert client.post(reverse("metrics:compare_compute"), {"period": "2026-10", "profile": 1}).status_code == 403
    client.force_login(alice_agency)
    assert client.get(reverse("metrics:compare"), {"period": "2026-10", "entity": "agency:AA"}).context["rows"]


def test_the_api_answers_under_the_profile_named(client, sam_supervisor, accepted_report, metric_values, agency_a,
                                                 mandate_a):
    accepted_report(agency_a, [account()], [contact("R1")], version=2)
    metric_values("CN"), metric_values(REG_F)
    client.force_login(sam_supervisor)
    query = {"period": "2026-10", "entity": "AA", "metric": "unrecorded_conversations"}
    default = client.get("/api/v1/metrics/", query).json()["results"]
    reg_f = client.get("/api/v1/metrics/", query | {"profile": REG_F}).json()["results"]
    assert {row["profile"] for row in default} == {"CN v1"} and {row["value"] for row in default} == {1.0}
    assert {row["profile"] for row in reg_f} == {"US Regulation F v1"} and {row["value"] for row in reg_f} == {None}
    assert client.get("/api/v1/metrics/", query | {"profile": "EU"}).status_code == 400


def test_the_contacts_behind_a_version_2_value_are_the_ones_its_rule_counts(
        client, sam_supervisor, accepted_report, metric_values, agency_a, mandate_a):
    rows = [conversation("K1", "2026-10-05T10:00:00+08:00"), third_party("T1", "2026-10-06T10:00:00+08:00"),
            third_party("T2", "2026-10-09T10:00:00+08:00")]
    accepted_report(agency_a, [account()], rows, version=2)
    metric_values("CN"), metric_values(REG_F)
    client.force_login(sam_supervisor)
    counted = MetricResult.objects.get(entity_key="pair:AA:LA", metric="third_party_while_reachable",
                                       profile__name="CN")
    behind = client.get(f"/api/v1/metrics/{counted.pk}/contacts/").json()
    assert [row[0] for row in behind["rows"]] == ["T1"]
    not_set = MetricResult.objects.get(entity_key="pair:AA:LA", metric="third_party_while_reachable",
                                       profile__name=REG_F)
    assert not_set.value is None
    assert client.get(f"/api/v1/metrics/{not_set.pk}/contacts/").status_code == 404  # the API's default is CN
    assert client.get(f"/api/v1/metrics/{not_set.pk}/contacts/", {"profile": REG_F}).json()["rows"] == []
    assert client.get(reverse("metrics:contacts_behind", args=[not_set.pk])).status_code == 200
