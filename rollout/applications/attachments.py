"""Attachments: PDF, DOCX or ODT up to 10 MB, the type read from the content (not only the
name), stored outside static/ under a generated name. No Flask here."""

import uuid
from dataclasses import dataclass
from pathlib import Path

import filetype

MAX_BYTES = 10 * 1024 * 1024
#: Allowed content types and the file name extension each must have.
ALLOWED = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
}


class UploadError(ValueError):
    """A refused upload; the message is Dutch and shown at the field."""


@dataclass(frozen=True)
class CheckedUpload:
    original_name: str
    content_type: str
    extension: str
    size: int


def check_upload(filename: str, data: bytes) -> CheckedUpload:
    name = Path(filename or "").name.strip()
    if not name:
        raise UploadError("Kies een bestand.")
    if len(data) == 0:
        raise UploadError("Het bestand is leeg.")
    if len(data) > MAX_BYTES:
        raise UploadError("Het bestand is groter dan 10 MB. Verklein het of splits het op.")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = filetype.guess(data)
    content_type = kind.mime if kind else None
    if content_type not in ALLOWED:
        raise UploadError("Enkel PDF-, DOCX- of ODT-bestanden zijn toegelaten.")
    if ALLOWED[content_type] != extension:
        raise UploadError(
            f"De naam eindigt op .{extension or '?'}, maar de inhoud is een "
            f"{ALLOWED[content_type].upper()}-bestand. Kies het juiste bestand."
        )
    return CheckedUpload(name[:255], content_type, extension, len(data))


def store(folder: Path, checked: CheckedUpload, data: bytes) -> str:
    """Write the file under a random name; returns that name."""
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = f"{uuid.uuid4().hex}.{checked.extension}"
    (folder / stored_name).write_bytes(data)
    return stored_name


def remove(folder: Path, stored_name: str) -> None:
    (folder / stored_name).unlink(missing_ok=True)
