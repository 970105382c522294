"""What each metric means to a person: label, one-line definition, unit, group, and which way is worse.

The computation (compute.py) holds the rules; this holds the words. DOMAIN.md's definitions,
shortened to one line each.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .compute import sets_rule


class MetricGroup(models.TextChoices):
    VOLUME = "volume", _("Volume")
    FREQUENCY = "frequency", _("Frequency")
    HOURS = "hours", _("Hours")
    THIRD_PARTIES = "third_parties", _("Third parties")
    DEFERRAL_SETTLEMENT = "deferral_settlement", _("Deferral and settlement")
    STOP_REQUESTS = "stop_requests", _("Stop requests")
    RECORDING = "recording", _("Recording")
    MANDATES = "mandates", _("Mandates")
    COMPLAINTS = "complaints", _("Complaints")


class Unit(models.TextChoices):
    CONTACTS = "contacts", _("contacts")
    DEBTOR_DAYS = "debtor_days", _("debtor-days")
    DEBTORS = "debtors", _("debtors")
    PER_10K_ACCOUNTS = "per_10k_accounts", _("per 10,000 accounts")
    SHARE = "share", _("share")


@dataclass(frozen=True)
class Metric:
    code: str
    label: Promise
    definition: Promise
    unit: Unit
    group: MetricGroup
    higher_is_worse: bool = True



METRICS: dict[str, Metric] = {metric.code: metric for metric in (
    Metric("contacts", _("Contacts"), _("Contact attempts in the month, any channel."), Unit.CONTACTS,
           MetricGroup.VOLUME, higher_is_worse=False),
    Metric("calls", _("Calls"), _("Contact attempts by telephone call."), Unit.CONTACTS, MetricGroup.VOLUME,
           higher_is_worse=False),
    Metric("connected_calls", _("Connected calls"), _("Calls that were answered."), Unit.CONTACTS,
           MetricGroup.VOLUME, higher_is_worse=False),
    Metric("daily_attempt_breaches", _("Over the daily call limit"),
           _("Debtor-days on which one collector made more call attempts than the daily limit."), Unit.DEBTOR_DAYS,
           MetricGroup.FREQUENCY),
    Metric("daily_connected_breaches", _("Over the combined daily limit"),
           _("Debtor-days on which all collectors of a lender together exceeded the connected-call limit."),
           Unit.DEBTOR_DAYS, MetricGroup.FREQUENCY),
    Metric("seven_day_breaches", _("Over the 7-day limit"),
           _("Debtors called more often in 7 consecutive days than the limit allows."), Unit.DEBTORS,
           MetricGroup.FREQUENCY),
    Metric("quiet_hours_contacts", _("Contacts outside permitted hours"),
           _("Calls and messages before the permitted start or from the permitted end of the day."), Unit.CONTACTS,
           MetricGroup.HOURS),
    Metric("third_party_contacts", _("Third-party contacts"),
           _("Contacts with anyone but the debtor: relatives, employers, contacts."), Unit.CONTACTS,
           MetricGroup.THIRD_PARTIES),
    Metric("blasting_debtors", _("Contact-list blasting"),
           _("Debtors whose distinct third parties reached in the month meet the blasting threshold."),
           Unit.DEBTORS, MetricGroup.THIRD_PARTIES),
    Metric("deferral_contacts", _("Contacts during a deferral"),
           _("Contacts on an account within its agreed deferral."), Unit.CONTACTS, MetricGroup.DEFERRAL_SETTLEMENT),
    Metric("post_settlement_contacts", _("Contacts after settlement"),
           _("Contacts on an account after it was repaid or settled."), Unit.CONTACTS,
           MetricGroup.DEFERRAL_SETTLEMENT),
    Metric("unmandated_contacts", _("Contacts without a mandate"),
           _("Contacts for a lender the agency held no valid mandate from that day."), Unit.CONTACTS,
           MetricGroup.MANDATES),
    Metric("unrecorded_conversations", _("Conversations not recorded"),
           _("Connected calls and visits without a recording."), Unit.CONTACTS, MetricGroup.RECORDING),
    Metric("unregistered_third_party_contacts", _("Third parties not registered by the borrower"),
           _("Contacts with third parties whose number or address the borrower did not register for the loan."),
           Unit.CONTACTS, MetricGroup.THIRD_PARTIES),
    Metric("third_party_while_reachable", _("Third parties while the debtor was reachable"),
           _("Contacts with third parties when the collector had reached the debtor within the reachable window."),
           Unit.CONTACTS, MetricGroup.THIRD_PARTIES),
    Metric("contacts_after_stop_request", _("Contacts after a stop request"),
           _("Contacts with the debtor (but letters) after a written request to stop or a dispute, until it was "
             "lifted."), Unit.CONTACTS, MetricGroup.STOP_REQUESTS),
    Metric("post_conversation_calls", _("Calls within the cooldown after a conversation"),
           _("Calls to the debtor within the cooldown days after a telephone conversation with them."),
           Unit.CONTACTS, MetricGroup.FREQUENCY),
    Metric("complaints_per_10k_accounts", _("Complaints per 10,000 accounts"),
           _("Complaints received in the month per 10,000 accounts reported."), Unit.PER_10K_ACCOUNTS,
           MetricGroup.COMPLAINTS),
    Metric("timely_response_rate", _("Answered in time"),
           _("Share of complaints forwarded in the month that were answered within the response window."),
           Unit.SHARE, MetricGroup.COMPLAINTS, higher_is_worse=False),
)}

# Risk score inputs and alert subjects that are not metrics of their own.
RISK_INPUTS = {"late_response_share": _("Complaints answered late"), "risk_score": _("Risk score"),
               "complaints": _("Complaints")}

# The metrics shown per 1,000 contacts: every conduct count but the volumes.
RATE_METRICS = [code for code, metric in METRICS.items() if metric.group not in (MetricGroup.VOLUME,
                                                                                   MetricGroup.COMPLAINTS)]


def not_reported_reason(metric: str, profile) -> str:
    """Why a metric has no value: the profile does not set its rule, or (a version 2 metric, DOMAIN.md) the
    report that would show it follows contract version 1."""
    if profile is not None and not sets_rule(profile, metric):
        return _("Not reported: the rule profile %(profile)s does not set this rule.") % {"profile": profile}
    return _("Not reported: it needs a report in contract version 2 (recordings, contact sources, stop requests).")


def metric_labels() -> dict[str, Promise]:
    return {code: metric.label for code, metric in METRICS.items()} | RISK_INPUTS


def table_groups() -> list[tuple[MetricGroup, list[Metric]]]:
    """The metrics page's column groups, in the order people read them."""
    return [(group, [metric for metric in METRICS.values() if metric.group == group and metric.code not in
                     ("calls", "connected_calls")]) for group in MetricGroup]
