"""The layout page and the templates come from the one definition of the columns the checks read."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from supervision.reporting.ingest.contract import CONTACTS, FILES, columns_of
from supervision.reporting.services import report_check
from tests.factories import LenderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix", ["", "-v1"])
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_templates_filled_with_their_examples_pass_every_check(client, alice_agency, extension, suffix):
    LenderFactory(code="L001")
    client.force_login(alice_agency)
    files = {stem: client.get(f"/reports/templates/{stem}{suffix}.{extension}") for stem in ("accounts", "contacts")}
    assert all(response.status_code == 200 for response in files.values())
    checked = report_check(submitter=alice_agency.entity, period=dt.date(2026, 10, 1),
                           accounts=io.BytesIO(files["accounts"].content), contacts=io.BytesIO(files["contacts"].content))
    assert checked.accepted, checked.errors
    assert (checked.accounts_rows, checked.contacts_rows) == (1, 1)


def test_the_csv_template_is_the_header_and_one_example(client, alice_agency):
    client.force_login(alice_agency)
    lines = client.get("/reports/templates/contacts.csv").content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == [column.name for column in columns_of("contacts.csv", 2)] and len(lines) == 2
    lines = client.get("/reports/templates/contacts-v1.csv").content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == [column.name for column in columns_of("contacts.csv", 1)]
    assert "recording_ref" not in lines[0]


def test_the_xlsx_template_offers_the_allowed_values_and_describes_the_columns(client, alice_agency):
    client.force_login(alice_agency)
    workbook = load_workbook(io.BytesIO(client.get("/reports/templates/contacts.xlsx").content))
    sheet, described = workbook.worksheets
    lists = {validation.formula1 for validation in sheet.data_validations.dataValidation}
    assert lists == {'"' + ",".join(column.choices) + '"' for column in CONTACTS if column.choices}
    assert [row[0] for row in described.iter_rows(min_row=2, values_only=True)] == [column.name for column in CONTACTS]


def test_the_layout_page_describes_every_column_in_the_readers_language(client, alice_agency):
    client.force_login(alice_agency)
    english = client.get("/reports/layout/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert all(f"<code>{column.name}</code>" in english for columns in FILES.values() for column in columns)
    assert "whole number, 0 or more" in english
    chinese = client.get("/reports/layout/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "whole number, 0 or more" not in chinese


def test_an_unknown_template_is_not_found(client, alice_agency):
    client.force_login(alice_agency)
    assert client.get("/reports/templates/passwords.csv").status_code == 404
