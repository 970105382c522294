from pathlib import Path

from django.core.management.base import BaseCommand

from supervision.provisions.services import DATA, provisions_load


class Command(BaseCommand):
    help = "Load (upsert) a provisions library file: codes, texts in both languages, and their mappings."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?", default=DATA / "provisions-v1.json")

    def handle(self, *args, file, **options):
        counts = provisions_load(path=file)
        self.stdout.write(f"{counts['provisions']} provisions, {counts['mappings']} new mappings")
