"""Form fields and validators that several areas' forms share; every message in Dutch."""

import re

from flask import g
from flask_wtf import FlaskForm
from wtforms import DateField, TextAreaField, TimeField
from wtforms.validators import ValidationError

from rollout.text import has_control_characters

#: At a field whose value holds a control character (a NUL byte, ...).
INVALID_TEXT = "Dit veld bevat ongeldige tekens."
#: At a file field whose file's name holds one.
INVALID_FILE_NAME = (
    "De naam van het bestand bevat ongeldige tekens. Geef het bestand een andere naam en "
    "kies het opnieuw."
)
INVALID_DATE = "Geef een geldige datum (dd/mm/jjjj)."


class DutchDateField(DateField):
    """A date input whose parse error is Dutch."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(INVALID_DATE) from error
        if self.data is not None and not 2000 <= self.data.year <= 2100:
            self.data = None
            raise ValueError("Geef een datum tussen 2000 en 2100.")


class DutchTimeField(TimeField):
    """A time input whose parse error is Dutch."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Geef een geldig uur (uu:mm), bijvoorbeeld 10:00.") from error


def check_version(form, field) -> None:
    """The hidden version of the application the form was opened on (optimistic locking)."""
    if not re.fullmatch(r"\d{1,9}", str(field.data or "")):
        raise ValidationError(
            "Dit formulier is onvolledig verstuurd. Herlaad de pagina; uw invoer staat hieronder."
        )


class GuardedForm(FlaskForm):
    """The base of every form of the app. A value with a control character (a NUL byte, an
    escape, ...; a multi-line field keeps its newlines and tabs), or a file whose name holds
    one, is refused at its field before any other check: it reaches no validator, no service
    and no database. What the user typed stays in the form."""

    def validate(self, extra_validators=None) -> bool:
        refused = {name: _refusal(field) for name, field in self._fields.items()}
        if not any(refused.values()):
            valid = super().validate(extra_validators)
            csrf = getattr(self, "csrf_token", None)
            if not valid and csrf is not None and csrf.errors:
                # The page says so once, above everything (base.html), whichever form of the
                # page it was; what was typed is in the form again.
                g.form_expired = True
            return valid
        self._errors = None
        self.form_errors = []
        for name, field in self._fields.items():
            field.errors = [refused[name]] if refused[name] else []
        return False


def _refusal(field) -> str | None:
    """Why the value sent for `field` is refused before anything reads it, if it is."""
    multiline = isinstance(field, TextAreaField)
    for value in field.raw_data or ():
        if isinstance(value, str):
            if has_control_characters(value, multiline=multiline):
                return INVALID_TEXT
        elif has_control_characters(getattr(value, "filename", None) or ""):
            return INVALID_FILE_NAME
    return None
