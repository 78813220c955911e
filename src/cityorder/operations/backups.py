"""Backups of the whole platform: the database and the uploaded files, in one folder with a manifest.

SQLite is copied with SQLite's online backup (consistent while the server runs); PostgreSQL with pg_dump's custom
format and restored with pg_restore in one transaction. Uploaded files go into a tar archive. The manifest names
the database engine, the schema (last applied migration per app) and a sha256 of every file, so a restore refuses
a damaged backup, or one taken from another engine, before it touches anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"


class BackupError(RuntimeError):
    """The backup or restore cannot go on; the message says why and what to do. Nothing was changed."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    engine: str
    created: str
    files: dict[str, str]  # name -> sha256
    migrations: dict[str, str]


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore from the live connection (tests point it at the test database)."""
    conf = connection.settings_dict
    args = ["--dbname", conf["NAME"]]
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    env = {**os.environ}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed; install the PostgreSQL client tools") from None
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.stdout.strip()}")


def backup_create(target: Path) -> BackupInfo:
    """Write a backup into ``target`` (a new or empty folder)."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty; choose a new folder for the backup")
    engine = _engine()
    target.mkdir(parents=True, exist_ok=True)
    if engine == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / SQLITE_FILE)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        database = SQLITE_FILE
    else:
        args, env = _pg_env()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file",
              str(target / POSTGRES_FILE), *args], env)
        database = POSTGRES_FILE
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA_ARCHIVE, "w:gz") as archive:
        if media.is_dir():
            for item in sorted(media.iterdir()):
                archive.add(item, arcname=item.name)
    files = {name: _sha256(target / name) for name in (database, MEDIA_ARCHIVE)}
    info = BackupInfo(path=target, engine=engine, created=datetime.now(UTC).isoformat(timespec="seconds"),
                      files=files, migrations=_applied_migrations())
    manifest = {"format": FORMAT, "engine": engine, "created": info.created, "database": database,
                "files": files, "migrations": info.migrations}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return info


def backup_read(source: Path) -> dict[str, Any]:
    """The manifest of a backup, after checking every file against it."""
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{source} has no {MANIFEST}: it is not a cityorder backup") from None
    except json.JSONDecodeError as exc:
        raise BackupError(f"{source / MANIFEST} is damaged ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is a backup of format {manifest.get('format')}; this version reads {FORMAT}")
    for name, digest in manifest["files"].items():
        path = source / name
        if not path.is_file():
            raise BackupError(f"{path} is missing from the backup")
        if _sha256(path) != digest:
            raise BackupError(f"{path} does not match its checksum in the manifest: the backup is damaged")
    return manifest


def backup_restore(source: Path) -> dict[str, Any]:
    """Replace the database and the uploaded files with the backup's. Stop the web server and workers first."""
    manifest = backup_read(source)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(f"the backup is of a {manifest['engine']} database; this installation uses {engine}")
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    # The files are unpacked beside the live folder first, so a failure leaves the live files as they were.
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media.parent))
    try:
        with tarfile.open(source / MEDIA_ARCHIVE, "r:gz") as archive:
            archive.extractall(staging, filter="data")
        _restore_database(source, manifest["database"], engine)
        previous = media.with_name(media.name + ".before-restore")
        shutil.rmtree(previous, ignore_errors=True)
        if media.exists():
            media.rename(previous)
        staging.rename(media)
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _restore_database(source: Path, name: str, engine: str) -> None:
    if engine == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source / name)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        return
    args, env = _pg_env()
    connection.close()  # our own idle connection must not hold locks on the tables pg_restore drops
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          *args, str(source / name)], env)
