"""One consistent backup of an instance (the database and the data store together), and its restore.

A backup is a folder: the database (PostgreSQL's custom-format dump, or a copy of the SQLite file made with
SQLite's own backup API), the data store's files under `data/`, and `manifest.json` with every file's size
and SHA-256. The database is taken first, then the files: files are written once under a temporary name and
renamed into place, so every file a row of the dump points to is already there when the files are copied
(a file written after the dump is copied too, and simply unused). Scratch space is left out.

A restore checks every file against the manifest before touching anything, refuses an instance that holds
data unless told to replace it, and empties the cache afterwards (the pages cached under the old data).
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

from supervision.reporting import storage

MANIFEST = "manifest.json"
DATA = "data"
CHUNK = 8 * 1024 * 1024


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Summary:
    files: int
    bytes: int
    database_bytes: int


def _copy_hashing(source: Path, target: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as reading, target.open("wb") as writing:
        while chunk := reading.read(CHUNK):
            digest.update(chunk)
            writing.write(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _hash(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as reading:
        while chunk := reading.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _store_files() -> list[Path]:
    """The data store's files, less scratch space and half-received uploads. None on an object store: its
    files are kept by the bucket's own versioning and replication (docs/scaling.md), not copied here."""
    root = storage.data_root()
    if storage.is_remote() or not root.exists():
        return []
    skipped = [storage.scratch_root(), storage.incoming_root()]
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.name.startswith(".")
                  and not any(path.is_relative_to(folder) for folder in skipped))


def _database() -> dict:
    return connections[DEFAULT_DB_ALIAS].settings_dict


def _pg_environment(db: dict) -> dict:
    env = os.environ | {"PGHOST": str(db.get("HOST") or "127.0.0.1"), "PGPORT": str(db.get("PORT") or 5432),
                        "PGUSER": str(db.get("USER") or ""), "PGDATABASE": str(db["NAME"])}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _is_postgresql(db: dict) -> bool:
    return "postgresql" in db["ENGINE"]


def backup(destination: Path) -> Summary:
    """Write a backup into `destination`, which must not exist yet or be empty."""
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty.")
    destination.mkdir(parents=True, exist_ok=True)
    db = _database()
    if _is_postgresql(db):
        database_file = destination / "database.dump"
        done = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={database_file}"],
                              env=_pg_environment(db), capture_output=True, text=True)
        if done.returncode:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    else:
        database_file = destination / "database.sqlite3"
        connections[DEFAULT_DB_ALIAS].close()
        with sqlite3.connect(db["NAME"]) as source, sqlite3.connect(database_file) as target:
            source.backup(target)  # a consistent copy even while others write
    database_size, database_sha = _hash(database_file)
    root, files = storage.data_root(), []
    for path in _store_files():
        relative = path.relative_to(root).as_posix()
        size, sha = _copy_hashing(path, destination / DATA / relative)
        files.append({"path": relative, "size": size, "sha256": sha})
    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(), "engine": "postgresql" if _is_postgresql(db) else "sqlite",
        "database": {"file": database_file.name, "size": database_size, "sha256": database_sha}, "files": files,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return Summary(len(files), sum(file["size"] for file in files), database_size)


def verify(source: Path) -> dict:
    """The manifest, once every file in it has the size and SHA-256 it lists."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} holds no readable {MANIFEST}: {exc}") from None
    wanted = [(source / manifest["database"]["file"], manifest["database"])]
    wanted += [(source / DATA / file["path"], file) for file in manifest["files"]]
    for path, listed in wanted:
        if not path.is_file():
            raise BackupError(f"{path} is missing.")
        if _hash(path) != (listed["size"], listed["sha256"]):
            raise BackupError(f"{path} differs from the manifest (damaged or changed).")
    return manifest


def instance_holds_data() -> bool:
    from supervision.accounts.models import User
    from supervision.entities.models import Agency, Lender

    return (any(model.objects.exists() for model in (User, Lender, Agency))
            or bool(_store_files()))


def restore(source: Path, *, replace: bool = False) -> Summary:
    """Rebuild this instance from a backup. Refuses an instance holding data unless `replace`."""
    manifest = verify(source)
    db = _database()
    engine = "postgresql" if _is_postgresql(db) else "sqlite"
    if manifest["engine"] != engine:
        raise BackupError(f"The backup is of a {manifest['engine']} database; this instance uses {engine}.")
    if not replace and instance_holds_data():
        raise BackupError("This instance already holds data; restore with --replace to overwrite it.")
    database_file = source / manifest["database"]["file"]
    connections.close_all()
    if engine == "postgresql":
        done = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                               "--single-transaction", f"--dbname={db['NAME']}", str(database_file)],
                              env=_pg_environment(db), capture_output=True, text=True)
        if done.returncode:
            raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
    else:
        with sqlite3.connect(database_file) as backup_copy, sqlite3.connect(db["NAME"]) as target:
            backup_copy.backup(target)
    root = storage.data_root()
    for path in _store_files():  # the instance's files become exactly the backup's
        path.unlink()
    for file in manifest["files"]:
        target = root / file["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / DATA / file["path"], target)
    cache.clear()  # pages and table versions of the data that was here
    return Summary(len(manifest["files"]), sum(file["size"] for file in manifest["files"]),
                   manifest["database"]["size"])
