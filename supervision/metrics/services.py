"""Computing and storing a month's conduct metrics (and the complaint metrics beside them)."""

import datetime as dt
import logging
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from complaints.models import Complaint
from supervision.core.bulk import insert_rows
from supervision.core.debounce import debounce
from supervision.core.months import month_start, start_of_day
from supervision.entities.models import Agency, Lender
from supervision.operations import monitoring
from supervision.reporting import storage
from supervision.rules.models import RuleProfile, default_profile

from . import compute
from .models import MetricResult, Scope, StaleComplaintMonth
from .risk import risk_compute
from .sources import (
    accepted_reports,
    daily_connected_path,
    duckdb_settings,
    files_of,
    limits_of,
    mandates_in,
    report_files,
)

logger = logging.getLogger(__name__)


COLLECTORS_PER_BATCH = 40


def _pairs(counts: list[tuple]) -> list[tuple[str, str]]:
    return sorted({(collector, lender) for collector, lender, metric, _ in counts if metric == "contacts"})


def _ensure_summaries(reports) -> None:
    """Other collectors' daily summaries are made when their metrics are; make any that are missing."""
    if not reports:
        return
    # One listing of the month's summaries rather than a request per collector to an object store.
    present = {relative for relative, _ in storage.listing(
        storage.parquet_folder("daily_connected", period_label=reports[0].period_label))}
    for report in reports:
        if daily_connected_path(report) in present:
            continue
        con = compute.connect(report_files([report]), [], period=report.period, **duckdb_settings())
        try:
            compute.prepare_daily(con)
            with storage.scratch_folder() as scratch:
                compute.write_daily_connected(con, report.submitter.code, scratch / "summary.parquet")
                storage.publish(scratch / "summary.parquet", daily_connected_path(report))
        finally:
            con.close()


def _write_summaries(con, reports) -> None:
    """The daily connected-call summaries of a batch's reports, in one pass when each collector has one report,
    written on scratch and published into the data store."""
    with storage.scratch_folder() as scratch:
        written = {report.pk: scratch / f"report-{report.pk}.parquet" for report in reports}
        if len({report.submitter.code for report in reports}) == len(reports):
            compute.write_every_daily_connected(
                con, {report.submitter.code: written[report.pk] for report in reports}, scratch / "batch")
        else:
            for report in reports:
                compute.write_daily_connected(con, report.submitter.code, written[report.pk])
        for report in reports:
            storage.publish(written[report.pk], daily_connected_path(report))


def _complaint_counts(period: dt.date) -> dict:
    """Complaints received in the month, and forwarded ones answered in time, per agency × lender."""
    start, end = start_of_day(period), start_of_day(month_start(period, 1))  # timestamps, so indexes serve
    received = (
        Complaint.objects.filter(received_at__gte=start, received_at__lt=end, duplicate_of__isnull=True)
        .values("agency__code", "lender__code").annotate(n=Count("pk"))
    )
    forwarded = (
        Complaint.objects.filter(forwarded_at__gte=start, forwarded_at__lt=end)
        .values("agency__code", "lender__code")
        .annotate(n=Count("pk"), in_time=Count("pk", filter=Q(responded_at__lte=F("response_due"))))
    )
    counts = defaultdict(lambda: {"received": 0, "forwarded": 0, "in_time": 0})
    for row in received:
        counts[(row["agency__code"], row["lender__code"])]["received"] += row["n"]
    for row in forwarded:
        key = (row["agency__code"], row["lender__code"])
        counts[key]["forwarded"] += row["n"]
        counts[key]["in_time"] += row["in_time"]
    return counts


def _complaint_rows(pairs: dict, complaints: dict, collector_is_lender: set[str]) -> list[tuple]:
    """Rows (collector, lender, metric, numerator, denominator, value) for the complaint metrics."""
    rows = []
    for (collector, lender), accounts in pairs.items():
        agency = None if collector in collector_is_lender else collector
        found = complaints.get((agency, lender), {"received": 0, "forwarded": 0, "in_time": 0})
        rows.append((collector, lender, "complaints_per_10k_accounts", found["received"], accounts,
                     found["received"] * 10_000 / accounts if accounts else 0.0))
        if found["forwarded"]:
            rows.append((collector, lender, "timely_response_rate", found["in_time"], found["forwarded"],
                         found["in_time"] / found["forwarded"]))
    return rows


