"""The data store on local disk and on an S3-compatible object store (moto's server on loopback): reports,
rejection lists, metrics, drill-downs and evidence go in and come back alike; a store that stops answering
during an acceptance leaves the report waiting, with nothing half-visible; unreferenced files are swept."""

import datetime as dt
import io
import time

import duckdb
import pytest

from complaints.models import Complaint, Evidence
from supervision.metrics import selectors as metric_selectors
from supervision.metrics.models import MetricResult
from supervision.metrics.sources import daily_connected_path
from supervision.reporting import storage
from supervision.reporting.choices import ReportStatus
from supervision.reporting.models import Report
from supervision.reporting.services import report_submit, report_validate, store_sweep
from tests.complaints.helpers import MP3, complaint_data, upload
from tests.metrics.conftest import OCTOBER, calls
from tests.reporting.builders import account, accounts_csv, contact, contacts_csv
from tests.reporting.test_submission import upload as report_form

pytestmark = pytest.mark.django_db


def read_rows(relative: str) -> list[tuple]:
    con = duckdb.connect()
    storage.attach(con)
    return con.execute(f"SELECT record_id, agency_code FROM read_parquet('{storage.location(relative)}') "
                       f"ORDER BY record_id").fetchall()


def local_report_files(data_root) -> list:
    return [path for path in (data_root / "reports").rglob("*") if path.is_file()] if data_root.exists() else []


def test_an_accepted_report_is_stored_read_and_measured(store, data_root, accepted_report, metric_values,
                                                        agency_a, lender_a, mandate_a, api_as, sam_supervisor):
    contacts = calls(3, at="2026-10-05T23:30:00+08:00")
    report = accepted_report(agency_a, [account()], contacts)

    assert read_rows(report.contacts_parquet) == [("R0", "AA"), ("R1", "AA"), ("R2", "AA")]
    raw = api_as(sam_supervisor).get(f"/api/v1/reports/{report.pk}/raw/contacts/")
    assert b"".join(raw.streaming_content) == contacts_csv(*contacts)  # as uploaded
    if store:  # kept compressed in the bucket
        with storage.filesystem().open(storage.location(storage.raw_path(report.contacts_sha256))) as kept:
            assert kept.read(4) == b"\x28\xb5\x2f\xfd"
    values = metric_values()
    assert values[("pair", "AA:LA", "quiet_hours_contacts")] == 3
    assert storage.exists(f"reports/parquet/daily_connected/period=2026-10/collector=AA/report-{report.pk}.parquet")
    result = MetricResult.objects.get(entity_key="pair:AA:LA", metric="quiet_hours_contacts")
    _, rows = metric_selectors.contacts_behind(result=result)
    assert len(rows) == 3
    if store:  # nothing of the report is on the web host's disk
        assert local_report_files(data_root) == []


def test_a_rejected_reports_problems_come_back_from_the_store(store, client, alice_agency, agency_a, lender_a,
                                                              mandate_a):
    report, _ = report_submit(submitter=agency_a, period=OCTOBER, accounts=io.BytesIO(accounts_csv()),
                              contacts=io.BytesIO(contacts_csv(contact(channel="fax"))), dispatch=False)
    report = report_validate(report_id=report.pk)
    assert report.status == ReportStatus.REJECTED and storage.exists(report.errors_path)

    client.force_login(alice_agency)
    response = client.get(f"/reports/{report.pk}/errors.csv", HTTP_ACCEPT_LANGUAGE="en")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "file,line,column,value,reason,message"
    assert lines[1].startswith("contacts.csv,2,channel,fax,not_in_choices,")


def test_evidence_goes_up_and_comes_back(store, api, client, sam_supervisor, lender_a, agency_a, data_root):
    response = api.post("/api/v1/complaints/", complaint_data() | {"evidence": [upload("录音.mp3", MP3)]},
                        format="multipart")
    assert response.status_code == 201, response.json()
    evidence = Evidence.objects.get()

    client.force_login(sam_supervisor)
    download = client.get(f"/complaints/{evidence.complaint_id}/evidence/{evidence.pk}/")
    assert b"".join(download.streaming_content) == MP3
    assert (data_root / "media").exists() is (store is None)


