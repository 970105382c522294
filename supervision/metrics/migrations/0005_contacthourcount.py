# Takes over dashboard's ContactHourCount table (state first, so no row is copied), then gives the
# table and its index the metrics app's names.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0002_alter_agency_credit_code_alter_agency_province_and_more"),
        ("metrics", "0004_ruleprofile_metric_alert_rates_and_more"),
        ("dashboard", "0002_move_contacthourcount_to_metrics"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name="ContactHourCount",
                fields=[
                    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                    ("period", models.DateField()),
                    ("collector_code", models.CharField(max_length=32)),
                    ("weekday", models.PositiveSmallIntegerField()),
                    ("hour", models.PositiveSmallIntegerField()),
                    ("contacts", models.PositiveIntegerField()),
                    ("agency", models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE,
                                                 related_name="+", to="entities.agency")),
                    ("lender", models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE,
                                                 related_name="+", to="entities.lender")),
                ],
                options={
                    "db_table": "dashboard_contacthourcount",
                    "indexes": [models.Index(fields=["period", "collector_code"], name="dashboard_chc_period")],
                },
            ),
        ]),
        migrations.AlterModelTable(name="contacthourcount", table=None),
        migrations.RenameIndex(model_name="contacthourcount", new_name="metrics_chc_period",
                               old_name="dashboard_chc_period"),
    ]
