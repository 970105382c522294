from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from supervision.core.months import parse_period
from supervision.entities.models import Agency, Lender
from supervision.reporting import services
from supervision.reporting.messages import reason_message


class Command(BaseCommand):
    help = "Load a month's report for an agency or lender, as if it had uploaded it, and validate it now."

    def add_arguments(self, parser):
        parser.add_argument("--entity", required=True, help="agency or lender code")
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument("--accounts", required=True, type=Path)
        parser.add_argument("--contacts", required=True, type=Path)

    def handle(self, *args, entity, period, accounts, contacts, **options):
        submitter = Agency.objects.filter(code=entity).first() or Lender.objects.filter(code=entity).first()
        if submitter is None:
            raise CommandError(f"No agency or lender has the code {entity!r}.")
        try:
            month = parse_period(period)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for path in (accounts, contacts):
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
        with accounts.open("rb") as accounts_file, contacts.open("rb") as contacts_file:
            report, created = services.report_submit(
                submitter=submitter, period=month, accounts=accounts_file, contacts=contacts_file,
                accounts_name=accounts.name, contacts_name=contacts.name, dispatch=False,
            )
        if created:
            report = services.report_validate(report_id=report.pk)
        else:
            self.stdout.write(f"These files were already loaded as report {report.pk}.")
        for error in report.errors_preview[:50]:
            where = f"{error['file']} line {error['line']}" if error["line"] else error["file"]
            self.stderr.write(f"{where}, {error['column']} = {error['value']!r}: {reason_message(error['reason'])}")
        self.stdout.write(
            f"report {report.pk}: {report.status}, {report.accounts_rows or 0} accounts, "
            f"{report.contacts_rows or 0} contacts, {report.error_count} errors"
        )
        if report.status == "rejected":
            raise CommandError(f"Report {report.pk} was rejected with {report.error_count} errors.")