def test_a_complaint_that_fails_after_its_evidence_is_stored_leaves_no_file(store, api, monkeypatch, lender_a,
                                                                          agency_a):
    from django.core.files.storage import default_storage

    from complaints import services as complaint_services

    stored = []

    def fail_at_the_last_step(complaints):
        stored.extend(Evidence.objects.values_list("file", flat=True))
        raise RuntimeError("the last step failed")

    monkeypatch.setattr(complaint_services, "announce_changed", fail_at_the_last_step)
    with pytest.raises(RuntimeError):
        api.post("/api/v1/complaints/", complaint_data() | {"evidence": [upload("a.mp3", MP3), upload("b.mp3", MP3)]},
                 format="multipart")
    assert len(stored) == 2 and not any(default_storage.exists(name) for name in stored)
    assert not Complaint.objects.exists()


def test_a_store_that_stops_answering_during_acceptance_leaves_the_report_waiting(object_store, monkeypatch,
                                                                                  agency_a, lender_a, mandate_a):
    from supervision.reporting import services

    report, _ = report_submit(submitter=agency_a, period=OCTOBER, accounts=io.BytesIO(accounts_csv()),
                              contacts=io.BytesIO(contacts_csv()), dispatch=False)
    recording = services._progress

    def cut_when_writing(report_id):
        update = recording(report_id)

        def progress(percent, stage):
            update(percent, stage)
            if stage == "writing":
                object_store.relay.cut()

        return progress

    monkeypatch.setattr(services, "_progress", cut_when_writing)
    with pytest.raises(storage.Unavailable):
        report_validate(report_id=report.pk)

    report.refresh_from_db()
    assert (report.status, report.stage, report.contacts_parquet) == (ReportStatus.VALIDATING, "store_unavailable", "")
    assert report.stage_label
    object_store.relay.mend()
    assert storage.listing("reports/parquet") == []

    # The store answers again: the next run (the task's retry, or the sweeper of stalled reports) accepts it.
    monkeypatch.setattr(services, "_progress", recording)
    report = report_validate(report_id=report.pk)
    assert report.status == ReportStatus.ACCEPTED and report.attempts == 2
    assert read_rows(report.contacts_parquet) == [("R1", "AA")]


def test_an_upload_is_stored_once_and_leaves_nothing_in_incoming(store):
    raw = contacts_csv(*calls(3, at="2026-10-05T10:00:00+08:00"))
    first, sha256 = storage.store_raw(io.BytesIO(raw))
    assert storage.store_raw(io.BytesIO(raw)) == (first, sha256)

    assert storage.listing("reports/raw") == [(first, pytest.approx(time.time(), abs=60))]
    with storage.open_file(first) as kept:
        assert kept.read() == raw
    assert list(storage.incoming_root().iterdir()) == []


def test_an_upload_the_store_refuses_leaves_nothing_behind(store, monkeypatch):
    # The put refused, rather than the relay cut: a cut store takes 10 s of the client's retries to give up (the
    # acceptance test above waits for them once).
    def refuse(local, relative):
        raise storage.Unavailable("data store: EndpointConnectionError")

    monkeypatch.setattr(storage, "publish", refuse)
    with pytest.raises(storage.Unavailable):
        storage.store_raw(io.BytesIO(contacts_csv(contact())))
    assert list(storage.incoming_root().iterdir()) == []
    assert storage.listing("reports/raw") == []


STORE_DOWN = "The data store does not answer just now, so nothing was stored. Please send it again in a few minutes."


def test_a_complaint_sent_while_the_store_is_down_is_refused_whole_and_taken_later(object_store, api, lender_a,
                                                                                  agency_a):
    def send():
        return api.post("/api/v1/complaints/", complaint_data() | {"evidence": [upload("录音.mp3", MP3)]},
                        format="multipart", HTTP_ACCEPT_LANGUAGE="en")

    object_store.relay.cut()
    response = send()
    assert (response.status_code, response["Retry-After"]) == (503, "120")
    assert response.json() == {"detail": STORE_DOWN, "code": "store_unavailable"}
    assert not Complaint.objects.exists() and not Evidence.objects.exists()  # not the complaint without its file

    object_store.relay.mend()
    assert send().status_code == 201 and Evidence.objects.count() == 1


