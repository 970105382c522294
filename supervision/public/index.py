"""The published complaints as in-memory arrays, one copy per process, rebuilt when the public tables change:
searches, facet counts and trends are answered here in milliseconds, where PostgreSQL spent most of a broad
search's time visiting the heap pages of its matches.

Each complaint is a place in arrays sorted by (date received, id), so a query's rows in date order are the
results' order. Each facet is an array of small numbers, a value's number being its place in the facet's sorted
values; `""` is the value of a complaint that has none (no province, no lender), "in_house" the agency of a
lender collecting itself, and `timely` and `has_narrative` take the filter's own words "true" and "false".
Categories, several per complaint, are bits of one number. The search words (`search.search_tokens`: Chinese
cut into overlapping pairs) are kept with the row and position of every occurrence, so a phrase is its words at
consecutive positions, as PostgreSQL's phraseto_tsquery found it. DuckDB does the building, from a COPY of the
tables; numpy answers the queries.
"""

import csv
import datetime as dt
import logging
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
from django.db import connection

from .search import search_tokens

logger = logging.getLogger(__name__)

IN_HOUSE = "in_house"  # the agency facet's value for complaints about a lender collecting itself
TEXT_FACETS = ("lender", "agency", "province", "channel", "response", "timely", "has_narrative")
FACETS = (*TEXT_FACETS[:2], "category", *TEXT_FACETS[2:])
EPOCH = dt.date(1970, 1, 1)
PHRASE_SLACK = 1 << 20  # keeps a phrase's start position positive when a later word sits near the start

# What the index reads, portable between PostgreSQL and SQLite; a boolean becomes the filter's own word.
COMPLAINTS_SQL = """
    SELECT p.id, p.received_on, p.province, l.code, COALESCE(a.code, 'in_house'), p.channel, p.response,
           CASE WHEN p.timely THEN 'true' WHEN NOT p.timely THEN 'false' ELSE '' END,
           CASE WHEN p.narrative <> '' THEN 'true' ELSE 'false' END, p.search_tokens
    FROM public_publishedcomplaint p
    LEFT JOIN entities_lender l ON l.id = p.lender_id LEFT JOIN entities_agency a ON a.id = p.agency_id
"""
CATEGORIES_SQL = "SELECT published_id, code FROM public_publishedcategory"
CSV_DIALECT = "header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"'"  # an empty file too
COMPLAINT_COLUMNS = ("id", "received_on", "province", "lender", "agency", "channel", "response", "timely", "has_narrative",
                     "tokens")  # COMPLAINTS_SQL's


def _export(sql: str, path: Path) -> None:
    """A query's rows as a CSV file: PostgreSQL's COPY, or the rows written one by one (SQLite's small data)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with path.open("wb") as out, cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)") as copy:  # noqa: S608
                for chunk in copy:
                    out.write(chunk)
        else:
            cursor.execute(sql)
            with path.open("w", newline="", encoding="utf-8") as out:
                csv.writer(out).writerows(cursor.fetchall())


def _fetch(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, np.ndarray]:
    return con.execute(sql).fetchnumpy()


def _enum(con: duckdb.DuckDBPyConnection, name: str, values_sql: str) -> list[str]:
    """A DuckDB ENUM of the values found (sorted): enum_code() then gives each row its value's number."""
    con.execute(f"CREATE TYPE {name} AS ENUM ({values_sql})")
    return list(con.execute(f"SELECT unnest(enum_range(NULL::{name}))").fetchall() and
                [value for (value,) in con.execute(f"SELECT unnest(enum_range(NULL::{name}))").fetchall()])


@dataclass
class Columns:
    """The published complaints, one array element per complaint, in (date received, id) order."""

    ids: np.ndarray  # public ids
    days: np.ndarray  # date received, days since 1970-01-01
    months: np.ndarray  # date received, months since year 0
    values: dict[str, list[str]]  # facet -> its values, a code's value at the code's place
    codes: dict[str, np.ndarray]  # facet -> each complaint's code (categories: a bit per code, several at once)


@dataclass
class Words:
    """Where each search word occurs: rows and positions of `start[word]:end[word]`, by row then position."""

    spans: dict[str, tuple[int, int]]
    rows: np.ndarray
    positions: np.ndarray


