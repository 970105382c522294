from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from supervision.core.months import parse_period
from supervision.metrics.services import metrics_compute


class Command(BaseCommand):
    help = "Recompute a month's conduct metrics now (all collectors, or one)."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument("--entity", help="the collector's code (an agency, or a lender collecting in-house)")

    def handle(self, *args, period, entity, **options):
        try:
            month = parse_period(period)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        stored = metrics_compute(period=month, collector_code=entity)
        self.stdout.write(f"{stored} agency × lender results stored for {period}")
