"""Reading small tabular files (CSV in UTF-8/GBK, or XLSX) with row-level errors.

For files of thousands of rows, such as the register. Bulk contact logs go
through DuckDB instead (see reporting.ingest).
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class RowError:
    """One problem in an uploaded file: where it is and why it is refused."""

    line: int | None
    column: str
    value: str
    reason: str
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file} " if self.file else ""
        where += _("line %(line)s") % {"line": self.line} if self.line else _("header")
        column = f", {self.column}" if self.column else ""
        value = f" = {self.value!r}" if self.value else ""
        return f"{where}{column}{value}: {self.reason}"


class TableError(Exception):
    """A file that cannot be read at all (encoding, layout, header)."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))


def decode_text(data: bytes, *, file: str = "") -> str:
    """UTF-8 (with or without BOM) first, then GB18030, a superset of GBK."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError([RowError(None, "", "", _("UTF-16 files are not accepted; save as UTF-8 or GBK."), file)])
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError([RowError(None, "", "", _("The file is neither UTF-8 nor GBK/GB18030 text."), file)])


def _xlsx_rows(data: bytes, file: str) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken archives
        message = _("The XLSX file cannot be opened: %(error)s") % {"error": exc}
        raise TableError([RowError(None, "", "", message, file)]) from None
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        yield ["" if cell is None else _cell_text(cell) for cell in row]


def _cell_text(cell) -> str:
    if hasattr(cell, "isoformat"):
        text = cell.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    return str(cell)


def read_table(
    source: bytes | IO[bytes],
    *,
    columns: list[str],
    optional: tuple[str, ...] = (),
    file: str = "",
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) pairs after checking the header.

    `columns` must all be present; `optional` may be; anything else is an error.
    """
    data = source if isinstance(source, bytes) else source.read()
    if not data.strip():
        raise TableError([RowError(None, "", "", _("The file is empty."), file)])
    if data.startswith(XLSX_MAGIC):
        lines = _xlsx_rows(data, file)
    else:
        lines = csv.reader(io.StringIO(decode_text(data, file=file), newline=""))
    try:
        header = [name.strip() for name in next(lines)]
    except StopIteration:
        raise TableError([RowError(None, "", "", _("The file is empty."), file)]) from None
    errors = [
        RowError(1, name, "", _("Required column is missing."), file) for name in columns if name not in header
    ]
    errors += [
        RowError(1, name, "", _("Unknown column."), file)
        for name in header
        if name not in columns and name not in optional
    ]
    if len(set(header)) != len(header):
        errors.append(RowError(1, "", "", _("A column name appears twice."), file))
    if errors:
        raise TableError(errors)
    for line_number, cells in enumerate(lines, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise TableError(
                [
                    RowError(
                        line_number,
                        "",
                        "",
                        _("Expected %(expected)d cells, found %(found)d.")
                        % {"expected": len(header), "found": len(cells)},
                        file,
                    )
                ]
            )
        yield line_number, {name: cell.strip() for name, cell in zip(header, cells, strict=False)}
