# The plain-text keys DRF's authtoken kept become hashed, expiring tokens that keep working; the plain keys are
# then deleted, so a database dump no longer holds working credentials.
import datetime as dt

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def hash_plain_keys(apps, schema_editor):
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS

    plain = apps.get_model("authtoken", "Token")
    hashed = apps.get_model("accounts", "ApiToken")
    expiry = timezone.now() + settings.REST_KNOX.get("TOKEN_TTL", dt.timedelta(days=365))
    for token in plain.objects.all():
        hashed.objects.bulk_create([hashed(user_id=token.user_id, token_key=token.key[:CONSTANTS.TOKEN_KEY_LENGTH],
                                           digest=hash_token(token.key), name="API token (before 2026-11)",
                                           expiry=expiry)])
    plain.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_api_tokens"), ("authtoken", "0004_alter_tokenproxy_options"),
                    ("knox", "0009_extend_authtoken_field")]
    operations = [
        migrations.RunPython(hash_plain_keys, migrations.RunPython.noop),
        # knox's migrations create its own token table although ApiToken replaces it (KNOX_TOKEN_MODEL); unused,
        # it would only hold a foreign key to the users that stops PostgreSQL from emptying them (test flushes).
        migrations.RunSQL("DROP TABLE IF EXISTS knox_authtoken", migrations.RunSQL.noop),
    ]
