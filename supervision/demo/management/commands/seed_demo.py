from django.conf import settings
from django.core.management.base import BaseCommand

from supervision.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Load realistic, fictional demo data (deterministic for a given --seed) and demo users."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed, **options):
        credentials = seed_demo(seed=seed, say=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo users (username / password):"))
        for username, password, description in credentials:
            self.stdout.write(f"  {username:<16} {password}   {description}")
        if settings.TWO_FACTOR_REQUIRED:
            self.stdout.write("Staff enrol an authenticator app at their first login (/two-factor/); `make demo` runs "
                              "with TWO_FACTOR_REQUIRED=false, so the passwords above are enough there.")
