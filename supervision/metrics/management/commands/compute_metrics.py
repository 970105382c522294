from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from supervision.core.months import parse_period
from supervision.metrics.services import metrics_compute
from supervision.rules.commands import add_profile_argument, profile_named


class Command(BaseCommand):
    help = ("Recompute a month's conduct metrics now (all collectors, or one), under the default rule profile or "
            "the one named; each profile's results are kept side by side.")

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument("--entity", help="the collector's code (an agency, or a lender collecting in-house)")
        add_profile_argument(parser)

    def handle(self, *args, period, entity, profile, **options):
        try:
            month = parse_period(period)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        profile = profile_named(profile)
        stored = metrics_compute(period=month, collector_code=entity, profile=profile)
        self.stdout.write(f"{stored} agency × lender results stored for {period} under {profile or 'the default profile'}")
