"""Where report files live under DATA_ROOT, and how uploads get there.

Raw uploads are content-addressed (named by their SHA-256), so the same bytes are
stored once however often they are sent. Paths stored in the database are relative
to DATA_ROOT, so the folder can move (or become an object-store mount).
"""

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO

from django.conf import settings

CHUNK = 8 * 1024 * 1024


def data_root() -> Path:
    return Path(settings.DATA_ROOT)


def absolute(relative: str) -> Path:
    return data_root() / relative


def store_raw(source: IO[bytes]) -> tuple[str, str]:
    """Copy an upload into the raw store; returns (relative path, sha256). Same bytes, same file."""
    incoming = incoming_root()
    incoming.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tempfile.NamedTemporaryFile(dir=incoming, delete=False) as out:
        if hasattr(source, "chunks"):
            chunks = source.chunks(CHUNK)
        else:
            chunks = iter(lambda: source.read(CHUNK), b"")
        for chunk in chunks:
            digest.update(chunk)
            out.write(chunk)
    sha256 = digest.hexdigest()
    relative = raw_path(sha256)
    target = absolute(relative)
    if target.exists():
        os.unlink(out.name)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(out.name, target)
    return relative, sha256


def raw_path(sha256: str) -> str:
    return f"reports/raw/{sha256[:2]}/{sha256}"


def parquet_path(kind: str, *, period_label: str, submitter_code: str, report_id: int) -> str:
    """Partitioned by period and collector, one file per report: a month's recompute reads one folder."""
    return f"reports/parquet/{kind}/period={period_label}/collector={submitter_code}/report-{report_id}.parquet"


def errors_path(report_id: int) -> str:
    return f"reports/errors/report-{report_id}.csv"


def incoming_root() -> Path:
    """Uploads being received, before they are hashed and moved into the raw store."""
    return data_root() / "reports" / "incoming"


def scratch_root() -> Path:
    return data_root() / "tmp"
