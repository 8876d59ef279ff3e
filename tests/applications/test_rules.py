import io
import zipfile
from datetime import UTC, date, datetime

import pytest

from rollout.applications.attachments import MAX_BYTES, UploadError, check_upload
from rollout.applications.rules import may_submit, submission_deadline
from rollout.plan.models import StaffingRole
from rollout.staffing.rules import CheckStatus, Rule, check_staffing
from rollout.timeutil import BRUSSELS
from tests.applications.files import docx_bytes, odt_bytes, pdf_bytes

DEADLINE = date(2021, 5, 21)


def brussels(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS).astimezone(UTC)


def test_the_deadline_day_counts_until_midnight_in_brussels():
    assert may_submit(brussels(2021, 5, 21, 23, 59, 59), DEADLINE, None)
    assert not may_submit(brussels(2021, 5, 22, 0, 0, 0), DEADLINE, None)
    # in UTC that is 21:59:59 and 22:00:00 (summer time)
    assert submission_deadline(DEADLINE, None) < datetime(2021, 5, 21, 22, 0, tzinfo=UTC)


def test_an_extension_moves_the_deadline_only_later():
    extension = brussels(2021, 5, 28, 12, 0)
    assert may_submit(brussels(2021, 5, 28, 11, 59), DEADLINE, extension)
    assert not may_submit(brussels(2021, 5, 28, 12, 0, 1), DEADLINE, extension)
    earlier = brussels(2021, 5, 1, 12, 0)
    assert may_submit(brussels(2021, 5, 21, 20, 0), DEADLINE, earlier)


RULES = [
    Rule(StaffingRole.COORDINATOR, 8, date(2021, 2, 1)),
    Rule(StaffingRole.PP_COUNSELLOR, 8, date(2021, 2, 1)),
    Rule(StaffingRole.PP_COUNSELLOR, 19, date(2022, 5, 1)),
    Rule(StaffingRole.PARENT_COUNSELLOR, 8, date(2021, 2, 1)),
]


def statuses(declared, on):
    return {c.role: c.status for c in check_staffing(declared, RULES, on)}


@pytest.mark.parametrize(
    ("hours", "on", "expected"),
    [
        (8, date(2021, 6, 1), CheckStatus.MET),
        (7.5, date(2021, 6, 1), CheckStatus.SHORT),
        (0, date(2021, 6, 1), CheckStatus.MISSING),
        (19, date(2022, 5, 1), CheckStatus.MET),  # the day trajectories start
        (18, date(2022, 5, 1), CheckStatus.SHORT),
        (18, date(2022, 4, 30), CheckStatus.MET),  # the day before: 8 is enough
    ],
)
def test_the_pp_counsellor_rule_at_its_edges(hours, on, expected):
    assert statuses({StaffingRole.PP_COUNSELLOR: hours}, on)[StaffingRole.PP_COUNSELLOR] is expected


def test_the_check_explains_in_dutch():
    (coordinator, *_) = check_staffing({StaffingRole.COORDINATOR: 7.5}, RULES, date(2021, 6, 1))
    assert coordinator.message == (
        "Inhoudelijke coördinator: 7,5 uur per week, 0,5 uur te weinig (minstens 8)."
    )
    assert coordinator.short_by == 0.5
    before = check_staffing({}, RULES, date(2021, 1, 1))
    assert all(c.status is CheckStatus.NOT_REQUIRED for c in before)


@pytest.mark.parametrize(
    ("name", "data"),
    [("plan.pdf", pdf_bytes()), ("visie.docx", docx_bytes()), ("visie.odt", odt_bytes())],
    ids=["pdf", "docx", "odt"],
)
def test_pdf_docx_and_odt_are_accepted(name, data):
    checked = check_upload(name, data)
    assert checked.extension == name.rsplit(".", 1)[1]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.pdf", b"MZ\x90\x00 not a pdf at all" * 10, "Enkel PDF-, DOCX- of ODT-bestanden"),
        ("plan.pdf", docx_bytes(), "de inhoud is een DOCX-bestand"),
        ("plan.exe", pdf_bytes(), "de inhoud is een PDF-bestand"),
        ("plan.pdf", b"", "leeg"),
        ("plan.pdf", pdf_bytes() + b"0" * MAX_BYTES, "groter dan 10 MB"),
        ("", pdf_bytes(), "Kies een bestand"),
    ],
    ids=["not-a-document", "docx-named-pdf", "pdf-named-exe", "empty", "too-big", "no-name"],
)
def test_uploads_are_checked_by_their_content(name, data, message):
    with pytest.raises(UploadError, match=message):
        check_upload(name, data)


def test_exactly_ten_megabytes_is_allowed():
    padding = MAX_BYTES - len(pdf_bytes())
    padding -= len(pdf_bytes(padding)) - MAX_BYTES  # its offsets take more digits
    data = pdf_bytes(padding)
    assert check_upload("groot.pdf", data).size == MAX_BYTES


def _package(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "polyglot.pdf",
            pdf_bytes().replace(b"%\xe2", b"<html><script>alert(1)</script></html>\n%\xe2"),
            "bevat ook HTML-code",
        ),
        ("kapot.pdf", pdf_bytes()[:120], "beschadigd of geen echt PDF-bestand"),
        ("kop.pdf", b"%PDF-1.4\n" + b"x" * 400, "beschadigd of geen echt PDF-bestand"),
        (
            "bom.docx",
            _package({**DOCX_PARTS, "word/media/zero.bin": b"\0" * (51 * 1024 * 1024)}),
            "uitgepakt groter dan 50 MB",
        ),
        (
            "leeg.docx",
            _package({"[Content_Types].xml": b"<Types/>", "word/x.xml": b"<x/>"}),
            "geen echt DOCX-bestand",
        ),
        (
            "vals.odt",
            _package({"mimetype": b"application/vnd.oasis.opendocument.text"}, zipfile.ZIP_STORED),
            "geen echt ODT-bestand",
        ),
        ("stuk.docx", docx_bytes()[:-30], "geen echt DOCX-bestand"),
    ],
    ids=[
        "pdf-html-polyglot",
        "truncated-pdf",
        "pdf-header-only",
        "zip-bomb",
        "docx-without-document",
        "odt-without-content",
        "truncated-docx",
    ],
)
def test_a_file_must_be_what_it_starts_like(name, data, message):
    """Issue 15, point 12: the first bytes are not enough."""
    assert len(data) < MAX_BYTES
    with pytest.raises(UploadError, match=message):
        check_upload(name, data)


def test_a_small_package_that_unpacks_to_a_lot_is_refused_before_it_is_all_unpacked():
    """A 300 MB part compressed to a few hundred KB: refused at the limit, not after 300 MB."""
    data = _package({**DOCX_PARTS, "word/media/zero.bin": b"\0" * (300 * 1024 * 1024)})
    assert len(data) < 400 * 1024
    with pytest.raises(UploadError, match="uitgepakt groter"):
        check_upload("bom.docx", data)


def test_versions_show_the_status_and_verdicts_in_dutch():
    from rollout.applications.queries import shown_value

    assert shown_value("status", "submitted") == "Ingediend"
    assert shown_value("status", "draft") == "Concept"
    assert shown_value("vereisten.fallback.verdict", "partly") == "Gedeeltelijk"
    assert shown_value("bezetting.pp_counsellor.to_recruit", True) == "ja"
    assert shown_value("organisatie.contact_name", "Els") == "Els"
    assert shown_value("status", None) is None
