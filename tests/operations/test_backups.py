"""cityorder backup / restore: a round trip of the database and the uploaded files, and refusals that change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cityorder.registry.models import Organization
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def uploaded(settings) -> Path:
    media = Path(settings.MEDIA_ROOT)
    (media / "uploads" / "2026").mkdir(parents=True)
    path = media / "uploads" / "2026" / "заявка.xlsx"
    path.write_bytes(b"PK\x03\x04 the customer's workbook")
    return path


def test_a_backup_restores_the_database_and_the_files(tmp_path, uploaded):
    kept = f.OrganizationFactory(short_name="Сохранённая")
    target = tmp_path / "backup"
    call_command("backup", str(target))
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["engine"] in ("sqlite", "postgresql")
    assert manifest["migrations"]["registry"]

    # What happens after the backup is undone by the restore.
    later = f.OrganizationFactory(short_name="Созданная позже")
    kept.delete()
    uploaded.unlink()
    (uploaded.parent / "new.csv").write_text("later")

    call_command("restore", str(target), "--noinput")
    names = set(Organization.objects.values_list("short_name", flat=True))
    assert "Сохранённая" in names and later.short_name not in names
    assert uploaded.read_bytes() == b"PK\x03\x04 the customer's workbook"
    assert not (uploaded.parent / "new.csv").exists()


def test_it_refuses_a_non_empty_target(tmp_path):
    (tmp_path / "old.txt").write_text("something")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path))


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path, uploaded):
    f.OrganizationFactory(short_name="До")
    target = tmp_path / "backup"
    call_command("backup", str(target))
    f.OrganizationFactory(short_name="После")
    database = next(p for p in target.iterdir() if p.name.startswith("database"))
    database.write_bytes(database.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(target), "--noinput")
    assert Organization.objects.filter(short_name="После").exists()
    assert uploaded.exists()


def test_a_backup_of_another_engine_is_refused(tmp_path):
    target = tmp_path / "backup"
    call_command("backup", str(target))
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["engine"] = "postgresql" if manifest["engine"] == "sqlite" else "sqlite"
    (target / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="this installation uses"):
        call_command("restore", str(target), "--noinput")


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="not a cityorder backup"):
        call_command("restore", str(tmp_path), "--noinput")
