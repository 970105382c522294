"""The report files' layout for people: the page that describes the columns and the templates to fill in, both
read from the one definition of the columns (ingest/contract.py) that the checks read."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from supervision.core.labels import label

from .ingest.contract import CONTRACT_VERSIONS, Column, columns_of

# The newest contract's templates keep the plain names; an older one's carry its version (accounts-v1.csv).
NEWEST = CONTRACT_VERSIONS[-1]
TEMPLATES = {
    f"{stem}{'' if version == NEWEST else f'-v{version}'}.{extension}": (f"{stem}.csv", version)
    for version in reversed(CONTRACT_VERSIONS) for stem in ("accounts", "contacts") for extension in ("csv", "xlsx")
}
TEMPLATE_NAMES = list(TEMPLATES)


def template_columns(template_name: str) -> tuple[Column, ...]:
    return columns_of(*TEMPLATES[template_name])


def template_csv(columns: tuple[Column, ...]) -> bytes:
    """The header and the example row, UTF-8 with a BOM (so spreadsheet programs read the Chinese right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column.name for column in columns])
    writer.writerow([column.example for column in columns])
    return ("\ufeff" + out.getvalue()).encode()


def template_xlsx(columns: tuple[Column, ...], title: str) -> bytes:
    """The header and the example row, lists to pick from for the columns with allowed values, and a second
    sheet that describes every column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append([column.name for column in columns])
    sheet.append([column.example or None for column in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}2"].number_format = "@"  # text: dates and codes stay as written
        sheet.column_dimensions[letter].width = max(12, len(column.name) + 2, len(column.example) + 2)
        if column.choices:
            choices = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=False,
                                     showErrorMessage=True)
            sheet.add_data_validation(choices)
            choices.add(f"{letter}2:{letter}1048576")
    described = workbook.create_sheet(_("columns"))
    described.append([_("Column"), _("Required"), _("Type"), _("Allowed values"), _("Example"), _("Meaning"),
                      _("Since contract version")])
    for column in columns:
        described.append(column_description(column))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def column_description(column: Column) -> list[str]:
    """What the layout page and the template's second sheet say of a column, in the reader's language."""
    return [column.name, _("yes") if column.required else _("no"), label("column_kind", column.kind),
            ", ".join(column.choices), column.example, str(column.meaning), column.since]
