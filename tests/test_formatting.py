"""One format per kind, everywhere (issue 9, point 15): dates "1 sep 2021", moments
"1 sep 2021 11:00" in Belgian time, sizes in bytes or kB with a decimal; one name for the time
zone."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from rollout.formatting import date_nl, datetime_nl, size_nl, time_nl

ROOT = Path(__file__).resolve().parent.parent


def test_dates_and_moments():
    assert date_nl(date(2021, 9, 1)) == "1 sep 2021"
    assert date_nl(date(2021, 3, 31)) == "31 mrt 2021"
    # summer and winter time; a moment shows the date it has in Belgium
    assert datetime_nl(datetime(2021, 9, 1, 9, 0, tzinfo=UTC)) == "1 sep 2021 11:00"
    assert datetime_nl(datetime(2021, 12, 1, 9, 5, tzinfo=UTC)) == "1 dec 2021 10:05"
    assert datetime_nl(datetime(2021, 5, 21, 22, 30, tzinfo=UTC)) == "22 mei 2021 00:30"
    assert date_nl(datetime(2021, 5, 21, 22, 30, tzinfo=UTC)) == "22 mei 2021"
    assert datetime_nl(datetime(2021, 9, 1, 9, 0)) == "1 sep 2021 11:00"  # naive: UTC
    assert time_nl(datetime(2021, 9, 1, 9, 0, tzinfo=UTC)) == "11:00"
    assert date_nl(None) == datetime_nl(None) == "—"


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (99, "99 bytes"),
        (100, "0,1 kB"),
        (300, "0,3 kB"),
        (1024, "1,0 kB"),
        (10 * 1024 - 1, "10,0 kB"),
        (245 * 1024, "245 kB"),
        (int(1.2 * 1024 * 1024), "1,2 MB"),
        (10 * 1024 * 1024, "10,0 MB"),
    ],
)
def test_sizes(size, shown):
    assert size_nl(size) == shown


def _sources():
    yield from (ROOT / "templates").rglob("*.html")
    yield from (ROOT / "rollout").rglob("*.py")


def test_one_name_for_the_time_zone_and_no_date_pattern_of_a_page_s_own():
    """Pages, messages, emails and exports say "Belgische tijd"; no page formats a date or a
    moment its own way (strftime, a pattern passed to the filter, 01/09/2021)."""
    other_names = re.compile(r"Brusselse tijd|\(Brussel\)|, Brussel\)|[Tt]ijdzone")
    own_patterns = re.compile(
        r"date(time)?_nl\(['\"]|strftime\(\"%d|:%d/%m|'%d/%m|\"%d/%m|x\|%d|MMMM|EEEE|23\.59"
    )
    found = []
    for path in _sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if other_names.search(line) or own_patterns.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
