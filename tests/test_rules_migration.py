"""Moving the rule profiles to their own app keeps every profile and version, with the same ids."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("metrics", "0007_alert_triage"), ("complaints", "0005_complaintreminder_complaint_assignee_and_more")]


@pytest.mark.django_db(transaction=True)
def test_every_profile_and_what_points_at_it_survives_the_move():
    executor = MigrationExecutor(connection)
    executor.migrate([*BEFORE, ("rules", None)])
    old = executor.loader.project_state(BEFORE).apps
    OldProfile = old.get_model("metrics", "RuleProfile")
    custom = OldProfile.objects.create(name="CN", version=2, response_window_days=10, basis="试行版本")
    Agency = old.get_model("entities", "Agency")
    agency = Agency.objects.create(code="AZ", name="某催收公司", credit_code="91350100MA0000000X")
    result = old.get_model("metrics", "MetricResult").objects.create(
        scope="agency", entity_key="agency:AZ", agency=agency, period="2026-10-01", metric="contacts", value=1,
        numerator=1, profile=custom, computed_at="2026-11-01T00:00:00Z")
    before = sorted(OldProfile.objects.values_list("pk", "name", "version", "response_window_days"))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    NewProfile = new.get_model("rules", "RuleProfile")
    assert sorted(NewProfile.objects.values_list("pk", "name", "version", "response_window_days")) == before
    assert new.get_model("metrics", "MetricResult").objects.get(pk=result.pk).profile_id == custom.pk
    assert "rules_ruleprofile" in connection.introspection.table_names()
