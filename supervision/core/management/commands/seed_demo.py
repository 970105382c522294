from django.core.management.base import BaseCommand

from supervision.accounts.demo import demo_users
from supervision.entities.demo import demo_register_files
from supervision.entities.services import register_import


class Command(BaseCommand):
    help = "Load realistic, fictional demo data (deterministic for a given --seed) and demo users."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed, **options):
        lenders, agencies, mandates = demo_register_files(seed=seed)
        result = register_import(lenders=lenders, agencies=agencies, mandates=mandates)
        self.stdout.write(f"register: created {result.created}, updated {result.updated}")
        self.stdout.write(self.style.SUCCESS("Demo users (username / password):"))
        for username, password, description in demo_users():
            self.stdout.write(f"  {username:<16} {password}   {description}")
