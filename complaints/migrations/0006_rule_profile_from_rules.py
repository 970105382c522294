# The rule profile now lives in the rules app (rules 0001 took over its table): only Django's state changes.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("complaints", "0005_complaintreminder_complaint_assignee_and_more"), ("rules", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(model_name="complaint", name="rule_profile", field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to="rules.ruleprofile", verbose_name="rule profile")),
            migrations.AlterField(model_name="historicalcomplaint", name="rule_profile", field=models.ForeignKey(
                blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+", to="rules.ruleprofile", verbose_name="rule profile")),
        ]),
    ]
