import csv

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from supervision.core.months import parse_period
from supervision.metrics.selectors import pair_results
from supervision.rules.commands import add_profile_argument, profile_named


class Command(BaseCommand):
    help = ("Print a month's agency × lender metric results as CSV (agency,lender,metric,value), under the default "
            "rule profile or the one named; a metric not reported has an empty value.")

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="YYYY-MM")
        add_profile_argument(parser)

    def handle(self, *args, period, profile, **options):
        try:
            month = parse_period(period)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        profile = profile_named(profile)
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["agency", "lender", "metric", "value"])
        for collector, lender, metric, value in pair_results(period=month, profile=profile):
            writer.writerow([collector, lender, metric, _written(value)])


def _written(value: float | None) -> str:
    """2.0 → "2", 0.25 → "0.25"; not reported (None) → an empty value, never 0."""
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else f"{value:g}"
