import csv

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from supervision.core.months import parse_period
from supervision.metrics.selectors import pair_results


class Command(BaseCommand):
    help = "Print a month's agency × lender metric results as CSV (agency,lender,metric,value)."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="YYYY-MM")

    def handle(self, *args, period, **options):
        try:
            month = parse_period(period)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["agency", "lender", "metric", "value"])
        for collector, lender, metric, value in pair_results(period=month):
            writer.writerow([collector, lender, metric, f"{value:g}" if value != int(value) else int(value)])
