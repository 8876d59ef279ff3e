"""Hostile values for a form, as hypothesis strategies: what an attacker, a broken client or a
paste from elsewhere sends instead of what the page offered."""

import io

from hypothesis import strategies as st

from tests.fuzzing.forms import Field, Form

#: Control characters, NUL first (PostgreSQL refuses it in text: a 500 before the guard).
CONTROL = ["\x00", "a\x00b", "\x01", "\x08", "\x1b[31m", "\x7f", "\x85", "\r\n", "\n", "\t", "\r"]
UNICODE = [
    "\u202eRTL-override",
    "שלום עולם",
    "مرحبا",
    "\U0001f4a9\U0001f600",
    "\U00010348\U0001d11e",
    "e\u0301\u0301\u0301",
    "\ufeffBOM",
    "\u200b\u200d",
    "\uffff\ufffe",
    "İstanbul ß ﬁ",
    "\u00a0",
]
META = [
    "'; DROP TABLE users; --",
    '" OR 1=1 --',
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "%00",
    "%s%s%n",
    "../../../etc/passwd",
    '=HYPERLINK("http://x")',
    " ",
    "",
]
NUMBERS = [
    "1e30",
    "-1e30",
    "1e309",
    "nan",
    "NaN",
    "inf",
    "-Infinity",
    "-0",
    "-1",
    "0",
    "1.5",
    "1,5",
    " 8 ",
    "0x10",
    "1_000",
    "٣",
    "99999999999999999999999999999999",
    "-99999999999999999999",
    "2147483648",
    "",
]
DATES = [
    "31/02/2021",
    "2021-02-31",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2021-13-01",
    "1970-01-01",
    "2021-1-1",
    "01/01/2021",
    "garbage",
    "",
]
TIMES = ["25:00", "24:00", "-1:00", "10:60", "10:00:99", "1000", "noon", ""]
CHOICES = ["0", "-1", "999999999", "x", "", "None", "1e30"]
FILE_NAMES = ["plan.pdf", "a\x00b.pdf", "..\\..\\x.docx", "\u202efdp.exe", "x" * 300 + ".pdf", ""]
FILE_BODIES = [b"", b"%PDF-1.4\n%garbage", b"PK\x03\x04garbage", b"\x00" * 64, b"\xff\xfe<html>"]

#: The text an attacker types: control characters, very long, unicode, meta characters.
text = st.one_of(
    st.sampled_from(CONTROL + UNICODE + META),
    st.sampled_from(["x" * 100_000, "é" * 50_000, "\U0001f600" * 30_000, "a\x00" * 5000]),
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], max_codepoint=0x10FFFF),
        max_size=40,
    ),
)

_BY_KIND = {
    "number": st.sampled_from(NUMBERS),
    "date": st.sampled_from(DATES),
    "time": st.sampled_from(TIMES),
    "choice": st.sampled_from(CHOICES),
    "checkbox": st.sampled_from(["on", "y", "0", "false", "\x00"]),
    "hidden": st.sampled_from(NUMBERS + CHOICES),
}


def hostile(field: Field) -> st.SearchStrategy:
    """A wrong value for `field`: one of its kind first (a number for a number), else text."""
    if field.kind == "file":
        return st.tuples(st.sampled_from(FILE_BODIES), st.sampled_from(FILE_NAMES)).map(
            lambda pair: (io.BytesIO(pair[0]), pair[1])
        )
    # a text field may hold a number or a date the server parses: send those too
    by_kind = _BY_KIND.get(field.kind, st.sampled_from(NUMBERS + DATES))
    return st.one_of(by_kind, text)


#: What a user would type where the page left a field empty, by the field's kind or name.
PLAUSIBLE = {
    "number": "8",
    "time": "10:00",
    "password": "een lang genoeg wachtwoord",
    "textarea": "Een toelichting.",
    "text": "Tekst",
    "email": "fuzz@example.org",
    "link": "https://meet.example.org/fuzz",
}


def _valid(field: Field, today: str):
    """What the page would send: its own value, else a plausible one of the field's kind (so
    that a hostile value elsewhere gets past the other fields to the service)."""
    if field.kind == "file":
        return None
    if field.kind in ("choice", "checkbox"):
        return field.value or None
    if field.value or field.kind == "hidden":
        return field.value
    if field.kind == "date":
        return today
    for hint in ("email", "link"):
        if hint in field.name:
            return PLAUSIBLE[hint]
    return PLAUSIBLE.get(field.kind, "")


@st.composite
def submissions(draw, form: Form, today: str) -> dict:
    """The data a hostile client posts to `form`: one field spoilt, a few or all (hostile or
    left out), the others as the page filled them (or plausible where it left them empty);
    the token mostly kept; maybe a field added; one of the submit buttons."""
    names = [name for name in form.fields if not name.endswith("csrf_token")]
    spoil = draw(st.sampled_from(["one", "one", "some", "all"])) if names else "none"
    if spoil == "one":
        spoilt = {draw(st.sampled_from(names))}
    elif spoil == "some":
        spoilt = set(draw(st.lists(st.sampled_from(names), max_size=3)))
    else:
        spoilt = set(names)
    data = {}
    for field in form.fields.values():
        if field.name in spoilt:
            choice = draw(st.sampled_from(["hostile", "hostile", "hostile", "missing"]))
        elif field.name.endswith("csrf_token"):
            # a valid token mostly: a refused token (400) is the least interesting refusal
            choice = draw(st.sampled_from(["keep"] * 8 + ["hostile", "missing"]))
        else:
            choice = "keep"
        if choice == "keep":
            value = _valid(field, today)
            if value is not None:
                data[field.name] = value
        elif choice == "hostile":
            data[field.name] = draw(hostile(field))
    if draw(st.booleans()) and draw(st.booleans()):
        data[draw(st.sampled_from(["extra", "id", "version", "role", "organisation_id"]))] = draw(
            text
        )
    if form.buttons:
        name, value = draw(st.sampled_from(form.buttons))
        data[name] = value
    return data
