"""Every metric of DOMAIN.md on small logs where the expected value is plain to see."""

import datetime as dt

import pytest

from supervision.metrics.models import MetricResult
from tests.factories import MandateFactory
from tests.metrics.conftest import account, calls, contact

pytestmark = pytest.mark.django_db

PAIR = ("pair", "AA:LA")


def value(values, metric, entity=PAIR):
    return values[(entity[0], entity[1], metric)]


@pytest.mark.parametrize(
    ("profile", "times", "expected"),
    [
        ("CN", ["07:59:59", "08:00:00", "21:59:59", "22:00:00"], 2),
        ("US Regulation F", ["07:59:59", "08:00:00", "20:59:59", "21:00:00", "21:59:59", "22:00:00"], 4),
    ],
)
def test_quiet_hours_boundaries_of_both_profiles(accepted_report, metric_values, agency_a, mandate_a,
                                                 profile, times, expected):
    rows = [contact(f"R{n}", started_at=f"2026-10-05T{time}+08:00") for n, time in enumerate(times)]
    accepted_report(agency_a, [account()], rows)
    assert value(metric_values(profile), "quiet_hours_contacts") == expected


def test_quiet_hours_use_the_contacts_own_offset_and_ignore_letters(accepted_report, metric_values, agency_a,
                                                                     mandate_a):
    rows = [
        contact("R1", started_at="2026-10-05T23:00:00+09:00"),  # 23:00 local, even if 22:00 in Beijing
        contact("R2", started_at="2026-10-05T02:00:00Z"),  # 02:00 local
        contact("R3", started_at="2026-10-05T23:30:00+08:00", channel="letter", outcome="delivered"),
    ]
    accepted_report(agency_a, [account()], rows)
    assert value(metric_values(), "quiet_hours_contacts") == 2


def test_counts_of_contacts_calls_and_third_parties(accepted_report, metric_values, agency_a, mandate_a):
    rows = [
        contact("R1"), contact("R2", outcome="no_answer"),
        contact("R3", channel="sms", outcome="delivered"),
        contact("R4", contact_party="family", contact_ref="P1"),
    ]
    accepted_report(agency_a, [account()], rows)
    values = metric_values()
    assert [value(values, m) for m in ("contacts", "calls", "connected_calls", "third_party_contacts")] == [4, 3, 2, 1]


def test_daily_attempt_limit_counts_debtor_days_over_six(accepted_report, metric_values, agency_a, mandate_a):
    rows = (calls(7, outcome="no_answer") + calls(6, at="2026-10-06T10:00:00+08:00", prefix="S", outcome="busy")
            + calls(2, at="2026-10-07T10:00:00+08:00", prefix="T", channel="sms", outcome="delivered"))
    accepted_report(agency_a, [account()], rows)
    values = metric_values()
    assert value(values, "daily_attempt_breaches") == 1
    assert ("pair", "AA:LA", "daily_attempt_breaches") not in metric_values("US Regulation F")


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ([1, 1, 2, 3, 4, 5, 7, 7], 1),  # 8 calls in 1-7 October: the window touching the first day
        ([1, 1, 2, 3, 4, 5, 6, 8], 0),  # 8 calls, but no 7-day window holds more than 7
        ([25, 26, 27, 28, 29, 30, 31, 31], 1),  # the window touching the last day
        ([1, 2, 3, 4], 0),
    ],
)
def test_seven_day_windows_inside_the_month(accepted_report, metric_values, agency_a, mandate_a, days, expected):
    rows = [contact(f"R{n}", started_at=f"2026-10-{day:02d}T10:00:00+08:00", outcome="no_answer")
            for n, day in enumerate(days)]
    accepted_report(agency_a, [account()], rows)
    assert value(metric_values(), "seven_day_breaches") == expected


def test_blasting_needs_five_distinct_third_parties(accepted_report, metric_values, agency_a, mandate_a):
    rows = [contact(f"R{n}", contact_party="other_contact", contact_ref=f"P{n % 5}") for n in range(8)]
    rows += [contact(f"S{n}", "ACC2", "D2", contact_party="colleague", contact_ref=f"Q{n}") for n in range(4)]
    accepted_report(agency_a, [account(), account("ACC2", debtor_ref="D2")], rows)
    values = metric_values()
    assert value(values, "blasting_debtors") == 1 and value(values, "third_party_contacts") == 12


def test_deferral_counts_its_last_day_and_settlement_the_days_after(accepted_report, metric_values, agency_a,
                                                                     mandate_a):
    accounts = [account(deferral_from="2026-10-10", deferral_to="2026-10-20"),
                account("ACC2", debtor_ref="D2", settled_on="2026-10-15")]
    rows = [
        contact("R1", started_at="2026-10-09T10:00:00+08:00"),
        contact("R2", started_at="2026-10-20T21:00:00+08:00"),  # the deferral's last day
        contact("R3", started_at="2026-10-21T09:00:00+08:00"),
        contact("S1", "ACC2", "D2", started_at="2026-10-15T10:00:00+08:00"),  # the settlement day itself
        contact("S2", "ACC2", "D2", started_at="2026-10-16T10:00:00+08:00"),
    ]
    accepted_report(agency_a, accounts, rows)
    values = metric_values()
    assert (value(values, "deferral_contacts"), value(values, "post_settlement_contacts")) == (1, 1)


