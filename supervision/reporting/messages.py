"""What each rejection reason code means, in the reader's language."""

from django.utils.translation import gettext_lazy as _

from .ingest import Reason

REASON_MESSAGES = {
    Reason.REQUIRED: _("A value is required."),
    Reason.TOO_LONG: _("Longer than 128 bytes (about 40 Chinese characters)."),
    Reason.TEXT_TOO_LONG: _("Longer than 128 characters."),
    Reason.CONTROL_CHARACTERS: _("Contains a line break, tab or other control character."),
    Reason.NOT_A_DATE: _("Not a date in the form YYYY-MM-DD."),
    Reason.NOT_AN_INTEGER: _("Not a whole number of 0 or more."),
    Reason.NOT_A_DECIMAL: _("Not an amount in yuan with at most 2 decimals."),
    Reason.NEGATIVE: _("Must not be negative."),
    Reason.NOT_IN_CHOICES: _("Not one of the allowed values."),
    Reason.TIMESTAMP_WITHOUT_OFFSET: _("The time has no UTC offset (write it as 2026-10-05T09:30:00+08:00)."),
    Reason.NOT_A_TIMESTAMP: _("Not an ISO 8601 date and time."),
    Reason.OUTSIDE_PERIOD: _("The local date is outside the report's month."),
    Reason.UNKNOWN_LENDER: _("No lender has this code in the register."),
    Reason.FOREIGN_LENDER: _("A lender may report only its own accounts."),
    Reason.DUPLICATE: _("Appears more than once in the file."),
    Reason.UNKNOWN_ACCOUNT: _("This account is not in accounts.csv."),
    Reason.ACCOUNT_MISMATCH: _("Differs from the account's row in accounts.csv."),
    Reason.DEBTOR_CONTACT_REF: _("For a contact with the debtor, contact_ref must equal debtor_ref."),
    Reason.DEFERRAL_INCOMPLETE: _("A deferral needs both deferral_from and deferral_to."),
    Reason.DEFERRAL_REVERSED: _("The deferral ends before it starts."),
    Reason.CONTACT_SOURCE_REQUIRED: _("For a contact with anyone but the debtor, say where the number or address came "
                                      "from: registered or other."),
    Reason.CONTACT_SOURCE_FOR_DEBTOR: _("Leave contact_source empty for a contact with the debtor."),
    Reason.STOP_LIFT_WITHOUT_REQUEST: _("stop_lifted_on needs the stop_requested_on it lifts."),
    Reason.STOP_LIFT_BEFORE_REQUEST: _("stop_lifted_on is before stop_requested_on."),
    Reason.MISSING_COLUMN: _("Required column is missing."),
    Reason.UNKNOWN_COLUMN: _("Unknown column."),
    Reason.DUPLICATE_COLUMN: _("A column name appears twice."),
    Reason.WRONG_DELIMITER: _("The columns are not separated by commas."),
    Reason.EMPTY_FILE: _("The file has no rows."),
    Reason.NOT_TEXT: _("The file is not a text (CSV) or XLSX file."),
    Reason.UTF16: _("UTF-16 files are not accepted; save as UTF-8 or GBK."),
    Reason.UNREADABLE: _("The file cannot be read as CSV in UTF-8 or GBK/GB18030."),
    Reason.MIXED_ENCODING: _("The file mixes UTF-8 and GBK: from this line on some lines are not UTF-8 while others are. "
                             "Save the whole file in one encoding."),
    Reason.BAD_XLSX: _("The XLSX file cannot be opened."),
    Reason.MISSING_CELLS: _("The row has fewer cells than the header."),
    Reason.TOO_MANY_CELLS: _("The row has more cells than the header."),
    Reason.BAD_QUOTING: _("A quote is not closed or a value is badly quoted."),
    Reason.LINE_TOO_LONG: _("The line is too long."),
}


def reason_message(code: str) -> str:
    return str(REASON_MESSAGES.get(code, code))
