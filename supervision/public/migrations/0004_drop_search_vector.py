# The public search is answered by the in-memory index (public/index.py), which reads the search words as they
# are: the stored tsvector and its GIN index only slowed every publication run down. PostgreSQL only, as 0003.
from django.db import migrations


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE public_publishedcomplaint DROP COLUMN IF EXISTS search_vector")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE public_publishedcomplaint ADD COLUMN IF NOT EXISTS search_vector tsvector "
                              "GENERATED ALWAYS AS (to_tsvector('simple', search_tokens)) STORED")
        schema_editor.execute("CREATE INDEX IF NOT EXISTS public_search_vector ON public_publishedcomplaint "
                              "USING gin (search_vector)")


class Migration(migrations.Migration):
    dependencies = [("public", "0003_search_vector")]
    operations = [migrations.RunPython(drop, create)]
