"""Demo reports: last month's files for some agencies, accepted, and one rejected."""

import datetime as dt
import tempfile
from pathlib import Path

from supervision.core.months import month_end
from supervision.entities.models import Agency, Mandate

from .models import Report
from .services import report_submit, report_validate
from .synthetic import write_report_files


def demo_reports(*, seed: int, period: dt.date, agencies: int = 12, contacts_per_agency: int = 3000,
                 months_ago: int = 0, reject_one: bool = True) -> list[Report]:
    """Submit and validate synthetic reports for the first agencies holding a mandate in `period`.

    Every fourth agency calls at night more and more towards the latest month, so trends have a story; every
    other agency has reported in contract version 2 for the last three months, so its version 2 metrics have
    values while the others' are not reported.
    """
    reports = []
    mandated = Mandate.objects.valid_on(month_end(period)).values_list("agency_id", flat=True)
    chosen = Agency.objects.filter(pk__in=mandated).order_by("code")[:agencies]
    with tempfile.TemporaryDirectory() as scratch:
        for number, agency in enumerate(chosen):
            lenders = sorted(
                Mandate.objects.valid_on(month_end(period)).filter(agency=agency).values_list("lender__code", flat=True)
            )
            folder = Path(scratch) / agency.code
            accounts, contacts = write_report_files(
                folder, contacts=contacts_per_agency * (1 + number % 3), debtors=contacts_per_agency // 6,
                lenders=lenders, period=period.strftime("%Y-%m"), seed=seed + number + 100 * months_ago,
                daytime_percent=(90 - 6 * (5 - min(months_ago, 5))) if number % 4 == 0 else None,
                version=2 if number % 2 == 1 and months_ago <= 2 else 1, shuffled=number % 4 == 3,
            )
            if reject_one and number == len(chosen) - 1:  # one agency sends a timestamp without its offset
                text = contacts.read_text().replace("+08:00", "", 1)
                contacts.write_text(text)
            with accounts.open("rb") as accounts_file, contacts.open("rb") as contacts_file:
                report, created = report_submit(
                    submitter=agency, period=period, accounts=accounts_file, contacts=contacts_file, dispatch=False
                )
            reports.append(report_validate(report_id=report.pk) if created else report)
    return reports