def metrics_compute(*, period: dt.date, collector_code: str | None = None, profile: RuleProfile | None = None) -> int:
    """Recompute a month's metrics for every collector, or for one (reading only its own contact files
    plus the other collectors' small daily summaries), in this process. Replaces the stored rows; returns how many.

    `metrics_fan_out` does the same for a whole month over many workers."""
    profile = profile or default_profile()
    with monitoring.timed(monitoring.METRICS_SECONDS, scope="month" if collector_code is None else "collector"):
        mine = [report for report in accepted_reports(period)
                if collector_code is None or report.submitter.code == collector_code]
        measured = [measure_batch(period=period, profile=profile, report_ids=batch) for batch in batches_of(mine)]
        return metrics_finish(period=period, profile=profile, collector_code=collector_code, measured=measured)


def batches_of(reports) -> list[list[int]]:
    """Report ids in batches of at most COLLECTORS_PER_BATCH collectors and about METRICS_BATCH_CONTACTS contacts:
    every metric but the combined limit is per collector, so a batch's memory is bounded by the batch, not by the
    month, and a month's batches can run on as many workers."""
    batches, size = [], 0
    for report in sorted(reports, key=lambda report: report.pk):
        if not batches or len(batches[-1]) >= COLLECTORS_PER_BATCH or size >= settings.METRICS_BATCH_CONTACTS:
            batches.append([])
            size = 0
        batches[-1].append(report.pk)
        size += report.contacts_rows or 0
    return batches


def measure_batch(*, period: dt.date, profile: RuleProfile, report_ids: list[int]) -> dict:
    """One batch's share of a month: its collectors' counts, debtor-level results and accounts, and their
    daily summaries written into the data store. The same batch measured twice gives the same answer
    (what a redelivered task does)."""
    limits = limits_of(profile)
    batch = list(accepted_reports(period).filter(pk__in=report_ids).order_by("pk"))
    with storage.local_copies(files_of(batch)) as copies:
        con = compute.connect(report_files(batch, copies), mandates_in(period), period=period, **duckdb_settings())
        try:
            counts = compute.count_metrics(con, limits)
            accounts = compute.account_counts(con)
            compute.prepare_daily(con)
            _write_summaries(con, batch)
            debtors = compute.debtor_metrics(con, limits, period, pairs=_pairs(counts),
                                             metrics=compute.PER_COLLECTOR_DEBTOR_METRICS)
            if any(report.contract_version == 2 for report in batch):
                debtors += compute.conversation_metrics(con, limits, pairs=_pairs(counts))
        finally:
            con.close()
    return {"report_ids": [report.pk for report in batch], "counts": counts, "debtors": debtors, "accounts": accounts}


def metrics_fan_out(*, period: dt.date, profile: RuleProfile | None = None):
    """A whole month over every worker: a Celery chord of one task per batch of collectors, then the month-wide
    step; returns the last step's AsyncResult. Without a broker and a result store (the embedded default), the
    month is computed here and None returned."""
    from celery import chord

    from .tasks import metrics_batch_task, metrics_finish_task

    profile = profile or default_profile()
    app = metrics_batch_task.app
    if app.conf.task_always_eager or not app.conf.result_backend:
        metrics_compute(period=period, profile=profile)
        return None
    batches = batches_of(accepted_reports(period))
    finish = metrics_finish_task.s(period.isoformat(), profile.pk)
    if not batches:
        return finish.delay([])
    return chord(metrics_batch_task.s(period.isoformat(), profile.pk, batch) for batch in batches)(finish)


