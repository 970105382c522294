"""The data store: where report files live (a local folder, or a bucket of an S3-compatible object store), and
the worker's local scratch space.

`DATA_URL` names the store: empty for the folder `DATA_ROOT`, or `s3://bucket/prefix` with the endpoint and
credentials of the `DATA_S3_*` settings. Paths stored in the database are relative to the store's root, so the
store can move. DuckDB reads and writes the store through `location()` on a session passed to `attach()` (fsspec's
S3 client registered with DuckDB: no DuckDB extension is needed). Files are made on local scratch and `publish`ed:
a rename on disk, one PUT on an object store, so a reader never sees half a file.

Raw uploads are content-addressed (named by their SHA-256), so the same bytes are stored once however often they
are sent.
"""

import contextlib
import functools
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import fsspec
from django.conf import settings

CHUNK = 8 * 1024 * 1024


class Unavailable(OSError):
    """The data store did not answer (or refused): the work waits and is tried again, nothing is half-written."""


def data_root() -> Path:
    return Path(settings.DATA_ROOT)


def is_remote() -> bool:
    return bool(settings.DATA_URL)


def _bucket_prefix() -> str:
    return settings.DATA_URL.removeprefix("s3://").rstrip("/")


@functools.lru_cache(maxsize=4)
def _s3(endpoint_url: str, region: str, key: str, secret: str):
    import s3fs

    # No listing cache: another host may have written or deleted a key since this process last listed.
    return s3fs.S3FileSystem(
        key=key or None, secret=secret or None, endpoint_url=endpoint_url or None, use_listings_cache=False,
        client_kwargs={"region_name": region or None}, config_kwargs=settings.DATA_S3_CLIENT_CONFIG,
    )


def filesystem() -> fsspec.AbstractFileSystem:
    if not is_remote():
        return fsspec.filesystem("file")
    return _s3(settings.DATA_S3_ENDPOINT_URL, settings.DATA_S3_REGION, settings.DATA_S3_ACCESS_KEY_ID,
               settings.DATA_S3_SECRET_ACCESS_KEY)


def location(relative: str) -> str:
    """The file as DuckDB and fsspec name it: a local path, or `s3://bucket/prefix/relative`."""
    if is_remote():
        return f"s3://{_bucket_prefix()}/{relative}"
    return str(data_root() / relative)


def absolute(relative: str) -> Path:
    """The file on local disk; only for a local store (the backup of a folder)."""
    return data_root() / relative


def attach(con) -> None:
    """Let a DuckDB session read and write `location()`s."""
    if is_remote():
        con.register_filesystem(filesystem())


@contextlib.contextmanager
def reachable() -> Iterator[None]:
    """Any failure to reach the store becomes `Unavailable` (a missing file stays FileNotFoundError)."""
    try:
        yield
    except (FileNotFoundError, Unavailable):
        raise
    except Exception as exc:  # botocore and aiohttp raise many kinds for a store that does not answer
        if not is_remote() and not isinstance(exc, OSError):
            raise
        raise Unavailable(f"data store: {type(exc).__name__}") from exc


def unreachable(exc: BaseException) -> bool:
    """Whether an exception says the data store did not answer: `Unavailable`, or a connection error of the S3
    client under Django's files (django-storages, which does not go through `reachable`)."""
    if isinstance(exc, Unavailable):
        return True
    if not is_remote():
        return False
    from botocore.exceptions import ConnectionError as ClientConnectionError
    from botocore.exceptions import HTTPClientError

    return isinstance(exc, (ClientConnectionError, HTTPClientError))


def exists(relative: str) -> bool:
    with reachable():
        return filesystem().exists(location(relative))


def open_file(relative: str) -> IO[bytes]:
    """The file's content, for reading (a raw upload on an object store decompressed as it is read)."""
    with reachable():
        file = filesystem().open(location(relative), "rb")
    if _compressed(relative):
        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(file)
    return file


def _compressed(relative: str) -> bool:
    """Raw uploads are kept zstd-compressed on an object store: CSV shrinks about fourfold (the ingest benchmark's
    188 MB to 52 MB), and the raw files are the bucket's largest objects and the slowest part of an ingest to move."""
    return is_remote() and relative.startswith("reports/raw/")


@contextlib.contextmanager
def _packer(target: Path) -> Iterator[IO[bytes]]:
    """A writer compressing into `target` in zstd's own threads while the caller goes on reading. Level 1: 4% larger
    than level 3 for the ingest benchmark's CSV, and 30% faster."""
    import zstandard

    with target.open("wb") as writing, zstandard.ZstdCompressor(level=1, threads=-1).stream_writer(writing) as packer:
        yield packer


def _decompress(source: Path, target: Path) -> None:
    import zstandard

    with source.open("rb") as reading, target.open("wb") as writing:
        zstandard.ZstdDecompressor().copy_stream(reading, writing)


def delete(relative: str) -> None:
    with reachable(), contextlib.suppress(FileNotFoundError):
        filesystem().rm_file(location(relative))


