from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from supervision.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Rebuild this instance (database and data store) from a backup made by `backup`, after checking every "
            "file against its manifest. Refuses an instance that holds data unless --replace.")

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument("--replace", action="store_true", help="overwrite the data this instance holds")

    def handle(self, *args, source, replace, **options):
        try:
            summary = restore(source, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"restored from {source}: database {summary.database_bytes:,} bytes, "
                          f"{summary.files:,} files, {summary.bytes:,} bytes")