def metrics_finish(*, period: dt.date, profile: RuleProfile, collector_code: str | None, measured: list[dict]) -> int:
    """The month-wide step after the batches: the combined connected-call limit over every collector's daily
    summaries, the version 2 and complaint metrics, then results, roll-ups and risk scores stored together.

    Each batch counts once, by its report ids: `measured` may hold one twice (a redelivered task). For a whole
    month, the batches are reconciled with the reports accepted now: a batch holding a report superseded since is
    measured again, and reports measured by no batch (accepted since, or a batch a chord lost) are measured here."""
    limits = limits_of(profile)
    reports = list(accepted_reports(period))
    by_batch = {tuple(batch["report_ids"]): batch for batch in measured}
    if collector_code is None:
        accepted = {report.pk for report in reports}
        by_batch = {ids: batch for ids, batch in by_batch.items() if set(ids) <= accepted}
        done = {pk for ids in by_batch for pk in ids}
        for ids in batches_of([report for report in reports if report.pk not in done]):
            by_batch[tuple(ids)] = measure_batch(period=period, profile=profile, report_ids=ids)
    counts, debtors, accounts = [], [], {}
    for batch in by_batch.values():  # JSON has made the rows lists
        counts += map(tuple, batch["counts"])
        debtors += map(tuple, batch["debtors"])
        accounts.update({(collector, lender): n for collector, lender, n in batch["accounts"]})
    measured_ids = {pk for ids in by_batch for pk in ids}
    mine = [report for report in reports if report.pk in measured_ids]
    _ensure_summaries([report for report in reports if report.pk not in measured_ids])
    # The combined limit (DuckDB, over summaries downloaded first from an object store) is computed in a thread
    # while this one prepares and PostgreSQL stores the other results: every worker waits for this step, and the
    # two overlap.
    pairs = _pairs(counts)
    with ThreadPoolExecutor(max_workers=1) as pool:
        combined = pool.submit(_combined_limit_rows, period=period, limits=limits, reports=reports, mine=mine,
                               pairs=pairs)
        contacts = {(collector, lender): n for collector, lender, metric, n in counts if metric == "contacts"}
        versions = {report.submitter.code: report.contract_version or 1 for report in mine}
        rows = [row for row in counts + debtors if row[2] not in compute.VERSION_2_METRICS]
        rows += _version_2_rows(counts + debtors, pairs, versions, limits)
        lender_codes = set(Lender.objects.values_list("code", flat=True))
        pair_rows = _with_denominators(rows, contacts) + _complaint_rows(accounts, _complaint_counts(period),
                                                                         lender_codes)
        collectors = [report.submitter.code for report in mine]
        # Results and risk scores change together or not at all: a worker killed or a database error half-way
        # leaves the month as it was.
        with transaction.atomic():
            touched = _store(period=period, profile=profile, pair_rows=pair_rows, collector_code=collector_code,
                             collectors=collectors, awaited_rows=lambda: _with_denominators(combined.result(), contacts))
            risk_compute(period=period, profile=profile, entity_keys=touched)
    return len(pair_rows) + len(combined.result())


def _with_denominators(rows: list[tuple], contacts: dict) -> list[tuple]:
    """(collector, lender, metric, numerator, denominator, value) rows from (collector, lender, metric, n) ones: a
    count's denominator is the pair's contacts."""
    return [(collector, lender, metric, n, None if n is None else contacts.get((collector, lender)),
             None if n is None else float(n)) for collector, lender, metric, n in rows]


def _combined_limit_rows(*, period, limits, reports, mine, pairs) -> list[tuple]:
    """The combined connected-call limit of `mine`'s pairs, over every collector's daily summaries. No database
    here: it runs beside the storing."""
    if not mine:
        return []
    paths = {report.pk: daily_connected_path(report) for report in reports}
    session = duckdb_settings()
    with storage.local_copies(list(paths.values())) as copies:
        con = compute.summaries_session([str(copies[paths[report.pk]]) for report in mine],
                                        [str(copies[path]) for path in paths.values()],
                                        memory_limit=session["memory_limit"], threads=session["threads"])
        try:
            return compute.debtor_metrics(con, limits, period, pairs=pairs, metrics=("daily_connected_breaches",))
        finally:
            con.close()


def _version_2_rows(rows: list[tuple], pairs: list[tuple[str, str]], versions: dict[str, int],
                    limits: compute.Limits) -> list[tuple]:
    """Every pair's version 2 metrics: counted where its report is in version 2 and the profile sets the rule,
    else None (not reported, which is not 0)."""
    found = {(collector, lender, metric): n for collector, lender, metric, n in rows}
    return [(collector, lender, metric,
             found.get((collector, lender, metric), 0) if versions.get(collector, 1) >= 2 and limits.sets(metric)
             else None)
            for collector, lender in pairs for metric in compute.VERSION_2_METRICS]


RESULT_FIELDS = ["scope", "entity_key", "collector_code", "agency", "lender", "period", "metric", "value",
                 "numerator", "denominator", "profile", "computed_at"]


