"""Rules of the Q&A round as plain functions: places, closing, links. No Flask here."""

from datetime import datetime, time
from urllib.parse import urlsplit

#: The most participants one session may take.
MAX_CAPACITY = 500


def places_left(capacity: int, taken: int) -> int:
    return max(capacity - taken, 0)


def _places(n: int) -> str:
    return f"{n} plaats" if n == 1 else f"{n} plaatsen"


def capacity_problem(capacity: int, taken_by_others: int, wanted: int) -> str | None:
    """Why `wanted` participants do not fit next to the other organisations' ones, or None."""
    left = places_left(capacity, taken_by_others)
    if wanted <= left:
        return None
    if left == 0:
        return "Deze sessie is volzet: er zijn geen plaatsen meer vrij."
    verb = "is" if left == 1 else "zijn"
    return (
        f"Er {verb} nog maar {_places(left)} vrij in deze sessie; "
        f"u vroeg er {wanted}. Kies een kleiner aantal of een andere sessie."
    )


def capacity_below_taken(capacity: int, taken: int) -> str | None:
    """A session cannot shrink below the participants already registered."""
    if capacity >= taken:
        return None
    return (
        f"Er zijn al {taken} deelnemers ingeschreven: de capaciteit kan niet lager zijn "
        f"dan {taken}."
    )


def is_closed(starts_at: datetime, now: datetime) -> bool:
    """Registration closes the moment the session starts."""
    return now >= starts_at


def end_problem(starts_at: datetime | time, ends_at: datetime | time) -> str | None:
    if ends_at <= starts_at:
        return "Het einde moet na het begin liggen."
    return None


def link_problem(link: str) -> str | None:
    """An online link must be an http(s) URL with a host: anything else is no link to click."""
    try:
        parts = urlsplit(link)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() for c in link)
    ):
        return "Geef een geldige link die begint met https:// (of http://)."
    return None
