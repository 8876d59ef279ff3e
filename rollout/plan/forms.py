"""Forms to record progress and to move planned dates; every message in Dutch."""

from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from rollout.fields import DutchDateField, GuardedForm
from rollout.web import parse_id


def _version(field) -> None:
    if parse_id(field.data or "0") is None:
        raise ValidationError("Ongeldige versie; herlaad de pagina.")


class DoneForm(GuardedForm):
    actual_start = DutchDateField("Begonnen op", validators=[Optional()])
    actual_end = DutchDateField(
        "Afgerond op",
        validators=[Optional()],
        description="Leeg laten zolang het niet afgerond is.",
    )
    note = TextAreaField("Notitie", validators=[Length(max=2000, message="Hoogstens 2000 tekens.")])
    version = HiddenField()
    submit = SubmitField("Voortgang opslaan")

    def validate_version(self, field) -> None:
        _version(field)

    def as_milestone(self) -> None:
        """A milestone has one date: the day it was reached."""
        self.actual_end.label.text = "Bereikt op"
        self.actual_end.description = "Leeg laten zolang de mijlpaal niet bereikt is."


class MoveForm(GuardedForm):
    planned_start = DutchDateField(
        "Gepland begin", validators=[DataRequired("Geef de nieuwe begindatum.")]
    )
    planned_end = DutchDateField(
        "Gepland einde", validators=[DataRequired("Geef de nieuwe einddatum.")]
    )
    reason = TextAreaField(
        "Reden",
        validators=[
            DataRequired("Geef een reden voor het verschuiven van de planning."),
            Length(max=2000, message="Hoogstens 2000 tekens."),
        ],
    )
    version = HiddenField()
    submit = SubmitField("Planning verschuiven")

    def validate_version(self, field) -> None:
        _version(field)


class RoundClosingForm(GuardedForm):
    """A lead closes a round (read-only for organisations and services) or opens it again."""

    submit = SubmitField("Ronde afsluiten")
