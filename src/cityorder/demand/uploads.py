"""Checks an uploaded file passes before it is stored: size, format, a sane unpacked size, a checksum.

An upload is never read whole into memory: the request is refused by its Content-Length before its body is read
(``RefuseLargeUploads``), Django spools a file bigger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file that
has no name on disk (``NamelessTemporaryFileUploadHandler``: a worker killed mid-upload leaves nothing behind),
and the checks below read that file in chunks.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".tsv", ".txt")
# Formats that are zip containers: their unpacked size is checked before any reader opens them.
ZIPPED_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")


CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    name: str
    stream: IO[bytes]
    size: int
    sha256: str

    def as_file(self) -> File:
        self.stream.seek(0)
        return File(self.stream, name=self.name)

    def read_bytes(self) -> bytes:
        self.stream.seek(0)
        return self.stream.read()


def check_upload(name: str, data: bytes | IO[bytes]) -> CheckedUpload:
    """The upload if it may be stored; otherwise ValidationError saying what is wrong and what to do."""
    stream: IO[bytes] = io.BytesIO(data) if isinstance(data, bytes) else data
    name = PurePath(name.replace("\\", "/")).name or "upload"
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise ValidationError(
            _("%(file)s: files of type «%(suffix)s» are not accepted; save it as xlsx, xls, ods or csv.")
            % {"file": name, "suffix": suffix or "?"}
        )
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    limit = settings.CITYORDER_MAX_UPLOAD_MB * 1024 * 1024
    if size > limit:
        raise ValidationError(
            _("%(file)s: the file is %(size)s MB, more than the limit of %(limit)s MB; split it into several files.")
            % {"file": name, "size": round(size / 1024 / 1024, 1), "limit": settings.CITYORDER_MAX_UPLOAD_MB}
        )
    if not size:
        raise ValidationError(
            _("%(file)s: the file is empty; check that the right file was attached.") % {"file": name}
        )
    if suffix in ZIPPED_SUFFIXES:
        _check_container(name, stream)
    digest = hashlib.sha256()
    stream.seek(0)
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    stream.seek(0)
    return CheckedUpload(name=name, stream=stream, size=size, sha256=digest.hexdigest())


def _check_container(name: str, stream: IO[bytes]) -> None:
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
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


# Before the body is read ----------------------------------------------------------------------------------------


def upload_body_limit() -> int:
    """Bytes one upload request may carry: the file limit and room for the form around it."""
    return settings.CITYORDER_MAX_UPLOAD_MB * 1024 * 1024 + 1024 * 1024


class RefuseLargeUploads:
    """Refuses a multipart request whose Content-Length is over the upload limit before anything reads its body
    (the CSRF check reads the form, so this sits before it): 413 with a page or, for the API, JSON that says
    the limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.content_type == "multipart/form-data":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > upload_body_limit():
                return _too_large(request, length)
        return self.get_response(request)


def _too_large(request: HttpRequest, length: int) -> HttpResponse:
    text = _("The upload is %(size)s MB, more than the limit of %(limit)s MB; it was not received. Split the data "
             "into several files and upload them one by one.") % {
        "size": round(length / 1024 / 1024, 1), "limit": settings.CITYORDER_MAX_UPLOAD_MB}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": text}, status=413)
    # Back to the page the form was on (a link: the site's Content-Security-Policy runs no inline script).
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}) else "/"
    return HttpResponse(render_to_string("demand/upload_too_large.html", {"text": text, "back": back},
                                         request=request), status=413)


class NamelessTemporaryFileUploadHandler(FileUploadHandler):
    """Spools an upload to a temporary file unlinked at once (tempfile.TemporaryFile): when the process is killed
    mid-upload the system frees it, where Django's own handler would leave a named file in /tmp for ever."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file = UploadedFile(tempfile.TemporaryFile(suffix=".upload"), self.file_name, self.content_type, 0,
                                 self.charset, self.content_type_extra)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.file.write(raw_data)

    def file_complete(self, file_size: int) -> UploadedFile:
        self.file.seek(0)
        self.file.size = file_size
        return self.file

    def upload_interrupted(self) -> None:
        if hasattr(self, "file"):
            self.file.close()
