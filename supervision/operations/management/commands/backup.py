from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from supervision.operations.backup import BackupError, backup
from supervision.reporting import storage


class Command(BaseCommand):
    help = "Back up the database and the data store together into DEST (a new or empty folder), with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path)

    def handle(self, *args, destination, **options):
        try:
            summary = backup(destination)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"backed up to {destination}: database {summary.database_bytes:,} bytes, "
                          f"{summary.files:,} files, {summary.bytes:,} bytes")
        if storage.is_remote():
            self.stdout.write(f"the files stay in {storage.location('')} (keep the bucket's versioning on)")