def test_a_report_sent_on_the_page_while_the_store_is_down_is_refused_in_words(client, alice_agency, monkeypatch):
    def down(relative):
        raise storage.Unavailable("data store: EndpointConnectionError")

    monkeypatch.setattr(storage, "exists", down)
    client.force_login(alice_agency)
    response = client.post("/reports/upload/", report_form(accounts_csv(), contacts_csv()),
                           HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert (response.status_code, response["Retry-After"]) == (503, "120")
    assert "数据存储" in response.content.decode() and not Report.objects.exists()


def test_readiness_says_when_the_object_store_does_not_answer(object_store, client):
    assert client.get("/health/ready").json()["checks"]["data_store"]["state"] == "ok"
    object_store.relay.cut()
    response = client.get("/health/ready")
    assert response.status_code == 503 and response.json()["checks"]["data_store"]["state"] == "failing"


def test_the_sweeper_deletes_only_old_files_no_report_points_to(store, accepted_report, agency_a, lender_a,
                                                                 mandate_a, tmp_path):
    kept = accepted_report(agency_a, [account()], [contact()])
    orphans = [f"reports/parquet/contacts/period=2026-10/collector=AA/report-{kept.pk + 1}.parquet",
               f"reports/errors/report-{kept.pk + 1}.csv"]
    for relative in orphans:
        (tmp_path / "file").write_bytes(b"left by a crash")
        storage.publish(tmp_path / "file", relative)

    # A file younger than the grace period may belong to a validation still running.
    assert store_sweep(older_than=dt.timedelta(hours=1)) == []
    two_hours_later = time.time() + 2 * 3600
    assert sorted(store_sweep(older_than=dt.timedelta(hours=1), now=two_hours_later)) == sorted(orphans)
    assert not any(storage.exists(relative) for relative in orphans)
    assert storage.exists(kept.contacts_parquet) and storage.exists(kept.accounts_parquet)
    assert storage.exists(storage.raw_path(kept.contacts_sha256))


def test_the_sweeper_deletes_the_daily_summaries_of_reports_no_longer_accepted(store, accepted_report, metric_values,
                                                                               agency_a, lender_a, mandate_a):
    superseded = accepted_report(agency_a, [account()], calls(2, at="2026-10-05T10:00:00+08:00"))
    metric_values()
    current = accepted_report(agency_a, [account()], calls(3, at="2026-10-05T10:00:00+08:00"))
    metric_values()
    summaries = [daily_connected_path(superseded), daily_connected_path(current)]
    assert all(storage.exists(relative) for relative in summaries)

    assert store_sweep(older_than=dt.timedelta(hours=1)) == []
    assert store_sweep(older_than=dt.timedelta(hours=1), now=time.time() + 2 * 3600) == summaries[:1]
    assert storage.exists(summaries[1]) and storage.exists(superseded.contacts_parquet)  # the report itself stays


def test_contacts_by_hour_are_counted_again_from_the_accepted_files(store, accepted_report, agency_a, lender_a,
                                                                    mandate_a, lender_b):
    from django.core.management import CommandError, call_command

    from supervision.metrics.models import ContactHourCount

    hours = ContactHourCount.objects.order_by("period", "collector_code", "lender__code", "weekday", "hour")
    accepted_report(agency_a, [account()], calls(2, at="2026-10-05T23:30:00+08:00"))  # superseded below
    accepted_report(agency_a, [account()], calls(3, at="2026-10-05T23:30:00+08:00"))
    accepted_report(lender_b, [account(lender_code="LB")], calls(1, lender_code="LB"))  # in-house, 10h
    stored = list(hours.values_list("collector_code", "lender__code", "weekday", "hour", "contacts"))
    assert stored == [("AA", "LA", 1, 23, 3), ("LB", "LB", 1, 10, 1)]

    ContactHourCount.objects.all().delete()  # as before an upgrade to counting them at acceptance
    call_command("recount_contact_hours", period="2026-09")
    assert not hours.exists()  # another month: nothing to count
    call_command("recount_contact_hours")
    assert list(hours.values_list("collector_code", "lender__code", "weekday", "hour", "contacts")) == stored
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("recount_contact_hours", period="October")
