"""Files saved to Django's storage inside a transaction."""

import contextlib
from collections.abc import Iterator

from django.db import transaction
from django.db.models.fields.files import FieldFile


@contextlib.contextmanager
def atomic_with_files() -> Iterator[list[FieldFile]]:
    """`transaction.atomic()` that also takes back the files it stored: a failed transaction rolls back the rows
    but not the files already put into storage (a folder, or the bucket), which nothing would then point to.
    Append each file saved in the block to the yielded list."""
    stored: list[FieldFile] = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        for file in stored:
            with contextlib.suppress(Exception):  # the store may be what failed; then the file is not there either
                file.delete(save=False)
        raise
