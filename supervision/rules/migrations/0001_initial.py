# Rule profiles move from the metrics app to their own app, below metrics and complaints. No row is
# copied: this app takes over the metrics table in Django's state (every profile and version stays
# as it is, with the same ids, so every metric result and complaint keeps pointing at its profile),
# then gives the table and its constraints this app's names.
import datetime

import django.core.validators
from django.db import migrations, models

import supervision.rules.models


def _fields():
    return [
        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
        ("created_at", models.DateTimeField(auto_now_add=True)),
        ("updated_at", models.DateTimeField(auto_now=True)),
        ("name", models.CharField(help_text="For example CN or US Regulation F.", max_length=64, verbose_name="name")),
        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
        ("is_default", models.BooleanField(default=False, verbose_name="default profile")),
        ("permitted_from", models.TimeField(default=datetime.time(8, 0), verbose_name="contacts permitted from")),
        ("permitted_until", models.TimeField(default=datetime.time(22, 0), verbose_name="contacts permitted until")),
        ("combined_daily_connected_limit", models.PositiveSmallIntegerField(
            blank=True, help_text="Empty: no such limit.", null=True,
            verbose_name="connected calls per debtor per day, all collectors of a lender")),
        ("collector_daily_attempt_limit", models.PositiveSmallIntegerField(
            blank=True, help_text="Empty: no such limit.", null=True,
            verbose_name="call attempts per debtor per day by one collector")),
        ("seven_day_attempt_limit", models.PositiveSmallIntegerField(
            blank=True, null=True, verbose_name="call attempts per debtor in any 7 consecutive days")),
        ("blasting_threshold", models.PositiveSmallIntegerField(
            default=5, validators=[django.core.validators.MinValueValidator(1)],
            verbose_name="distinct third parties per debtor per month flagged as contact-list blasting")),
        ("response_window_days", models.PositiveSmallIntegerField(
            default=15, validators=[django.core.validators.MaxValueValidator(365)],
            verbose_name="days for an entity to answer a forwarded complaint")),
        ("basis", models.TextField(blank=True, verbose_name="legal basis")),
        ("risk_weights", models.JSONField(default=supervision.rules.models.default_risk_weights,
                                          verbose_name="risk weights")),
        ("risk_alert_score", models.FloatField(default=60, verbose_name="alert when the risk score reaches")),
        ("metric_alert_rates", models.JSONField(default=supervision.rules.models.default_metric_alert_rates,
                                                verbose_name="alert when a metric per 1,000 contacts reaches")),
        ("surge_factor", models.FloatField(
            default=2.0, verbose_name="alert when a month exceeds its 6-month average by this factor")),
        ("surge_minimum", models.PositiveIntegerField(default=10, verbose_name="and holds at least this many")),
    ]


class Migration(migrations.Migration):
    initial = True
    # After every migration that still names metrics.RuleProfile, so none of them runs once the table is renamed.
    dependencies = [("metrics", "0007_alert_triage"), ("complaints", "0005_complaintreminder_complaint_assignee_and_more")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="RuleProfile",
                fields=_fields(),
                options={
                    "verbose_name": "rule profile",
                    "verbose_name_plural": "rule profiles",
                    "ordering": ["name", "-version"],
                    "db_table": "metrics_ruleprofile",
                    "constraints": [
                        models.UniqueConstraint(fields=("name", "version"), name="metrics_ruleprofile_unique_version"),
                        models.UniqueConstraint(condition=models.Q(("is_default", True)), fields=("is_default",),
                                                name="metrics_ruleprofile_one_default"),
                        models.CheckConstraint(condition=models.Q(("permitted_until__gt", models.F("permitted_from"))),
                                               name="metrics_ruleprofile_hours_ordered"),
                    ],
                },
            ),
        ]),
        migrations.AlterModelTable(name="ruleprofile", table=None),
    ]
