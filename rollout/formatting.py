"""How every page and export writes dates and sizes, the Dutch (nl-BE) way. No Flask here."""

from datetime import date

MONTHS_NL = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def date_nl(day: date | None) -> str:
    """A date as every page shows one: "1 sep 2021" (a dash for none)."""
    return f"{day.day} {MONTHS_NL[day.month - 1]} {day.year}" if day else "—"
