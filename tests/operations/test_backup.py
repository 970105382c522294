"""The restore drill: back up an instance with a month of reports, metrics and complaints, empty it, restore it, and
find every table's count, the month's metric values and a drill-down identical. Runs on SQLite, and on
PostgreSQL when DATABASE_URL names one (CI)."""

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from supervision.metrics.models import MetricResult
from supervision.metrics.selectors import contacts_behind
from supervision.operations.backup import MANIFEST
from tests.metrics.conftest import OCTOBER, account, calls, contact
from tests.public.test_publication import file

pytestmark = pytest.mark.django_db(transaction=True)


def every_table_count() -> dict[str, int]:
    models = [model for model in apps.get_models(include_auto_created=True) if model._meta.managed]
    with connection.cursor() as cursor:
        counts = {}
        for model in models:
            cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')  # noqa: S608 (our table names)
            counts[model._meta.db_table] = cursor.fetchone()[0]
    return counts


def the_month() -> dict:
    values = dict(((r.entity_key, r.metric, r.profile_id), (r.numerator, r.value))
                  for r in MetricResult.objects.filter(period=OCTOBER))
    night = MetricResult.objects.get(entity_key="pair:AA:LA", metric="quiet_hours_contacts", profile__is_default=True)
    return {"values": values, "behind": contacts_behind(result=night)}


@pytest.fixture
def an_instance(accepted_report, metric_values, agency_a, mandate_a, sam_supervisor, settings):
    accepted_report(agency_a, [account(), account("ACC2", debtor_ref="D2")],
                    calls(3, at="2026-10-05T23:30:00+08:00") + [contact("X1", "ACC2", "D2")], version=2)
    metric_values("CN")
    file(agency_a.mandates.first().lender, agency_a, sam_supervisor)
    return Path(settings.DATA_ROOT)


def test_restore_rebuilds_an_emptied_instance_exactly(an_instance, tmp_path):
    before_counts, before_month = every_table_count(), the_month()
    files_before = sorted(p.relative_to(an_instance) for p in an_instance.rglob("*") if p.is_file()
                          and not p.is_relative_to(an_instance / "tmp"))
    call_command("backup", tmp_path / "backup", stdout=io.StringIO())
    assert (tmp_path / "backup" / MANIFEST).exists()

    call_command("flush", interactive=False, verbosity=0)  # a new, empty instance: migrated, no data
    shutil.rmtree(an_instance)
    an_instance.mkdir()
    out = io.StringIO()
    call_command("restore", tmp_path / "backup", stdout=out)

    assert "restored from" in out.getvalue()
    assert every_table_count() == before_counts
    assert the_month() == before_month
    assert sorted(p.relative_to(an_instance) for p in an_instance.rglob("*") if p.is_file()) == files_before


def test_restore_refuses_an_instance_with_data_unless_told(an_instance, tmp_path):
    call_command("backup", tmp_path / "backup", stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", tmp_path / "backup", stdout=io.StringIO())
    MetricResult.objects.filter(period=OCTOBER).delete()
    call_command("restore", tmp_path / "backup", "--replace", stdout=io.StringIO())
    assert MetricResult.objects.filter(period=OCTOBER).exists()


def test_a_damaged_backup_is_refused_before_anything_is_touched(an_instance, tmp_path):
    call_command("backup", tmp_path / "backup", stdout=io.StringIO())
    parquet = next((tmp_path / "backup" / "data").rglob("*.parquet"))
    parquet.write_bytes(parquet.read_bytes()[:-10])
    counts = every_table_count()
    with pytest.raises(CommandError, match="differs from the manifest"):
        call_command("restore", tmp_path / "backup", "--replace", stdout=io.StringIO())
    assert every_table_count() == counts
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", tmp_path / "backup", stdout=io.StringIO())


def test_the_backup_leaves_scratch_space_out(an_instance, tmp_path):
    (an_instance / "tmp").mkdir(exist_ok=True)
    (an_instance / "tmp" / "spill.bin").write_bytes(b"x" * 100)
    call_command("backup", tmp_path / "backup", stdout=io.StringIO())
    assert not (tmp_path / "backup" / "data" / "tmp").exists()
    assert dt.datetime.fromisoformat(
        json.loads((tmp_path / "backup" / MANIFEST).read_text())["created_at"])
