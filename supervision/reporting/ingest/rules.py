"""The checks, as SQL: row rules evaluated while a file is read, set rules comparing rows with each other or with
the other file, and the query that lists every fault with its line."""

from dataclasses import dataclass

from .contract import (
    DECIMAL_PATTERN,
    ISO_WITH_OFFSET,
    MAX_IDENTIFIER_BYTES,
    MAX_TEXT_CHARACTERS,
    MAX_VALUE_IN_ERROR,
    Column,
    Kind,
    Reason,
    ReportContext,
    columns_of,
)


@dataclass(frozen=True)
class Rule:
    """One check, as SQL.

    A row rule looks at one row: `bad_when` is evaluated while the file is read (cheap: one flag per
    row), and `fault` (a struct naming column, value and reason, or NULL) only for flagged rows. A set
    rule compares rows with each other or with the other file (`query`: lines with their fault).
    """

    bad_when: str | None = None
    fault: str | None = None
    query: str | None = None

    @classmethod
    def on(cls, column: str, reason: str, bad_when: str) -> "Rule":
        """The common case: a named column is bad, for one reason, when `bad_when` holds."""
        fault = f"CASE WHEN {bad_when} THEN {_fault(_quoted(column), column, _quoted(reason))} END"
        return cls(bad_when=f"({bad_when})", fault=fault)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fault(column: str, value: str, reason: str) -> str:
    return (
        f"struct_pack(\"column\" := {column}, value := left(coalesce(CAST({value} AS VARCHAR), ''), "
        f"{MAX_VALUE_IN_ERROR}), reason := {reason})"
    )


def row_is_bad_sql(rules: list[Rule]) -> str:
    return "coalesce(" + " OR ".join(rule.bad_when for rule in rules if rule.bad_when) + ", true)"


def _row_faults_sql(rules: list[Rule]) -> str:
    faults = ", ".join(rule.fault for rule in rules if rule.fault)
    return f"list_filter([{faults}], lambda fault: fault IS NOT NULL)"


def _identifier_rules(columns: tuple[str, ...]) -> list[Rule]:
    rules = [Rule.on(column, Reason.REQUIRED, f"{column} IS NULL") for column in columns]
    # Bytes, not characters: strlen is several times cheaper than length over ten million cells.
    rules += [Rule.on(column, Reason.TOO_LONG, f"strlen({column}) > {MAX_IDENTIFIER_BYTES}") for column in columns]
    # A line break inside an identifier is a quoted line break that has split a record.
    rules += [Rule.on(column, Reason.CONTROL_CHARACTERS, f"contains({column}, chr(10))") for column in columns]
    return rules


def _text_rules(column: str) -> list[Rule]:
    """Optional free text of one line, limited in characters (an identifier's limit is in bytes)."""
    return [Rule.on(column, Reason.TEXT_TOO_LONG, f"length({column}) > {MAX_TEXT_CHARACTERS}"),
            Rule.on(column, Reason.CONTROL_CHARACTERS, f"contains({column}, chr(10))")]


def _choice_rule(column: str, choices: tuple[str, ...], *, required: bool) -> Rule:
    missing = f"{column} IS NULL OR " if required else f"{column} IS NOT NULL AND "
    return Rule.on(column, Reason.NOT_IN_CHOICES, f"{missing}{column} NOT IN ({_sql_list(choices)})")


def _date_rules(column: str, *, required: bool) -> list[Rule]:
    rules = [Rule.on(column, Reason.NOT_A_DATE,
                     f"{column} IS NOT NULL AND (length({column}) <> 10 OR try_cast({column} AS DATE) IS NULL)")]
    if required:
        rules.append(Rule.on(column, Reason.REQUIRED, f"{column} IS NULL"))
    return rules


def _sql_list(values) -> str:
    return ", ".join(_quoted(value) for value in values) or "NULL"