def _load(folder: Path) -> tuple[Columns, Words]:
    complaints, categories = folder / "complaints.csv", folder / "categories.csv"
    _export(COMPLAINTS_SQL, complaints)
    _export(CATEGORIES_SQL, categories)
    # Bounded, as the web worker building it serves requests with the rest of its memory: DuckDB spills past it.
    con = duckdb.connect(config={"memory_limit": "400MB", "temp_directory": str(folder)})
    try:
        columns = {name: "VARCHAR" for name in COMPLAINT_COLUMNS} | {"id": "INTEGER", "received_on": "DATE"}
        blanks = ", ".join(f"coalesce({facet}, '') AS {facet}" for facet in TEXT_FACETS)  # an empty field is NULL
        con.execute(f"CREATE TABLE raw AS SELECT * REPLACE ({blanks}) "
                    f"FROM read_csv('{complaints}', {CSV_DIALECT}, columns = {columns})")
        con.execute(f"CREATE TABLE categories AS SELECT * FROM read_csv('{categories}', {CSV_DIALECT}, "
                    "columns = {'published_id': 'INTEGER', 'code': 'VARCHAR'})")
        values = {facet: _enum(con, f"{facet}_values", f"SELECT DISTINCT {facet} FROM raw ORDER BY 1")
                  for facet in TEXT_FACETS}
        values["category"] = _enum(con, "category_values", "SELECT DISTINCT code FROM categories ORDER BY 1")
        if len(values["category"]) > 63:
            raise ValueError("More categories than bits in the index's category mask")
        con.execute("""
            CREATE TABLE bits AS SELECT published_id AS id, bit_or(1::BIGINT << enum_code(code::category_values))
                AS category FROM categories GROUP BY published_id""")
        con.execute(f"""
            CREATE TABLE complaints AS
            SELECT row_number() OVER (ORDER BY received_on, raw.id)::INTEGER - 1 AS row, raw.id, tokens,
                   (received_on - DATE '1970-01-01')::INTEGER AS days,
                   (year(received_on) * 12 + month(received_on) - 1)::INTEGER AS months,
                   {", ".join(f"enum_code({facet}::{facet}_values)::SMALLINT AS {facet}" for facet in TEXT_FACETS)},
                   coalesce(bits.category, 0) AS category
            FROM raw LEFT JOIN bits ON bits.id = raw.id""")
        arrays = _fetch(con, f"SELECT id, days, months, {', '.join(FACETS)} FROM complaints ORDER BY row")
        con.execute("""
            CREATE TABLE words AS
            SELECT unnest(words) AS word, row, generate_subscripts(words, 1)::INTEGER AS position
            FROM (SELECT row, string_split(tokens, ' ') AS words FROM complaints WHERE tokens <> '')""")
        spans, end = {}, 0
        for word, count in con.execute("SELECT word, count(*) FROM words GROUP BY word ORDER BY word").fetchall():
            spans[word] = (end, end + count)
            end += count
        occurrences = _fetch(con, "SELECT row, position FROM words ORDER BY word, row, position")
    finally:
        con.close()
    return (Columns(arrays["id"], arrays["days"], arrays["months"], values,
                    {facet: arrays[facet] for facet in FACETS}),
            Words(spans, occurrences["row"], occurrences["position"]))


