"""Attachments: PDF, DOCX or ODT up to 10 MB, stored outside static/ under a generated name.
No Flask here.

The type is read from the content, not from the name, and the content must be what it says: a
PDF must parse (and hold no HTML, so that it is never a PDF+HTML polyglot), a DOCX or ODT must
be a sound ZIP package with the parts of its kind, whose unpacked size stays under a limit
(a small file that unpacks to gigabytes is refused without being unpacked further)."""

import io
import logging
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import filetype
from pypdf import PdfReader
from pypdf.errors import PyPdfError

MAX_BYTES = 10 * 1024 * 1024
#: What a DOCX or ODT may unpack to, all its parts together, and how many parts it may have.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PARTS = 2000
#: The parts each package must have (an ODT's `mimetype` part also names its type).
REQUIRED_PARTS = {
    "docx": ("[Content_Types].xml", "word/document.xml"),
    "odt": ("mimetype", "content.xml"),
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
#: Markup a browser would render as a page: a PDF that holds it is refused.
HTML_MARKUP = re.compile(rb"<\s*(html|script|body|iframe|svg|!doctype)\b", re.IGNORECASE)
UNREADABLE = (
    "Dit bestand is beschadigd of geen echt {kind}-bestand. Sla het opnieuw op en probeer opnieuw."
)

log = logging.getLogger(__name__)
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
    check_content(ALLOWED[content_type], data)
    return CheckedUpload(name[:255], content_type, extension, len(data))


def check_content(kind: str, data: bytes) -> None:
    """Refuse a file that only starts like a `kind` ("pdf", "docx", "odt") file."""
    if kind == "pdf":
        _check_pdf(data)
    else:
        _check_package(kind, data)


def _check_pdf(data: bytes) -> None:
    if HTML_MARKUP.search(data):
        raise UploadError(
            "Dit PDF-bestand bevat ook HTML-code en wordt daarom geweigerd. "
            "Druk het document opnieuw af naar PDF."
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if len(reader.pages) == 0:
            raise UploadError("Dit PDF-bestand heeft geen pagina's.")
    except UploadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        log.info("unreadable PDF refused: %r", error)
        raise UploadError(UNREADABLE.format(kind="PDF")) from error


def _check_package(kind: str, data: bytes) -> None:
    unreadable = UploadError(UNREADABLE.format(kind=kind.upper()))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
            names = {part.filename for part in parts}
            if len(parts) > MAX_PARTS or not all(p in names for p in REQUIRED_PARTS[kind]):
                raise unreadable
            if kind == "odt" and package.read("mimetype").strip() != ODT_MIMETYPE:
                raise unreadable
            _unpack_within_limit(package, parts)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise unreadable from None
    except RuntimeError:  # an encrypted part
        raise UploadError(
            f"Dit {kind.upper()}-bestand is met een wachtwoord beveiligd. Sla het zonder "
            "wachtwoord op en probeer opnieuw."
        ) from None


def _unpack_within_limit(package: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> None:
    """Unpack every part (which checks its CRC) counting the bytes as they come, never
    trusting the sizes the package declares; stop at MAX_UNPACKED_BYTES."""
    budget = MAX_UNPACKED_BYTES
    for part in parts:
        with package.open(part) as stream:
            while chunk := stream.read(64 * 1024):
                budget -= len(chunk)
                if budget < 0:
                    raise UploadError(
                        "Dit bestand is uitgepakt groter dan "
                        f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB en wordt geweigerd."
                    )


def store(folder: Path, checked: CheckedUpload, data: bytes) -> str:
    """Write the file under a random name; returns that name."""
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = f"{uuid.uuid4().hex}.{checked.extension}"
    (folder / stored_name).write_bytes(data)
    return stored_name


def remove(folder: Path, stored_name: str) -> None:
    (folder / stored_name).unlink(missing_ok=True)