def _unknown_lender_rule(context: "ReportContext") -> Rule:
    return Rule.on("lender_code", Reason.UNKNOWN_LENDER,
                   f"lender_code IS NOT NULL AND lender_code NOT IN ({_sql_list(context.lender_codes)})")


def _duplicate_rule(table: str, column: str) -> Rule:
    return Rule(query=f"""
        SELECT line, {_fault(_quoted(column), column, _quoted(Reason.DUPLICATE))} AS fault FROM {table}
        WHERE {column} IN (SELECT {column} FROM {table} GROUP BY {column} HAVING count(*) > 1)""")


# Cheap structural test for an offset at the end: ±hh:mm, ±hhmm, ±hh or Z.
HAS_OFFSET = (
    "(started_at[-6:-6] IN ('+', '-') AND started_at[-3:-3] = ':')"
    " OR (started_at[-5:-5] IN ('+', '-') AND try_cast(started_at[-4:] AS USMALLINT) IS NOT NULL)"
    " OR (started_at[-3:-3] IN ('+', '-') AND try_cast(started_at[-2:] AS UTINYINT) IS NOT NULL)"
    " OR started_at[-1:] = 'Z'"
)
LOOKS_LIKE_DATETIME = "length(started_at) BETWEEN 16 AND 35 AND substr(started_at, 11, 1) IN ('T', ' ')"


def _started_at_rule(month: str) -> Rule:
    """One pass over started_at that names its first fault."""

    def fault(reason: str) -> str:
        return _fault(_quoted("started_at"), "started_at", _quoted(reason))

    # A regular expression is cheaper here than the string slicing the fault's CASE uses on the few bad rows.
    bad_when = (
        f"(started_at IS NULL OR NOT regexp_full_match(started_at, '{ISO_WITH_OFFSET}') "
        f"OR try_cast(started_at AS TIMESTAMPTZ) IS NULL OR left(started_at, 7) <> '{month}')"
    )
    return Rule(bad_when=bad_when, fault=f"""CASE
        WHEN started_at IS NULL THEN {fault(Reason.REQUIRED)}
        WHEN NOT ({LOOKS_LIKE_DATETIME}) OR try_cast(started_at AS TIMESTAMPTZ) IS NULL
          THEN {fault(Reason.NOT_A_TIMESTAMP)}
        WHEN NOT ({HAS_OFFSET}) THEN {fault(Reason.TIMESTAMP_WITHOUT_OFFSET)}
        WHEN left(started_at, 7) <> '{month}' THEN {fault(Reason.OUTSIDE_PERIOD)}
    END""")


def _account_link_rule() -> Rule:
    """One join: each contact's account must be in accounts.csv, for the same debtor and lender."""
    return Rule(query=f"""
        SELECT c.line, CASE
            WHEN a.account_ref IS NULL
              THEN {_fault(_quoted("account_ref"), "c.account_ref", _quoted(Reason.UNKNOWN_ACCOUNT))}
            WHEN a.debtor_ref IS DISTINCT FROM c.debtor_ref
              THEN {_fault(_quoted("debtor_ref"), "c.debtor_ref", _quoted(Reason.ACCOUNT_MISMATCH))}
            WHEN a.lender_code IS DISTINCT FROM c.lender_code
              THEN {_fault(_quoted("lender_code"), "c.lender_code", _quoted(Reason.ACCOUNT_MISMATCH))}
        END AS fault
        FROM contacts_raw c LEFT JOIN accounts_raw a ON a.account_ref = c.account_ref
        WHERE c.account_ref IS NOT NULL""")


