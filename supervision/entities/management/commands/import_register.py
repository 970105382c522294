from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from supervision.entities.services import RegisterImportError, register_import


class Command(BaseCommand):
    help = "Create or update lenders, agencies and mandates from register files (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--lenders", type=Path, help="lenders.csv or .xlsx")
        parser.add_argument("--agencies", type=Path, help="agencies.csv or .xlsx")
        parser.add_argument("--mandates", type=Path, help="mandates.csv or .xlsx")

    def handle(self, *args, lenders, agencies, mandates, **options):
        paths = {"lenders": lenders, "agencies": agencies, "mandates": mandates}
        if not any(paths.values()):
            raise CommandError(_("Give at least one of --lenders, --agencies, --mandates."))
        for path in filter(None, paths.values()):
            if not path.is_file():
                raise CommandError(_("No such file: %(path)s") % {"path": path})
        files = {kind: path.open("rb") for kind, path in paths.items() if path}
        try:
            result = register_import(**files)
        except RegisterImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc)) from None
        finally:
            for file in files.values():
                file.close()
        for kind in ("lenders", "agencies", "mandates"):
            if paths[kind]:
                self.stdout.write(
                    _("%(kind)s: %(created)d created, %(updated)d updated")
                    % {"kind": kind, "created": result.created.get(kind, 0), "updated": result.updated.get(kind, 0)}
                )
