"""Session forms; every message in Dutch at its field."""

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, Optional, ValidationError

from rollout.fields import DutchDateField, DutchTimeField, GuardedForm, check_version
from rollout.sessions.models import KIND_LABELS
from rollout.sessions.rules import ORDINALS, WEEKDAYS, parse_guests

KIND_CHOICES = [(k.value, label) for k, label in KIND_LABELS.items()]
#: The province field's value for a programme-wide session.
PROGRAMME = ""
#: The series form's value for "every province that takes part".
ALL_PROVINCES = ""


def _end_after_start(form, field) -> None:
    if field.data and form.start.data and field.data <= form.start.data:
        raise ValidationError("Het einde ligt niet na het begin: geef een later einduur.")


def _valid_guests(form, field) -> None:
    _, problem = parse_guests(field.data or "")
    if problem:
        raise ValidationError(problem)


def _link():
    return StringField(
        "Link voor een online sessie",
        validators=[
            Optional(),
            Length(max=500),
            URL(require_tld=True, message="Geef een volledige link, bv. https://…"),
        ],
    )


class MeetingForm(GuardedForm):
    kind = SelectField("Soort sessie", choices=KIND_CHOICES)
    activity = SelectField("Activiteit van het plan", coerce=str)
    province = SelectField("Provincie", coerce=str)
    title = StringField("Titel (optioneel)", validators=[Optional(), Length(max=200)])
    day = DutchDateField("Datum", validators=[InputRequired("Geef de datum.")])
    start = DutchTimeField("Van (Belgische tijd)", validators=[InputRequired("Geef het beginuur.")])
    end = DutchTimeField(
        "Tot (Belgische tijd)", validators=[InputRequired("Geef het einduur."), _end_after_start]
    )
    place = StringField("Plaats", validators=[Optional(), Length(max=300)])
    online_link = _link()
    led_by = StringField(
        "Wie leidt de sessie (trainer of begeleider)", validators=[Optional(), Length(max=200)]
    )
    agenda = TextAreaField("Agenda", validators=[Optional(), Length(max=5000)])
    guests = TextAreaField(
        "Extra genodigden",
        description="Naast de leden van de P&P-teams: één per regel, een e-mailadres of "
        "Naam <e-mailadres>.",
        validators=[Optional(), Length(max=10000), _valid_guests],
    )
    is_makeup = BooleanField("Inhaalsessie (voor wie een sessie van deze activiteit miste)")
    submit = SubmitField("Sessie plannen")


class EditForm(MeetingForm):
    version = HiddenField(validators=[check_version])
    reason = TextAreaField(
        "Reden (verplicht bij een nieuw tijdstip)", validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField("Wijzigingen bewaren")


class CancelForm(GuardedForm):
    version = HiddenField(validators=[check_version])
    reason = TextAreaField(
        "Reden van de annulering",
        validators=[DataRequired("Geef de reden van de annulering."), Length(max=2000)],
    )
    submit = SubmitField("Sessie annuleren")


class SeriesForm(GuardedForm):
    kind = SelectField("Soort sessie", choices=KIND_CHOICES)
    activity = SelectField("Activiteit van het plan", coerce=str)
    province = SelectField("Provincie", coerce=str)
    mode = RadioField(
        "Herhaling",
        choices=[("regel", "Elke maand op dezelfde dag"), ("data", "Een lijst van data")],
        default="regel",
    )
    ordinal = SelectField("Welke", choices=[(str(n), label) for n, label in ORDINALS], default="2")
    weekday = SelectField("Weekdag", choices=WEEKDAYS, default="TU")
    dates = TextAreaField(
        "Data (één per regel, dd/mm/jjjj)", validators=[Optional(), Length(max=2000)]
    )
    first_day = DutchDateField("Eerste dag", validators=[InputRequired("Geef de eerste dag.")])
    last_day = DutchDateField("Laatste dag", validators=[InputRequired("Geef de laatste dag.")])
    start = DutchTimeField("Van (Belgische tijd)", validators=[InputRequired("Geef het beginuur.")])
    end = DutchTimeField(
        "Tot (Belgische tijd)", validators=[InputRequired("Geef het einduur."), _end_after_start]
    )
    title = StringField("Titel (optioneel)", validators=[Optional(), Length(max=200)])
    place = StringField("Plaats", validators=[Optional(), Length(max=300)])
    online_link = _link()
    led_by = StringField(
        "Wie leidt de sessies (trainer of begeleider)", validators=[Optional(), Length(max=200)]
    )
    submit = SubmitField("Reeks plannen")

    def validate_last_day(self, field) -> None:
        if field.data and self.first_day.data and field.data < self.first_day.data:
            raise ValidationError("De laatste dag ligt voor de eerste dag.")

    def validate_dates(self, field) -> None:
        if self.mode.data == "data" and not (field.data or "").strip():
            raise ValidationError("Geef minstens één datum, één per regel.")


class MinutesForm(GuardedForm):
    version = HiddenField(validators=[check_version])
    minutes = TextAreaField("Verslag", validators=[Optional(), Length(max=20000)])
    submit = SubmitField("Verslag bewaren")


class AttachmentForm(GuardedForm):
    file = FileField("Bijlage (PDF, DOCX of ODT, hoogstens 10 MB)")
    submit = SubmitField("Bijlage toevoegen")
