"""Checks an uploaded file passes before it is stored: size, format, a sane unpacked size, a checksum."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".tsv", ".txt")
# Formats that are zip containers: their unpacked size is checked before any reader opens them.
ZIPPED_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    name: str
    data: bytes
    sha256: str


def check_upload(name: str, data: bytes) -> CheckedUpload:
    """The upload if it may be stored; otherwise ValidationError saying what is wrong and what to do."""
    name = PurePath(name.replace("\\", "/")).name or "upload"
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise ValidationError(
            _("%(file)s: files of type «%(suffix)s» are not accepted; save it as xlsx, xls, ods or csv.")
            % {"file": name, "suffix": suffix or "?"}
        )
    limit = settings.CITYORDER_MAX_UPLOAD_MB * 1024 * 1024
    if len(data) > limit:
        raise ValidationError(
            _("%(file)s: the file is %(size)s MB, more than the limit of %(limit)s MB; split it into several files.")
            % {"file": name, "size": round(len(data) / 1024 / 1024, 1), "limit": settings.CITYORDER_MAX_UPLOAD_MB}
        )
    if not data:
        raise ValidationError(
            _("%(file)s: the file is empty; check that the right file was attached.") % {"file": name}
        )
    if suffix in ZIPPED_SUFFIXES:
        _check_container(name, data)
    return CheckedUpload(name=name, data=data, sha256=hashlib.sha256(data).hexdigest())


def _check_container(name: str, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(
            _("%(file)s: the file is damaged or is not really a spreadsheet; open it in Excel or LibreOffice, "
              "save it again and upload the new copy.") % {"file": name}
        ) from exc
    limit = settings.CITYORDER_MAX_UNPACKED_MB * 1024 * 1024
    if unpacked > limit:
        raise ValidationError(
            _("%(file)s: the file unpacks to %(size)s MB, more than %(limit)s MB (possibly a zip bomb); "
              "it was not stored. Send the data in smaller files.")
            % {"file": name, "size": unpacked // 1024 // 1024, "limit": settings.CITYORDER_MAX_UNPACKED_MB}
        )