def _store(*, period, profile, pair_rows, awaited_rows, collector_code, collectors) -> list[str] | None:
    """Replace the month's rows in one transaction; runs for the same month wait for each other. `awaited_rows()`
    gives more pair rows of the same pairs, still being computed when this starts: it is called once the others
    are in.

    One collector recomputed replaces its pairs and the roll-ups they feed (its own, and those of the lenders
    it reported for, before or now); returns those roll-ups' entity keys (None: the whole month was replaced).
    """
    with transaction.atomic():
        # The profile row is the lock: concurrent recomputations of a month take turns, so neither
        # can delete the other's fresh rows half-way.
        RuleProfile.objects.select_for_update().get(pk=profile.pk)
        month = MetricResult.objects.filter(period=period, profile=profile)
        if collector_code is None:
            cited = _citations(month)
            _delete_results(month)
            _insert_pairs(period=period, profile=profile, pair_rows=pair_rows)
            _insert_pairs(period=period, profile=profile, pair_rows=awaited_rows())
            _insert_rollups(period=period, profile=profile)
            _cite_again(cited, period=period, profile=profile)
            return None
        old_pairs = month.filter(scope=Scope.PAIR, collector_code__in=collectors)
        lenders = set(old_pairs.exclude(lender=None).values_list("lender__code", flat=True))
        lenders |= {lender for _collector, lender, *_rest in pair_rows}
        touched = [f"agency:{code}" for code in collectors] + [f"lender:{code}" for code in sorted(lenders)]
        replaced = month.filter(Q(pk__in=old_pairs.values("pk")) | Q(entity_key__in=touched))
        cited = _citations(replaced)
        _delete_results(replaced)
        _insert_pairs(period=period, profile=profile, pair_rows=pair_rows)
        _insert_pairs(period=period, profile=profile, pair_rows=awaited_rows())
        _insert_rollups(period=period, profile=profile, collectors=collectors,
                        lender_ids=list(Lender.objects.filter(code__in=lenders).values_list("pk", flat=True)))
        _cite_again(cited, period=period, profile=profile)
        return touched


def _cited():
    """The findings' citations of results (Finding.metric_results' table): the one relation that points at them."""
    return apps.get_model("inspections", "Finding").metric_results.through


def _citations(results) -> list[tuple]:
    """(finding, scope, entity key, metric) of the findings citing these results as evidence: a recomputation
    replaces the rows, and the findings must go on citing the same values (their recomputed figures)."""
    return list(_cited().objects.filter(metricresult__in=results).values_list(
        "finding_id", "metricresult__scope", "metricresult__entity_key", "metricresult__metric"))


def _delete_results(results) -> None:
    """Delete result rows in two statements: the findings' citations of them (read first by `_citations`), then
    the rows. Django's delete() would load every row first for that relation: 0.84 s against 0.02 s for the
    benchmark's month of 15,300 rows on PostgreSQL."""
    _cited().objects.filter(metricresult__in=results).delete()
    results._raw_delete(results.db)


def _cite_again(citations: list[tuple], *, period, profile) -> None:
    if not citations:
        return
    cited = _cited()
    now = {(scope, key, metric): pk for pk, scope, key, metric in MetricResult.objects.filter(
        period=period, profile=profile, entity_key__in={key for _, _, key, _ in citations},
    ).values_list("pk", "scope", "entity_key", "metric")}
    cited.objects.bulk_create([cited(finding_id=finding, metricresult_id=now[scope, key, metric])
                               for finding, scope, key, metric in citations if (scope, key, metric) in now],
                              ignore_conflicts=True)


def _insert_pairs(*, period, profile, pair_rows) -> None:
    agencies = dict(Agency.objects.values_list("code", "pk"))
    lenders = dict(Lender.objects.values_list("code", "pk"))
    now = timezone.now()
    insert_rows(MetricResult, RESULT_FIELDS, (
        (Scope.PAIR, f"pair:{collector}:{lender}", collector, agencies.get(collector), lenders.get(lender), period,
         metric, value, numerator, denominator, profile.pk, now)
        for collector, lender, metric, numerator, denominator, value in pair_rows
    ))


# A roll-up's value: counts summed; rates recomputed from the summed numerators and denominators.
ROLLUP_VALUE = """CASE metric
    WHEN 'complaints_per_10k_accounts' THEN CASE WHEN sum(coalesce(denominator, 0)) > 0
        THEN sum(numerator) * 10000.0 / sum(coalesce(denominator, 0)) ELSE 0.0 END
    WHEN 'timely_response_rate' THEN CASE WHEN sum(coalesce(denominator, 0)) > 0
        THEN sum(numerator) * 1.0 / sum(coalesce(denominator, 0)) ELSE 0.0 END
    ELSE sum(numerator) * 1.0 END"""


