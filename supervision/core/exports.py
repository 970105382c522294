"""CSV exports that a spreadsheet cannot turn into formulas (CSV injection)."""

import csv
from collections.abc import Iterable, Mapping

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from . import labels

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """Prefix a cell a spreadsheet would read as a formula with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def neutralise_sql(expression: str) -> str:
    """The same, as a DuckDB or PostgreSQL expression over a text column."""
    return (
        f"CASE WHEN left({expression}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) "
        f"THEN chr(39) || {expression} ELSE {expression} END"
    )


class _Echo:
    def write(self, value):
        return value


def _with_labels(header: list[str], rows: Iterable[Iterable], labelled: Mapping[str, str]):
    """Beside each column of codes, a column of their labels (codes joined by ";" are labelled one by one)."""
    coded = [(index, labelled[name]) for index, name in enumerate(header) if name in labelled]
    if not coded:
        return header, rows
    header = list(header)
    for index, _kind in reversed(coded):
        header.insert(index + 1, f"{header[index]} ({_('label')})")

    known: dict[tuple[str, str], str] = {}  # a large export names few distinct codes: translate each once

    def word(kind: str, code: str) -> str:
        if (kind, code) not in known:
            known[(kind, code)] = labels.label(kind, code)
        return known[(kind, code)]

    def labelled_rows():
        for row in rows:
            row = list(row)
            if len(row) < len(coded) or coded[-1][0] >= len(row):  # a note line, not a data row
                yield row
                continue
            for index, kind in reversed(coded):
                codes = str(row[index] or "")
                row.insert(index + 1, "; ".join(word(kind, code) for code in codes.split(";") if code))
            yield row

    return header, labelled_rows()


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable], *,
                 labelled: Mapping[str, str] | None = None) -> StreamingHttpResponse:
    """Stream rows as a UTF-8 CSV (with BOM, so spreadsheet software reads Chinese right).

    `labelled` names the columns that hold codes, with the registry kind of each: a column of labels follows each.
    """
    writer = csv.writer(_Echo())
    header, rows = _with_labels(header, rows, labelled or {})

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([neutralise(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