class PublicIndex:
    """One process's copy of the published complaints, at the data version it was built from. A query is
    answered with array operations over the complaints its search words and dates allow."""

    def __init__(self, version: tuple):
        self.version = version
        folder = Path(tempfile.mkdtemp(prefix="public-index-"))
        try:
            self.columns, self.words = _load(folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def rows(self, search: str, date_min: dt.date | None, date_max: dt.date | None) -> np.ndarray:
        """The rows (positions in date order) whose narrative holds the search words and whose date is in range."""
        rows = self._searched(search) if search.strip() else np.arange(len(self.columns.ids), dtype=np.int32)
        days = self.columns.days[rows]
        keep = np.ones(len(rows), dtype=bool)
        if date_min:
            keep &= days >= (date_min - EPOCH).days
        if date_max:
            keep &= days <= (date_max - EPOCH).days
        return rows[keep]

    def _occurrences(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.words.spans.get(word, (0, 0))
        return self.words.rows[start:end], self.words.positions[start:end]

    def _searched(self, search: str) -> np.ndarray:
        """The rows holding the search's words one after the other (a phrase), as PostgreSQL's phraseto_tsquery
        would find them; a one-character search finds every word holding the character."""
        words = search_tokens(search).split()
        if not words:
            return np.empty(0, dtype=np.int32)
        if len(words) == 1 and len(words[0]) == 1:
            held = [self._occurrences(word)[0] for word in self.words.spans if words[0] in word]
            return np.unique(np.concatenate(held)) if held else np.empty(0, dtype=np.int32)
        if len(words) == 1:  # the occurrences are in row order: keep each row's first
            rows = self._occurrences(words[0])[0]
            return rows[np.concatenate(([True], rows[1:] != rows[:-1]))] if len(rows) else rows
        found = None
        for offset, word in enumerate(words):  # each occurrence as (row, the phrase's start position) in one number
            rows, positions = self._occurrences(word)
            starts = rows.astype(np.int64) << 32 | (positions.astype(np.int64) - offset + PHRASE_SLACK)
            found = starts if found is None else np.intersect1d(found, starts, assume_unique=True)
        return np.unique((found >> 32).astype(np.int32))

    def passes(self, rows: np.ndarray, facet: str, include, exclude) -> np.ndarray:
        """Which of the rows pass one facet's filters: none of the excluded values and, when values are
        included, one of them. A value the index has never seen matches nothing."""
        codes, known = self.columns.codes[facet][rows], self.columns.values[facet]
        keep = np.ones(len(rows), dtype=bool)
        for values, wanted in ((include, True), (exclude, False)):
            if not values:
                continue
            numbers = [known.index(value) for value in values if value in known]
            if facet == "category":
                held = (codes & sum(1 << number for number in numbers)) != 0
            else:
                held = np.isin(codes, numbers)
            keep &= held if wanted else ~held
        return keep

    def counts(self, rows: np.ndarray, facet: str) -> list[tuple[str, int]]:
        """(value, complaints) for each value the rows take, "" (no value) left out."""
        codes, values = self.columns.codes[facet][rows], self.columns.values[facet]
        if facet == "category":
            numbers = [int(np.count_nonzero(codes & (1 << bit))) for bit in range(len(values))]
        else:
            numbers = np.bincount(codes, minlength=len(values)).tolist()
        return [(value, n) for value, n in zip(values, numbers, strict=True) if value and n]

    def ids(self, rows: np.ndarray) -> list[int]:
        return self.columns.ids[rows].tolist()

    def periods(self, rows: np.ndarray, facet: str | None, step: int) -> list[tuple[dt.date, str | None, int]]:
        """(first day of the period, the facet's value or None, complaints) for every pair the rows take."""
        months = self.columns.months[rows] // step * step
        codes, values = (self.columns.codes[facet][rows], self.columns.values[facet]) if facet else (None, [None])
        if facet == "category":  # several per complaint: a pass per category (at most 63)
            pairs = [(np.int64(bit) << 32 | months[(codes & (1 << bit)) != 0]) for bit in range(len(values))]
            keys = np.concatenate(pairs) if pairs else np.empty(0, dtype=np.int64)
        else:  # one grouping of (value, period) numbers, however many values there are
            keys = (codes.astype(np.int64) << 32 if facet else np.int64(0)) | months
        found, numbers = np.unique(keys, return_counts=True)
        return [(dt.date(int(key & 0xFFFFFFFF) // 12, int(key & 0xFFFFFFFF) % 12 + 1, 1), values[int(key >> 32)], int(n))
                for key, n in zip(found, numbers, strict=True) if values[int(key >> 32)] != ""]

_current: PublicIndex | None = None
_building = threading.Lock()


def current(version: tuple) -> PublicIndex:
    """The index of the given data version, built on first use after the public tables change."""
    global _current
    index = _current
    if index is None or index.version != version:
        with _building:
            if _current is None or _current.version != version:
                _current = PublicIndex(version)
            index = _current
    return index


def warm() -> None:
    """Build the index before the first visitor needs it (a web worker's start); a failure is only logged,
    and the first search builds it instead."""
    from .selectors import data_version

    try:
        current(data_version())
    except Exception:  # noqa: BLE001 (the database may not be migrated or reachable yet)
        logger.exception("The public search index could not be built at start")
