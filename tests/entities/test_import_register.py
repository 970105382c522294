import io

import pytest
from django.core.management import CommandError, call_command

from supervision.entities.models import Agency, Lender, Mandate
from supervision.entities.services import RegisterImportError, register_import
from tests.factories import valid_credit_code

pytestmark = pytest.mark.django_db


def csv_file(text: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


def lenders_csv(*rows: str) -> io.BytesIO:
    return csv_file("code,name,type,credit_code,licence_no,province\n" + "\n".join(rows) + "\n")


def agencies_csv(*rows: str) -> io.BytesIO:
    return csv_file("code,name,credit_code,licence_no,province\n" + "\n".join(rows) + "\n")


def mandates_csv(*rows: str) -> io.BytesIO:
    return csv_file("lender_code,agency_code,valid_from,valid_to\n" + "\n".join(rows) + "\n")


def test_register_loads_lenders_agencies_and_mandates_together():
    code_l, code_a = valid_credit_code(), valid_credit_code()
    result = register_import(
        lenders=lenders_csv(f"L1,华信消费金融有限公司,consumer_finance,{code_l},L99,广东省"),
        agencies=agencies_csv(f"A1,众诚信息咨询有限公司,{code_a},C1,Shanghai"),
        mandates=mandates_csv("L1,A1,2025-01-01,2025-12-31", "L1,A1,2025-06-01,"),
    )
    assert result.created == {"lenders": 1, "agencies": 1, "mandates": 2}
    lender = Lender.objects.get(code="L1")
    assert (lender.province, lender.type) == ("GD", "consumer_finance")
    assert Agency.objects.get(code="A1").province == "SH"
    assert Mandate.objects.filter(lender=lender, valid_to__isnull=True).count() == 1


def test_reimporting_the_same_files_updates_by_code_and_adds_nothing():
    code_l = valid_credit_code()
    rows = f"L1,华信消费金融有限公司,consumer_finance,{code_l},L99,GD"
    register_import(lenders=lenders_csv(rows))
    result = register_import(lenders=lenders_csv(rows.replace("华信", "华信新")))
    assert result.updated == {"lenders": 1} and result.created == {}
    assert Lender.objects.get().name == "华信新消费金融有限公司"


def test_gbk_file_is_read():
    code_l = valid_credit_code()
    text = f"code,name,type,credit_code,licence_no,province\nL1,华信银行股份有限公司,bank,{code_l},B1,北京\n"
    register_import(lenders=csv_file(text, "gbk"))
    assert Lender.objects.get().name == "华信银行股份有限公司"


def test_one_bad_row_rejects_every_file_and_reports_each_problem():
    good, bad = valid_credit_code(), "91350100M000100Y44"
    with pytest.raises(RegisterImportError) as caught:
        register_import(
            lenders=lenders_csv(
                f"L1,好的银行,bank,{good},B1,GD",
                f"L2,错的银行,bank,{bad},B2,GD",
                f"L3,类型错,pawnshop,{valid_credit_code()},B3,GD",
            ),
            mandates=mandates_csv("L1,NOPE,2025-01-01,", "L1,A1,2025-05-01,2025-04-01"),
        )
    problems = {(error.file, error.line, error.column) for error in caught.value.errors}
    assert ("lenders.csv", 3, "credit_code") in problems
    assert ("lenders.csv", 4, "type") in problems
    assert ("mandates.csv", 2, "agency_code") in problems
    assert Lender.objects.count() == 0 and Mandate.objects.count() == 0


def test_mandate_ending_before_it_starts_names_valid_to(lender_a, agency_a):
    with pytest.raises(RegisterImportError) as caught:
        register_import(mandates=mandates_csv(f"{lender_a.code},{agency_a.code},2025-05-01,2025-04-30"))
    [error] = caught.value.errors
    assert (error.line, error.column, error.value) == (2, "valid_to", "2025-04-30")
    assert "cannot end before it starts" in error.reason or "早于" in error.reason


def test_unknown_lender_code_in_mandates_is_a_row_error(agency_a):
    with pytest.raises(RegisterImportError) as caught:
        register_import(mandates=mandates_csv(f"GHOST,{agency_a.code},2025-01-01,"))
    [error] = caught.value.errors
    assert (error.column, error.value) == ("lender_code", "GHOST")


def test_missing_and_unknown_columns_are_named():
    with pytest.raises(RegisterImportError) as caught:
        register_import(agencies=csv_file("code,name,credit_code,province,colour\nA1,x,y,GD,red\n"))
    assert {(error.column, error.line) for error in caught.value.errors} == {("licence_no", 1), ("colour", 1)}


def test_duplicate_code_in_one_file_is_refused():
    code = valid_credit_code()
    with pytest.raises(RegisterImportError) as caught:
        register_import(agencies=agencies_csv(f"A1,x,{code},C,GD", f"A1,y,{valid_credit_code()},C,GD"))
    assert caught.value.errors[0].line == 3


def test_command_prints_row_errors_and_fails(tmp_path):
    path = tmp_path / "lenders.csv"
    path.write_text("code,name,type,credit_code,licence_no,province\nL1,x,bank,BAD,B,GD\n", encoding="utf-8")
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_register", lenders=path, stderr=stderr)
    assert "lenders.csv" in stderr.getvalue() and "credit_code = 'BAD'" in stderr.getvalue()
    assert not Lender.objects.exists()


def test_command_loads_the_demo_register(tmp_path):
    from supervision.entities.demo import demo_register_files

    paths = {}
    for kind, file in zip(("lenders", "agencies", "mandates"), demo_register_files(seed=1), strict=False):
        paths[kind] = tmp_path / f"{kind}.csv"
        paths[kind].write_bytes(file.getvalue())
    out = io.StringIO()
    call_command("import_register", stdout=out, **paths)
    assert Lender.objects.count() >= 30 and Agency.objects.count() >= 60
    assert set(Lender.objects.values_list("type", flat=True)) == {
        "bank", "consumer_finance", "online_platform", "microcredit", "other"
    }
    assert Agency.objects.values("province").distinct().count() >= 10
