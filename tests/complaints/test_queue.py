"""The complaint queue: cursor pages, sorting, due and overdue columns, assignee, bulk actions, saved views,
and the entity's reminders."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from complaints import services
from complaints.models import Complaint, ComplaintEvent, ComplaintReminder
from complaints.queue import queue_page
from supervision.accounts.models import SavedView
from tests.complaints.helpers import complaint_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def entity_mail(alice_agency, larry_lender):
    for user in (alice_agency, larry_lender):
        user.email = f"{user.username}@example.cn"
        user.save()
    return alice_agency, larry_lender


@pytest.fixture
def complaints(lender_a, agency_a):
    """Seven complaints received a day apart, the newest first in the queue."""
    made = []
    for day in range(7):
        data = complaint_data() | {"lender": lender_a, "agency": agency_a}
        data.pop("categories")
        complaint, _ = services.complaint_submit(data=data)
        Complaint.objects.filter(pk=complaint.pk).update(
            received_at=timezone.make_aware(dt.datetime(2026, 10, 1 + day, 9)))
        made.append(Complaint.objects.get(pk=complaint.pk))
    return made


def receipts(page) -> list[str]:
    return [complaint.receipt_no for complaint in page.rows]


def test_cursor_pages_walk_the_whole_queue_forward_and_back(complaints):
    newest_first = [c.receipt_no for c in reversed(complaints)]
    first = queue_page(Complaint.objects.all(), size=3)
    second = queue_page(Complaint.objects.all(), size=3, after=first.next_cursor)
    third = queue_page(Complaint.objects.all(), size=3, after=second.next_cursor)
    assert receipts(first) + receipts(second) + receipts(third) == newest_first
    assert first.previous_cursor is None and third.next_cursor is None
    back = queue_page(Complaint.objects.all(), size=3, before=second.previous_cursor)
    assert receipts(back) == receipts(first)


def test_a_tampered_cursor_starts_from_the_first_page(complaints):
    assert receipts(queue_page(Complaint.objects.all(), size=3, after="not-a-cursor")) == \
        receipts(queue_page(Complaint.objects.all(), size=3))


def test_sorting_by_due_date_lists_forwarded_complaints_soonest_first(complaints, sam_supervisor):
    late, soon = complaints[0], complaints[1]
    for complaint, due in ((late, 10), (soon, 2)):
        complaint = services.complaint_triage(complaint=complaint, by=sam_supervisor, categories=["quiet_hours"])
        services.complaint_forward(complaint=complaint, by=sam_supervisor)
        Complaint.objects.filter(pk=complaint.pk).update(response_due=timezone.now() + dt.timedelta(days=due))
    assert receipts(queue_page(Complaint.objects.all(), sort="due")) == [soon.receipt_no, late.receipt_no]


def test_overdue_days_show_red_in_the_queue(client, complaints, sam_supervisor):
    complaint = services.complaint_triage(complaint=complaints[0], by=sam_supervisor, categories=["quiet_hours"])
    services.complaint_forward(complaint=complaint, by=sam_supervisor)
    Complaint.objects.filter(pk=complaint.pk).update(response_due=timezone.now() - dt.timedelta(days=3, hours=1))
    assert Complaint.objects.get(pk=complaint.pk).days_overdue == 4
    client.force_login(sam_supervisor)
    page = client.get("/complaints/").content.decode()
    assert re.search(r'<td class="num overdue">4</td>', page)


def test_bulk_assign_and_forward_write_one_event_per_complaint(client, complaints, sam_supervisor):
    chosen = complaints[:3]
    for complaint in chosen:
        services.complaint_triage(complaint=complaint, by=sam_supervisor, categories=["quiet_hours"])
    before = ComplaintEvent.objects.count()
    client.force_login(sam_supervisor)
    client.post("/complaints/bulk/", {"complaint": [c.pk for c in chosen], "action": "assign", "assignee": "me"})
    client.post("/complaints/bulk/", {"complaint": [c.pk for c in chosen], "action": "forward"})
    assert ComplaintEvent.objects.count() == before + 6
    assert set(Complaint.objects.filter(pk__in=[c.pk for c in chosen]).values_list("status", "assignee")) == {
        ("forwarded", sam_supervisor.pk)}
    mine = client.get("/complaints/", {"mine": 1}).content.decode()
    assert all(c.receipt_no in mine for c in chosen) and complaints[5].receipt_no not in mine


def test_a_bulk_action_one_complaint_cannot_take_changes_none(client, complaints, sam_supervisor):
    services.complaint_triage(complaint=complaints[0], by=sam_supervisor, categories=["quiet_hours"])
    client.force_login(sam_supervisor)
    response = client.post("/complaints/bulk/", {"complaint": [complaints[0].pk, complaints[1].pk],
                                                 "action": "forward"}, follow=True)
    assert complaints[1].receipt_no in response.content.decode()  # the message names the one that cannot
    assert set(Complaint.objects.filter(pk__in=[complaints[0].pk, complaints[1].pk])
               .values_list("status", flat=True)) == {"triaged", "received"}


def test_bulk_duplicates_and_close(client, complaints, sam_supervisor):
    client.force_login(sam_supervisor)
    client.post("/complaints/bulk/", {"complaint": [complaints[1].pk, complaints[2].pk], "action": "duplicate",
                                      "duplicate_of": complaints[0].receipt_no})
    client.post("/complaints/bulk/", {"complaint": [complaints[3].pk], "action": "close", "outcome": "not_upheld"})
    assert list(Complaint.objects.filter(duplicate_of=complaints[0]).order_by("pk")) == complaints[1:3]
    assert Complaint.objects.get(pk=complaints[3].pk).outcome == "not_upheld"


def test_saved_views_belong_to_their_user(client, complaints, sam_supervisor, ivy_inspector):
    client.force_login(sam_supervisor)
    client.post("/complaints/views/", {"name": "逾期待办", "query": "status=forwarded&sort=due"})
    assert "status=forwarded&amp;sort=due" in client.get("/complaints/").content.decode()
    view = SavedView.objects.get(user=sam_supervisor)
    client.force_login(ivy_inspector)
    assert "逾期待办" not in client.get("/complaints/").content.decode()
    assert client.post(f"/complaints/views/{view.pk}/delete/").status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_the_entity_never_sees_the_assignee_or_internal_notes(client, complaints, sam_supervisor, ivy_inspector,
                                                                alice_agency):
    complaint = services.complaint_triage(complaint=complaints[0], by=sam_supervisor, categories=["quiet_hours"])
    services.complaint_assign(complaint=complaint, by=sam_supervisor, assignee=ivy_inspector)
    services.complaint_forward(complaint=complaint, by=sam_supervisor)
    client.force_login(alice_agency)
    for page in (client.get("/complaints/").content.decode(), client.get(complaint.get_absolute_url()).content.decode()):
        assert complaint.receipt_no in page
        assert "ivy_inspector" not in page and "Assigned to" not in page and "分配给" not in page
    assert client.post("/complaints/bulk/", {"complaint": [complaint.pk], "action": "close",
                                             "outcome": "upheld"}).status_code == 403


def test_reminders_go_to_the_entity_once_before_the_deadline_and_once_overdue(complaints, sam_supervisor,
                                                                              entity_mail):
    complaint = services.complaint_triage(complaint=complaints[0], by=sam_supervisor, categories=["quiet_hours"])
    services.complaint_forward(complaint=complaint, by=sam_supervisor)
    Complaint.objects.filter(pk=complaint.pk).update(response_due=timezone.now() + dt.timedelta(days=1))
    send = services.complaint_reminders_send
    assert send() == {"due_soon": 1, "overdue": 0}
    assert send() == {"due_soon": 0, "overdue": 0}  # once per complaint
    Complaint.objects.filter(pk=complaint.pk).update(response_due=timezone.now() - dt.timedelta(hours=1))
    assert send() == {"due_soon": 0, "overdue": 1}
    assert set(ComplaintReminder.objects.values_list("kind", flat=True)) == {"due_soon", "overdue"}


def test_reminder_mail_names_the_complaint_in_words(complaints, sam_supervisor, entity_mail,
                                                    django_capture_on_commit_callbacks):
    alice_agency, larry_lender = entity_mail
    complaint = services.complaint_triage(complaint=complaints[0], by=sam_supervisor, categories=["quiet_hours"])
    services.complaint_forward(complaint=complaint, by=sam_supervisor)
    Complaint.objects.filter(pk=complaint.pk).update(response_due=timezone.now() - dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_reminders_send()
    [message] = mail.outbox
    assert complaint.receipt_no in message.subject
    assert sorted(message.to) == [alice_agency.email, larry_lender.email]
    assert "quiet_hours" not in message.body and complaint.get_absolute_url() in message.body