def _insert_rollups(*, period, profile, metrics: tuple[str, ...] | None = None, collectors: list[str] | None = None,
                    lender_ids: list[int] | None = None) -> None:
    """Per agency (every collector, an in-house lender included) and per lender, summed by the database from all
    the month's pair rows (of these metrics), so roll-ups stay consistent with them. With `collectors` and
    `lender_ids`, only those collectors' and lenders' roll-ups."""
    table = MetricResult._meta.db_table
    only = f"AND metric IN ({', '.join(['%s'] * len(metrics))})" if metrics else ""
    if collectors is not None:
        agency_only = f"AND collector_code IN ({', '.join(['%s'] * len(collectors)) or 'NULL'})"
        lender_only = f"AND lender_id IN ({', '.join(['%s'] * len(lender_ids)) or 'NULL'})"
    else:
        agency_only = lender_only = ""
    pairs = f"FROM {table} WHERE period = %s AND profile_id = %s AND scope = %s {only} {agency_only}"
    fields = "scope, entity_key, collector_code, agency_id, lender_id, period, metric, value, numerator, denominator, " \
             "profile_id, computed_at"
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table} ({fields})
            SELECT %s, %s || collector_code, collector_code, agency_id, NULL, period, metric, {ROLLUP_VALUE},
                   sum(numerator), sum(coalesce(denominator, 0)), profile_id, %s
            {pairs} GROUP BY collector_code, agency_id, period, metric, profile_id
            UNION ALL
            SELECT %s, %s || lender.code, '', NULL, lender_id, period, metric, {ROLLUP_VALUE},
                   sum(numerator), sum(coalesce(denominator, 0)), profile_id, %s
            FROM {table} JOIN {Lender._meta.db_table} lender ON lender.id = lender_id
            WHERE period = %s AND profile_id = %s AND scope = %s {only} {lender_only}
            GROUP BY lender.code, lender_id, period, metric, profile_id""",  # noqa: S608 (our names)
            [Scope.AGENCY, "agency:", now, period, profile.pk, Scope.PAIR, *(metrics or ()), *(collectors or ()),
             Scope.LENDER, "lender:", now, period, profile.pk, Scope.PAIR, *(metrics or ()), *(lender_ids or ())])


def complaint_metrics_refresh(*, period: dt.date, profile: RuleProfile | None = None) -> int:
    """Recompute only the complaint metrics of a month's pairs (complaints changed; contacts did not).

    The accounts each pair reported are kept on its complaints_per_10k_accounts row, so no report is read.
    Returns how many pair rows were written.
    """
    profile = profile or default_profile()
    with transaction.atomic():
        RuleProfile.objects.select_for_update().get(pk=profile.pk)
        month = MetricResult.objects.filter(period=period, profile=profile)
        accounts = dict(((collector, lender), n) for collector, lender, n in month.filter(
            scope=Scope.PAIR, metric="complaints_per_10k_accounts").values_list("collector_code", "lender__code",
                                                                               "denominator"))
        if not accounts:
            return 0
        rows = _complaint_rows(accounts, _complaint_counts(period), set(Lender.objects.values_list("code", flat=True)))
        month.filter(metric__in=compute.COMPLAINT_METRICS).delete()
        _insert_pairs(period=period, profile=profile, pair_rows=rows)
        _insert_rollups(period=period, profile=profile, metrics=compute.COMPLAINT_METRICS)
        risk_compute(period=period, profile=profile)
    return len(rows)


COMPLAINT_METRICS_DELAY = 60  # seconds: a burst of triage work becomes one recomputation


def complaint_months_mark_stale(*, months) -> None:
    """Mark months stale and queue one debounced refresh (complaints_changed's receiver)."""
    from .tasks import COMPLAINT_METRICS_KEY, complaint_metrics_refresh_task

    for period in months:
        StaleComplaintMonth.objects.update_or_create(period=period)
    debounce(complaint_metrics_refresh_task, key=COMPLAINT_METRICS_KEY, seconds=COMPLAINT_METRICS_DELAY)


def stale_complaint_months_refresh() -> list[dt.date]:
    """Claim the stale months (two runs never take the same one) and recompute their complaint metrics."""
    with transaction.atomic():
        claimed = list(StaleComplaintMonth.objects.select_for_update(skip_locked=True).order_by("period"))
        StaleComplaintMonth.objects.filter(pk__in=[month.pk for month in claimed]).delete()
        for month in claimed:
            # Every profile the month was computed under, so profiles compared side by side agree on complaints.
            for profile in RuleProfile.objects.filter(pk__in=MetricResult.objects.filter(
                    period=month.period).values("profile")).order_by("pk"):
                complaint_metrics_refresh(period=month.period, profile=profile)
    return [month.period for month in claimed]
