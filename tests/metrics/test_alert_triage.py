"""Alert triage: states with events, reasons for dismissals, bulk actions, grouping by entity, regulators only."""

import pytest
from django.core.exceptions import ValidationError

from supervision.inspections.services import inspection_from_alert
from supervision.metrics.models import Alert, AlertEvent, AlertState
from supervision.metrics.triage import AlertFilters, alert_groups, alert_move, alerts_bulk
from tests.metrics.conftest import OCTOBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerts(agency_a, agency_b):
    def alert(agency, metric, value, threshold=10.0):
        return Alert.objects.create(scope="agency", entity_key=f"agency:{agency.code}", agency=agency, period=OCTOBER,
                                    kind="metric", metric=metric, value=value, threshold=threshold)

    return [alert(agency_a, "quiet_hours_contacts", 25), alert(agency_a, "deferral_contacts", 40),
            alert(agency_b, "quiet_hours_contacts", 12)]


def test_alerts_group_by_entity_and_month_worst_first(alerts):
    groups = list(alert_groups(AlertFilters(state="open")))
    assert [(group["entity_key"], group["alerts"], group["worst"]) for group in groups] == [
        ("agency:AA", 2, 4.0), ("agency:AB", 1, 1.2)]


def test_dismissing_needs_a_reason_and_writes_an_event(alerts, sam_supervisor):
    with pytest.raises(ValidationError):
        alert_move(alert=alerts[0], to_state=AlertState.DISMISSED, by=sam_supervisor)
    alert_move(alert=alerts[0], to_state=AlertState.DISMISSED, by=sam_supervisor, note="已在上月检查中覆盖")
    alerts[0].refresh_from_db()
    assert alerts[0].state == "dismissed" and alerts[0].dismissed_reason == "已在上月检查中覆盖"
    event = AlertEvent.objects.get(alert=alerts[0])
    assert (event.from_state, event.to_state, event.by) == ("new", "dismissed", sam_supervisor)


def test_bulk_acknowledge_writes_one_event_per_alert_and_filters_follow_the_state(alerts, sam_supervisor):
    assert alerts_bulk(alerts=Alert.objects.filter(agency__code="AA"), action="acknowledge", by=sam_supervisor) == 2
    assert AlertEvent.objects.filter(to_state="acknowledged").count() == 2
    assert [group["entity_key"] for group in alert_groups(AlertFilters(state="new"))] == ["agency:AB"]


def test_a_bulk_dismissal_without_reason_changes_nothing(alerts, sam_supervisor):
    with pytest.raises(ValidationError):
        alerts_bulk(alerts=Alert.objects.all(), action="dismiss", by=sam_supervisor)
    assert set(Alert.objects.values_list("state", flat=True)) == {"new"}
    assert not AlertEvent.objects.exists()


def test_proposing_an_inspection_moves_the_alert(alerts, sam_supervisor):
    inspection = inspection_from_alert(alert=alerts[1], by=sam_supervisor)
    alerts[1].refresh_from_db()
    assert alerts[1].state == "inspection_proposed" and inspection.alert == alerts[1]


def test_supervisor_triages_from_the_page(client, alerts, sam_supervisor):
    client.force_login(sam_supervisor)
    page = client.get("/alerts/").content.decode()
    assert "非允许时段联系次数" in page and "quiet_hours_contacts" not in page.replace('value="quiet_hours_contacts"', "")
    response = client.post("/alerts/bulk/", {"alert": [alerts[0].pk, alerts[2].pk], "action": "assign",
                                             "assignee": "me"})
    assert response.status_code == 302
    assert set(Alert.objects.filter(assignee=sam_supervisor).values_list("pk", flat=True)) == {alerts[0].pk,
                                                                                               alerts[2].pk}
    mine = client.get("/alerts/", {"mine": 1, "state": "all"}).content.decode()
    assert f'name="alert" value="{alerts[0].pk}"' in mine and f'name="alert" value="{alerts[2].pk}"' in mine
    assert f'name="alert" value="{alerts[1].pk}"' not in mine  # not assigned to her


def test_entity_users_never_see_alert_triage(client, alice_agency, alerts):
    client.force_login(alice_agency)
    assert client.get("/alerts/").status_code == 403
    assert client.post("/alerts/bulk/", {"alert": [alerts[0].pk], "action": "acknowledge"}).status_code == 403
    assert Alert.objects.get(pk=alerts[0].pk).state == "new"
