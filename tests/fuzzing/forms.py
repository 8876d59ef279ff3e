"""What a browser sees of a page: its links and its POST forms, read from the HTML."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str  #: text, textarea, number, date, time, file, choice, checkbox, hidden, password
    value: str = ""  #: what the page filled in (the selected or checked one for a choice)
    options: list[str] = field(default_factory=list)  #: the values offered (choice, checkbox)


@dataclass
class Form:
    action: str  #: the path (and query) the form posts to
    multipart: bool
    fields: dict[str, Field] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)  #: named submit buttons
    #: a button sends it (a read-only form shows none), or a script does (see data-*-url)
    can_send: bool = False

    def signature(self) -> tuple:
        """Tells two forms apart by what they post where, not by the values in them."""
        return (self.action, tuple(sorted((f.name, f.kind) for f in self.fields.values())))


_INPUT_KINDS = {
    "number": "number",
    "date": "date",
    "time": "time",
    "file": "file",
    "checkbox": "checkbox",
    "radio": "choice",
    "hidden": "hidden",
    "password": "password",
}


def _is_submit(tag: str, a: dict[str, str]) -> bool:
    if tag == "button":
        return a.get("type", "submit").lower() == "submit" and "disabled" not in a
    return tag == "input" and a.get("type", "").lower() in ("submit", "image")


class _PageParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def _path(self, href: str) -> str:
        parts = urlsplit(urljoin(self.page_url, href))
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a or len(self._select.options) == 1:
                self._select.value = a.get("value", "")
        elif tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(self._path(a["href"]))
        elif tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(
                action=self._path(a.get("action") or self.page_url),
                multipart="multipart" in a.get("enctype", ""),
            )
            self.forms.append(self._form)
            # a script posts the same fields elsewhere (a live check): that is a form too
            for name, value in a.items():
                if name.startswith("data-") and name.endswith("-url") and value.startswith("/"):
                    self.forms.append(
                        Form(self._path(value), self._form.multipart, self._form.fields, [], True)
                    )
        elif self._form is not None:
            if _is_submit(tag, a):
                self._form.can_send = True
            if a.get("name"):
                self._field(tag, a)

    def _field(self, tag: str, a: dict[str, str]) -> None:
        name, fields = a["name"], self._form.fields
        if tag == "input":
            kind = _INPUT_KINDS.get(a.get("type", "text").lower(), "text")
            if kind == "choice" or kind == "checkbox":
                known = fields.setdefault(name, Field(name, kind))
                known.options.append(a.get("value", "on"))
                if "checked" in a:
                    known.value = a.get("value", "on")
            elif a.get("type", "").lower() in ("submit", "button", "image", "reset"):
                self._form.buttons.append((name, a.get("value", "")))
            else:
                fields[name] = Field(name, kind, a.get("value", ""))
        elif tag == "button" and a.get("type", "submit").lower() == "submit":
            self._form.buttons.append((name, a.get("value", "")))
        elif tag == "select":
            self._select = fields[name] = Field(name, "choice")
        elif tag == "textarea":
            self._textarea = fields[name] = Field(name, "textarea")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def read_page(page_url: str, html: str) -> tuple[list[str], list[Form]]:
    """The same-site links and the POST forms of a page that can be sent."""
    parser = _PageParser(page_url)
    parser.feed(html)
    parser.close()
    return parser.links, [form for form in parser.forms if form.can_send]