def publish(local: Path, relative: str) -> None:
    """Move a finished local file into the store under `relative`, all at once; `local` is gone afterwards."""
    with reachable():
        if is_remote():
            filesystem().put_file(str(local), location(relative))
            local.unlink()
            return
        target = absolute(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        shutil.move(local, partial)  # a rename when scratch is on the store's disk, else a copy
        os.replace(partial, target)


@contextlib.contextmanager
def local_copies(relatives: list[str]) -> Iterator[dict[str, Path]]:
    """Files on local disk while the block runs, by relative path: the files themselves on a local store; on an
    object store, downloads made together (s3fs fetches them concurrently) into scratch and removed afterwards.
    DuckDB reads a local copy several times faster than it reads the object store through fsspec, whose small
    range reads each cross into Python."""
    if not is_remote():
        copies = {relative: absolute(relative) for relative in relatives}
        for relative, path in copies.items():
            if not path.exists():
                raise FileNotFoundError(relative)
        yield copies
        return
    folder = Path(tempfile.mkdtemp(dir=_scratch()))
    try:
        copies = {relative: folder / f"{n}-{Path(relative).name}" for n, relative in enumerate(relatives)}
        downloads = {}  # the store's URL: where it lands (a raw upload compressed, beside its copy)
        for relative, path in copies.items():
            try:  # an upload this host sent lately; a link of its own, so a pruning meanwhile cannot take it away
                os.link(_recent_uploads() / Path(relative).name, path)
            except FileNotFoundError:
                downloads[location(relative)] = path.with_name(f"{path.name}.zst") if _compressed(relative) else path
        if downloads:
            with reachable():
                filesystem().get(list(downloads), [str(path) for path in downloads.values()])
            for path in downloads.values():
                if path.suffix == ".zst":
                    _decompress(path, path.with_suffix(""))
                    path.unlink()
        yield copies
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def listing(prefix: str) -> list[tuple[str, float]]:
    """(relative path, modified as a UNIX time) of every file under `prefix`."""
    root = location("").removeprefix("s3://")  # fsspec names what it finds without the scheme
    with reachable():
        found = filesystem().find(location(prefix), detail=True)
    files = []
    for path, info in found.items():
        modified = info.get("LastModified") or info.get("mtime")  # S3: a datetime; local disk: a UNIX time
        stamp = modified.timestamp() if hasattr(modified, "timestamp") else float(modified or 0)
        files.append((path.removeprefix(root).lstrip("/"), stamp))
    return files


def store_raw(source: IO[bytes]) -> tuple[str, str]:
    """Copy an upload into the raw store; returns (relative path, sha256). Same bytes, same file. For an object
    store the upload is compressed as it is received (see `_compressed`), so its bytes are read once."""
    incoming = incoming_root()
    incoming.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=incoming)
    received, packed = Path(name), Path(f"{name}.zst")
    digest = hashlib.sha256()
    try:
        with open(descriptor, "wb") as out, _packer(packed) if is_remote() else contextlib.nullcontext() as packer:
            for chunk in source.chunks(CHUNK) if hasattr(source, "chunks") else iter(lambda: source.read(CHUNK), b""):
                digest.update(chunk)
                out.write(chunk)
                if packer:
                    packer.write(chunk)
        sha256 = digest.hexdigest()
        relative = raw_path(sha256)
        if not exists(relative):
            if is_remote():
                _keep_recent_upload(received, sha256)
            publish(packed if is_remote() else received, relative)
    finally:
        received.unlink(missing_ok=True)
        packed.unlink(missing_ok=True)
    return relative, sha256


RECENT_UPLOADS_SECONDS = 3600


def _recent_uploads() -> Path:
    return scratch_root() / "recent-uploads"


def _keep_recent_upload(path: Path, sha256: str) -> None:
    """Keep an upload about to be sent to the object store on this host's scratch for an hour (a link): its
    validation, most often on this host, then reads it without downloading it again."""
    folder = _recent_uploads()
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.link(path, folder / sha256)
    cutoff = time.time() - RECENT_UPLOADS_SECONDS
    for old in folder.iterdir():
        with contextlib.suppress(FileNotFoundError):
            if old.stat().st_mtime < cutoff:
                old.unlink()


def raw_path(sha256: str) -> str:
    return f"reports/raw/{sha256[:2]}/{sha256}"


def parquet_path(kind: str, *, period_label: str, submitter_code: str, report_id: int) -> str:
    """Partitioned by period and collector, one file per report: a month's recompute reads one folder."""
    return f"{parquet_folder(kind, period_label=period_label)}/collector={submitter_code}/report-{report_id}.parquet"


def parquet_folder(kind: str, *, period_label: str) -> str:
    return f"reports/parquet/{kind}/period={period_label}"


def errors_path(report_id: int) -> str:
    return f"reports/errors/report-{report_id}.csv"


def _scratch() -> Path:
    folder = scratch_root()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A new folder on local scratch, removed with what it holds when the block ends."""
    with tempfile.TemporaryDirectory(dir=_scratch()) as name:
        yield Path(name)


def scratch_root() -> Path:
    """Work in progress on this machine's disk (DuckDB's spill, conversions, files before they are published): by
    default beside the files on a local store, and in the system's temporary folder with an object store."""
    if settings.SCRATCH_ROOT:
        return Path(settings.SCRATCH_ROOT)
    return Path(tempfile.gettempdir()) / "supervision-scratch" if is_remote() else data_root() / "tmp"


def incoming_root() -> Path:
    """Uploads being received, before they are hashed and moved into the raw store."""
    return scratch_root() / "incoming"
