# The library as shipped: version 1 of the data file, read by this migration alone (a new version ships
# as a new file with its own migration, so this step always does what it did).
from django.db import migrations

from supervision.provisions.services import DATA, provisions_load


def load(apps, schema_editor):
    provisions_load(path=DATA / "provisions-v1.json", provision_model=apps.get_model("provisions", "Provision"),
                    mapping_model=apps.get_model("provisions", "ProvisionMapping"),
                    profile_model=apps.get_model("rules", "RuleProfile"))


class Migration(migrations.Migration):
    dependencies = [("provisions", "0001_initial"), ("rules", "0002_constraint_names"),
                    ("metrics", "0002_shipped_profiles")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
