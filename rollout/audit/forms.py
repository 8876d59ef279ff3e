"""The filters of the audit log: a form read from the query string (no CSRF: it changes nothing)."""

from wtforms import SelectField
from wtforms.validators import Optional, ValidationError

from rollout.fields import DutchDateField, GuardedForm


class FilterForm(GuardedForm):
    class Meta:
        csrf = False

    wie = SelectField("Gebruiker (door of over)", coerce=int, default=0)
    actie = SelectField("Actie", default="")
    soort = SelectField("Soort gegeven", default="")
    provincie = SelectField("Provincie", coerce=int, default=0)
    van = DutchDateField("Van (datum)", validators=[Optional()])
    tot = DutchDateField("Tot en met (datum)", validators=[Optional()])

    def validate_tot(self, field):
        if field.data and self.van.data and field.data < self.van.data:
            raise ValidationError("De einddatum ligt voor de begindatum.")