def column_rules(columns: tuple[Column, ...], *, month: str) -> list[Rule]:
    """The checks each column's kind asks for (contract.py is the one definition of the columns)."""
    rules = _identifier_rules(tuple(column.name for column in columns if column.kind == Kind.IDENTIFIER))
    for column in columns:
        name = column.name
        if column.kind == Kind.CHOICE:
            rules.append(_choice_rule(name, column.choices, required=column.required))
        elif column.kind == Kind.TEXT:
            rules += _text_rules(name)
        elif column.kind == Kind.DATE:
            rules += _date_rules(name, required=column.required)
        elif column.kind == Kind.COUNT:
            rules.append(Rule.on(name, Reason.NOT_AN_INTEGER,
                                 f"try_cast({name} AS INTEGER) IS NULL OR NOT regexp_full_match({name}, '\\d{{1,9}}')"))
        elif column.kind == Kind.AMOUNT:
            rules.append(Rule.on(name, Reason.NOT_A_DECIMAL,
                                 f"{name} IS NULL OR NOT regexp_full_match({name}, '{DECIMAL_PATTERN}')"))
            rules.append(Rule.on(name, Reason.NEGATIVE,
                                 f"regexp_full_match({name}, '{DECIMAL_PATTERN}') AND {name} LIKE '-%'"))
        elif column.kind == Kind.TIMESTAMP:
            assert name == "started_at", "the timestamp checks are written for started_at"
            rules.append(_started_at_rule(month))
    return rules


def account_rules(context: "ReportContext", version: int = 1) -> list[Rule]:
    rules = [
        *column_rules(columns_of("accounts.csv", version), month=context.period.isoformat()[:7]),
        _unknown_lender_rule(context),
        _duplicate_rule("accounts_raw", "account_ref"),
        Rule.on("deferral_to", Reason.DEFERRAL_INCOMPLETE, "(deferral_from IS NULL) <> (deferral_to IS NULL)"),
        Rule.on("deferral_to", Reason.DEFERRAL_REVERSED, "try_cast(deferral_to AS DATE) < try_cast(deferral_from AS DATE)"),
    ]
    if version >= 2:
        rules += [
            Rule.on("stop_lifted_on", Reason.STOP_LIFT_WITHOUT_REQUEST,
                    "stop_lifted_on IS NOT NULL AND stop_requested_on IS NULL"),
            Rule.on("stop_lifted_on", Reason.STOP_LIFT_BEFORE_REQUEST,
                    "try_cast(stop_lifted_on AS DATE) < try_cast(stop_requested_on AS DATE)"),
        ]
    if context.own_lender_code:
        rules.append(Rule.on("lender_code", Reason.FOREIGN_LENDER,
                             f"lender_code IS NOT NULL AND lender_code <> {_sql_list([context.own_lender_code])}"))
    return rules


def contact_rules(context: "ReportContext", version: int = 1) -> list[Rule]:
    rules = [
        *column_rules(columns_of("contacts.csv", version), month=context.period.isoformat()[:7]),
        _duplicate_rule("contacts_raw", "record_id"),
        _unknown_lender_rule(context),
        _account_link_rule(),
        Rule.on("contact_ref", Reason.DEBTOR_CONTACT_REF, "contact_party = 'debtor' AND contact_ref <> debtor_ref"),
    ]
    if version >= 2:
        rules += [
            Rule.on("contact_source", Reason.CONTACT_SOURCE_REQUIRED,
                    "contact_source IS NULL AND contact_party <> 'debtor'"),
            Rule.on("contact_source", Reason.CONTACT_SOURCE_FOR_DEBTOR,
                    "contact_source IS NOT NULL AND contact_party = 'debtor'"),
        ]
    return rules


def errors_query(file: str, table: str, rules: list[Rule]) -> str:
    """Every fault of a file: those of the rows flagged while reading, then those of the set rules."""
    parts = [f"SELECT line, unnest({_row_faults_sql(rules)}) AS fault FROM {table} WHERE row_is_bad"]
    parts += [f"SELECT line, fault FROM ({rule.query}) WHERE fault IS NOT NULL" for rule in rules if rule.query]
    return (
        f"SELECT '{file}' AS file, line, fault.\"column\" AS \"column\", fault.value AS value, fault.reason AS reason "
        f"FROM ({' UNION ALL '.join(parts)})"
    )
