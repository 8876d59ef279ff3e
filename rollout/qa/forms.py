"""Forms of the Q&A round; every message in Dutch, at the field it is about."""

from wtforms import (
    BooleanField,
    IntegerField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from rollout.fields import DutchDateField, DutchTimeField, GuardedForm
from rollout.qa.rules import MAX_CAPACITY, end_problem, link_problem

REQUIRED = "Dit veld is verplicht."


class DutchIntegerField(IntegerField):
    """A whole-number input whose parse error is Dutch."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Geef een geheel getal.") from error


class SessionForm(GuardedForm):
    title = StringField(
        "Titel",
        default="Digitale vragenronde",
        validators=[
            DataRequired("Geef de sessie een titel."),
            Length(max=200, message="Hoogstens 200 tekens."),
        ],
    )
    day = DutchDateField("Datum", validators=[InputRequired("Geef de datum van de sessie.")])
    starts = DutchTimeField(
        "Beginuur",
        description="Belgische tijd.",
        validators=[InputRequired("Geef het beginuur.")],
    )
    ends = DutchTimeField(
        "Einduur",
        description="Belgische tijd, op dezelfde dag.",
        validators=[InputRequired("Geef het einduur.")],
    )
    online_link = URLField(
        "Link naar de onlinesessie",
        description="Bijvoorbeeld de link van Teams of Zoom; begint met https://.",
        validators=[
            DataRequired("Geef de link naar de onlinesessie."),
            Length(max=500, message="Hoogstens 500 tekens."),
        ],
    )
    capacity = DutchIntegerField(
        "Capaciteit (deelnemers)",
        description=f"Het aantal deelnemers over alle organisaties samen, 1 tot {MAX_CAPACITY}.",
        validators=[
            InputRequired("Geef het aantal plaatsen."),
            NumberRange(
                min=1,
                max=MAX_CAPACITY,
                message=f"Geef een aantal van 1 tot {MAX_CAPACITY}.",
            ),
        ],
    )
    notes = TextAreaField(
        "Notities",
        description="Voor de deelnemers, bijvoorbeeld het programma of wie de vragen beantwoordt.",
        validators=[Length(max=2000, message="Hoogstens 2000 tekens.")],
    )
    submit = SubmitField("Sessie opslaan")

    def validate_online_link(self, field) -> None:
        field.data = (field.data or "").strip()
        problem = link_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_ends(self, field) -> None:
        if self.starts.data is None or field.data is None:
            return
        problem = end_problem(self.starts.data, field.data)
        if problem:
            raise ValidationError(problem)


class RegistrationForm(GuardedForm):
    """Register one's organisation, or change its number of participants."""

    participants = DutchIntegerField(
        "Aantal deelnemers",
        validators=[
            InputRequired("Geef het aantal deelnemers."),
            NumberRange(min=1, message="Geef minstens 1 deelnemer."),
        ],
    )
    submit = SubmitField("Inschrijven")


class DeleteSessionForm(GuardedForm):
    confirm = BooleanField("Ja, verwijder deze sessie samen met haar inschrijvingen")
    submit = SubmitField("Sessie verwijderen")
