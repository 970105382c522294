from django.core.management.base import BaseCommand

from complaints.demo import demo_complaints
from supervision.accounts.demo import demo_users
from supervision.core.months import last_month
from supervision.dashboard.services import complaint_counts_refresh
from supervision.entities.demo import demo_register_files
from supervision.entities.services import register_import
from supervision.inspections.demo import demo_inspections
from supervision.reporting.demo import demo_reports


class Command(BaseCommand):
    help = "Load realistic, fictional demo data (deterministic for a given --seed) and demo users."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed, **options):
        lenders, agencies, mandates = demo_register_files(seed=seed)
        result = register_import(lenders=lenders, agencies=agencies, mandates=mandates)
        self.stdout.write(f"register: created {result.created}, updated {result.updated}")
        period = last_month()
        reports = demo_reports(seed=seed, period=period)
        self.stdout.write(f"reports for {period:%Y-%m}: " + ", ".join(f"{r.submitter.code} {r.status}" for r in reports))
        credentials = demo_users()
        self.stdout.write(f"complaints: {demo_complaints(seed=seed)} created")
        complaint_counts_refresh()
        self.stdout.write(f"inspections proposed: {demo_inspections()}")
        self.stdout.write(self.style.SUCCESS("Demo users (username / password):"))
        for username, password, description in credentials:
            self.stdout.write(f"  {username:<16} {password}   {description}")