def test_contact_after_the_mandate_ended_is_unmandated(accepted_report, metric_values, agency_a, lender_a):
    MandateFactory(lender=lender_a, agency=agency_a, valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2026, 10, 14))
    rows = [contact("R1", started_at="2026-10-14T10:00:00+08:00"), contact("R2", started_at="2026-10-15T10:00:00+08:00")]
    accepted_report(agency_a, [account()], rows)
    assert value(metric_values(), "unmandated_contacts") == 1


def test_combined_connected_limit_across_two_agencies_of_one_lender(accepted_report, metric_values, agency_a,
                                                                     agency_b, lender_a, mandate_a):
    MandateFactory(lender=lender_a, agency=agency_b)
    accepted_report(agency_a, [account()], calls(2))
    accepted_report(agency_b, [account("B-ACC1")], calls(2, account_ref="B-ACC1", prefix="B"))
    values = metric_values()
    # Each agency stayed under 3 connected calls; together they made 4 with the same debtor that day.
    assert value(values, "daily_connected_breaches") == 1
    assert value(values, "daily_connected_breaches", ("pair", "AB:LA")) == 1
    assert value(values, "daily_connected_breaches", ("lender", "LA")) == 2


def test_combined_limit_seen_when_one_agency_is_recomputed(accepted_report, metric_values, agency_a, agency_b,
                                                           lender_a, mandate_a):
    MandateFactory(lender=lender_a, agency=agency_b)
    accepted_report(agency_b, [account("B-ACC1")], calls(2, account_ref="B-ACC1", prefix="B"))
    metric_values()  # B's month: its daily summary is written
    accepted_report(agency_a, [account()], calls(2))
    values = metric_values(collector_code="AA")
    assert value(values, "daily_connected_breaches") == 1


def test_lender_collecting_in_house_is_its_own_collector(accepted_report, metric_values, lender_a):
    accepted_report(lender_a, [account()], calls(1, at="2026-10-05T23:00:00+08:00"))
    values = metric_values()
    assert value(values, "quiet_hours_contacts", ("pair", "LA:LA")) == 1
    assert value(values, "unmandated_contacts", ("pair", "LA:LA")) == 0


def test_recomputing_changes_nothing(accepted_report, metric_values, agency_a, mandate_a):
    accepted_report(agency_a, [account()], calls(3))
    first = metric_values()
    count = MetricResult.objects.count()
    assert metric_values() == first and MetricResult.objects.count() == count


def test_rollups_per_agency_and_lender(accepted_report, metric_values, agency_a, lender_a, lender_b, mandate_a):
    MandateFactory(lender=lender_b, agency=agency_a)
    accepted_report(agency_a, [account(), account("ACC2", lender_code="LB", debtor_ref="D2")],
                    calls(2) + calls(3, account_ref="ACC2", debtor_ref="D2", lender_code="LB", prefix="S"))
    values = metric_values()
    assert value(values, "contacts", ("agency", "AA")) == 5
    assert value(values, "contacts", ("lender", "LB")) == 3


def test_one_agency_recomputed_leaves_the_month_as_a_full_recomputation_would(
        accepted_report, metric_values, agency_a, agency_b, lender_a, lender_b, mandate_a):
    from supervision.metrics.models import RiskScore

    MandateFactory(lender=lender_a, agency=agency_b)
    MandateFactory(lender=lender_b, agency=agency_b)
    # B's debtors are not A's: the combined limit, which one agency's recomputation leaves to the nightly run
    # for the other agencies, plays no part here.
    accepted_report(agency_b, [account("B1", debtor_ref="D5"), account("B2", lender_code="LB", debtor_ref="D2")],
                    calls(2, account_ref="B1", debtor_ref="D5", prefix="B")
                    + calls(1, account_ref="B2", debtor_ref="D2", prefix="C", lender_code="LB"))
    accepted_report(agency_a, [account()], calls(4, at="2026-10-05T23:30:00+08:00"))
    metric_values()
    # Agency A's report replaced: now for lender B too, and quieter.
    accepted_report(agency_a, [account(), account("A2", lender_code="LB", debtor_ref="D9")],
                    calls(1) + calls(2, account_ref="A2", debtor_ref="D9", prefix="Z", lender_code="LB"))

    def month() -> tuple:
        results = sorted(MetricResult.objects.values_list("entity_key", "metric", "profile_id", "numerator", "value"))
        scores = sorted(RiskScore.objects.values_list("entity_key", "profile_id", "score"))
        return results, scores

    metric_values(collector_code="AA")
    one_agency = month()
    metric_values()
    assert one_agency == month()
