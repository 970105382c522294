"""Reading reports: what is missing, and the rejection list in the reader's language."""

import datetime as dt
import os
import tempfile
from pathlib import Path

import duckdb
from django.db.models import Exists, OuterRef, Q, QuerySet

from supervision.core.exports import neutralise_sql
from supervision.core.months import month_end
from supervision.entities.models import Agency, Mandate

from . import storage
from .choices import ReportStatus
from .messages import REASON_MESSAGES
from .models import Report


def agencies_missing_report(*, period: dt.date) -> QuerySet[Agency]:
    """Agencies holding a mandate valid at some point in the month, with no accepted or pending report for it."""
    mandated = Mandate.objects.filter(agency=OuterRef("pk"), valid_from__lte=month_end(period)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=period)
    )
    reported = Report.objects.filter(
        agency=OuterRef("pk"), period=period,
        status__in=[ReportStatus.ACCEPTED, ReportStatus.RECEIVED, ReportStatus.VALIDATING],
    )
    return Agency.objects.filter(Exists(mandated)).exclude(Exists(reported)).order_by("code")


def report_errors_csv(*, report: Report) -> Path:
    """The full rejection list with a message column, written by DuckDB; values are neutralised."""
    source = storage.location(report.errors_path)
    scratch = storage.scratch_root()
    scratch.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=".csv", dir=scratch)
    os.close(handle)
    target = Path(name)
    con = duckdb.connect()
    try:
        storage.attach(con)
        con.execute("CREATE TABLE messages (reason VARCHAR, message VARCHAR)")
        con.executemany("INSERT INTO messages VALUES (?, ?)", [[code, str(text)] for code, text in REASON_MESSAGES.items()])
        con.execute(
            f"""
            COPY (
              SELECT e.file, e.line, e."column", {neutralise_sql('e.value')} AS value, e.reason,
                     coalesce(m.message, e.reason) AS message
              FROM read_csv('{source}', all_varchar = true, header = true) e LEFT JOIN messages m USING (reason)
              ORDER BY e.file, try_cast(e.line AS BIGINT), e."column"
            ) TO '{target}' (HEADER)
            """
        )
    finally:
        con.close()
    return target
