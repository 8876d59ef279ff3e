"""The forms of the pages that bring several areas together: a person's data."""

from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from rollout.fields import GuardedForm

#: What the lead types to confirm an erasure.
CONFIRMATION = "WISSEN"


class PersonSearchForm(GuardedForm):
    """Which person to show: read from the query string (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    email = StringField(
        "E-mailadres",
        validators=[
            DataRequired("Vul een e-mailadres in."),
            Length(max=254, message="Een e-mailadres heeft hoogstens 254 tekens."),
        ],
    )


class EraseForm(GuardedForm):
    email = StringField(
        "E-mailadres van de persoon",
        validators=[
            DataRequired("Vul het e-mailadres in van de persoon die u wilt wissen."),
            Length(max=254, message="Een e-mailadres heeft hoogstens 254 tekens."),
        ],
    )
    bevestiging = StringField(
        f"Typ {CONFIRMATION} om te bevestigen",
        validators=[DataRequired(f"Typ {CONFIRMATION} om te bevestigen.")],
    )

    def validate_bevestiging(self, field):
        if field.data.strip() != CONFIRMATION:
            raise ValidationError(f"Typ {CONFIRMATION} (in hoofdletters) om te bevestigen.")
