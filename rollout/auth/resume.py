"""Nothing typed is lost when a session ends mid-form: a form sent after the idle timeout comes
back on the sign-in page as hidden fields, and after signing in the user sends it again.

The data travels with the browser only (no server storage, no size limit of a cookie); passwords
are never carried along.
"""

from collections.abc import Iterable

from werkzeug.datastructures import MultiDict

PREFIX = "resume:"
PATH_FIELD = "resume_path"


def _carried(name: str) -> bool:
    lowered = name.lower()
    return not (lowered.endswith("csrf_token") or "password" in lowered or lowered == "confirm")


def fields_to_carry(form: MultiDict) -> list[tuple[str, str]]:
    """The sent fields worth keeping, as (name, value) pairs, CSRF tokens left out."""
    return [(name, value) for name, value in form.items(multi=True) if _carried(name)]


def csrf_field_names(form: MultiDict) -> list[str]:
    """The names of the CSRF fields the original form had (a prefixed form has its own)."""
    return sorted({name for name in form if name.endswith("csrf_token")})


def carried_back(form: MultiDict) -> tuple[str | None, list[tuple[str, str]], list[str]]:
    """From the sign-in form: the path to send to, its fields, and its CSRF field names."""
    path = form.get(PATH_FIELD)
    fields = [
        (name[len(PREFIX) :], value)
        for name, value in form.items(multi=True)
        if name.startswith(PREFIX) and not name.startswith(PREFIX + "csrf:")
    ]
    csrf_names = [
        name[len(PREFIX + "csrf:") :] for name in form if name.startswith(PREFIX + "csrf:")
    ]
    return path, fields, csrf_names


def as_hidden(
    fields: Iterable[tuple[str, str]], csrf_names: Iterable[str]
) -> list[tuple[str, str]]:
    """The hidden inputs of the sign-in page that carry the form along."""
    hidden = [(PREFIX + name, value) for name, value in fields]
    hidden += [(PREFIX + "csrf:" + name, "") for name in csrf_names]
    return hidden
