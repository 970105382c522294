# ContactHourCount is computed by the metrics job, so it now belongs to the metrics app. Only
# Django's state changes here; metrics 0005 takes over the table and renames it.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="ContactHourCount")]),
    ]
