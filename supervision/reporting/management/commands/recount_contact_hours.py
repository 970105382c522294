from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from supervision.core.months import parse_period
from supervision.reporting.services import contact_hours_recount


class Command(BaseCommand):
    help = ("Count the dashboard's contacts by hour again from the accepted reports' files (every month, or one): "
            "once after upgrading to a version that stores them at acceptance, or to repair them.")

    def add_arguments(self, parser):
        parser.add_argument("--period", help="YYYY-MM (default: every month)")

    def handle(self, *args, period, **options):
        try:
            month = parse_period(period) if period else None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        counted = contact_hours_recount(period=month)
        self.stdout.write(f"contacts by hour counted again for {counted} accepted reports")
