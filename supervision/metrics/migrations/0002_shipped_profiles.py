from django.db import migrations

from supervision.metrics.shipped import PROFILES

def add_profiles(apps, schema_editor):
    RuleProfile = apps.get_model("metrics", "RuleProfile")
    for profile in PROFILES:
        RuleProfile.objects.update_or_create(name=profile["name"], version=profile["version"], defaults=profile)


class Migration(migrations.Migration):
    dependencies = [("metrics", "0001_initial")]
    operations = [migrations.RunPython(add_profiles, migrations.RunPython.noop)]
