"""Form fields and validators that several areas' forms share; every message in Dutch."""

import re

from wtforms import DateField, TimeField
from wtforms.validators import ValidationError

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
