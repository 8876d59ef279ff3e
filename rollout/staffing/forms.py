"""Team forms; every message in Dutch at its field."""

import decimal

from wtforms import (
    DecimalField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from rollout.fields import DutchDateField, GuardedForm
from rollout.plan.models import STAFFING_ROLE_LABELS

HOURS_MESSAGE = "Geef van 0,5 tot 40 uur per week, in halve uren."


class HoursField(DecimalField):
    """Hours a week: anything typed that is not a number from 0,5 to 40 in half hours (huge,
    infinite, not a number, a decimal comma) gets the Dutch message, never an error, and the
    page shows again what was typed."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = decimal.Decimal(valuelist[0].strip().replace(",", "."))
        except (decimal.InvalidOperation, ValueError) as exc:
            self.data = None
            raise ValueError(HOURS_MESSAGE) from exc


def _half_hours(form, field) -> None:
    hours = field.data
    if hours is None:
        return
    # compare before any arithmetic: 1e308 * 2 % 1 overflows Decimal's context
    if not hours.is_finite() or not decimal.Decimal("0.5") <= hours <= 40 or (hours * 2) % 1:
        raise StopValidation(HOURS_MESSAGE)


def _hours_field(label: str = "Uren per week") -> DecimalField:
    return HoursField(
        label,
        places=1,
        validators=[
            InputRequired(HOURS_MESSAGE),
            _half_hours,
            NumberRange(min=0.5, max=40, message=HOURS_MESSAGE),
        ],
        render_kw={"min": 0.5, "max": 40, "step": 0.5, "inputmode": "decimal"},
    )


class MemberForm(GuardedForm):
    name = StringField("Naam", validators=[DataRequired("Geef de naam."), Length(max=200)])
    email = EmailField(
        "E-mailadres (optioneel)",
        validators=[Optional(), Email("Geef een geldig e-mailadres.", check_deliverability=False)],
    )
    role = SelectField(
        "Rol", choices=[(r.value, label) for r, label in STAFFING_ROLE_LABELS.items()]
    )
    hours = _hours_field()
    valid_from = DutchDateField("Vanaf", validators=[InputRequired("Geef de begindatum.")])
    valid_until = DutchDateField("Tot en met (optioneel)", validators=[Optional()])
    submit = SubmitField("Teamlid toevoegen")

    def validate_valid_until(self, field) -> None:
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError("De einddatum ligt voor de begindatum.")


class HoursForm(GuardedForm):
    member = HiddenField()
    version = HiddenField()
    hours = _hours_field("Nieuwe uren per week")
    from_day = DutchDateField("Vanaf", validators=[InputRequired("Geef de datum vanaf wanneer.")])
    submit = SubmitField("Uren wijzigen")


class LeaveForm(GuardedForm):
    member = HiddenField()
    version = HiddenField()
    last_day = DutchDateField("Laatste dag", validators=[InputRequired("Geef de laatste dag.")])
    submit = SubmitField("Vertrekt")
