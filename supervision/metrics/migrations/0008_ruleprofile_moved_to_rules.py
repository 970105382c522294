# The rule profile now lives in the rules app (rules 0001 took over its table): only Django's state changes.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("metrics", "0007_alert_triage"), ("rules", "0001_initial"),
                    ("complaints", "0006_rule_profile_from_rules")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(model_name="metricresult", name="profile", field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="rules.ruleprofile")),
            migrations.AlterField(model_name="riskscore", name="profile", field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="rules.ruleprofile")),
            migrations.DeleteModel(name="RuleProfile"),
        ]),
    ]
