from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from complaints.imports import ComplaintImportError, complaints_import


class Command(BaseCommand):
    help = "Import complaints received elsewhere (hotline exports in our layout, or the CFPB database's CSV)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["native", "cfpb"], default="native", dest="file_format")

    def handle(self, *args, file, file_format, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            with file.open("rb") as source:
                result = complaints_import(source=source, file_format=file_format)
        except ComplaintImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{result.created} complaints imported, {result.already_imported} already there, "
            f"{result.skipped_other_products} rows of other products skipped, "
            f"{len(result.lenders_created)} lenders added"
        )
