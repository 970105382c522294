# Alerts that already opened an inspection start the triage as "inspection proposed", not "new".
from django.db import migrations


def mark_inspected(apps, schema_editor):
    Alert = apps.get_model("metrics", "Alert")
    Inspection = apps.get_model("inspections", "Inspection")
    inspected = Inspection.objects.exclude(alert__isnull=True).values("alert_id")
    Alert.objects.filter(pk__in=inspected).update(state="inspection_proposed")


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_historicalinspection"), ("metrics", "0007_alert_triage")]

    operations = [migrations.RunPython(mark_inspected, migrations.RunPython.noop)]
