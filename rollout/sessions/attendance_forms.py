"""The forms of the attendance part of the sessions; every message in Dutch at its field."""

from wtforms import HiddenField, IntegerField, RadioField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional

from rollout.fields import GuardedForm, check_version
from rollout.sessions.attendance import HEAD_COUNT_NEEDED, MISSING, field_name
from rollout.sessions.invitees import Invitee
from rollout.sessions.models import ATTENDANCE_LABELS, AttendanceStatus

HEAD_COUNT_RANGE = "Geef een aantal van 0 tot 10000."
CHOICES = [(s.value, ATTENDANCE_LABELS[s]) for s in AttendanceStatus]


class CountField(IntegerField):
    """A whole number whose parse error is Dutch."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(HEAD_COUNT_RANGE) from error


class AttendanceForm(GuardedForm):
    """One row per invitee (fields added per session by `attendance_form`), the head count for
    a big session, and the version the form was opened on."""

    version = HiddenField(validators=[check_version])
    head_count = CountField(
        "Aantal aanwezigen (in totaal)",
        validators=[Optional(), NumberRange(min=0, max=10000, message=HEAD_COUNT_RANGE)],
    )
    submit = SubmitField("Aanwezigheden opslaan")

    #: (invitee, its field) in the order shown; set by `attendance_form`.
    rows: list = []

    def marks(self) -> dict[str, AttendanceStatus | None]:
        return {
            invitee.person_key: AttendanceStatus(f.data) if f.data else None
            for invitee, f in self.rows
        }


def attendance_form(invitees: list[Invitee], big: bool, formdata=None, data=None) -> AttendanceForm:
    """The form for these invitees: each row required, except at a big session (where the
    head count is)."""

    class Form(AttendanceForm):
        pass

    for invitee in invitees:
        validators = [Optional()] if big else [InputRequired(MISSING)]
        setattr(
            Form,
            field_name(invitee.person_key),
            RadioField(invitee.name, choices=CHOICES, validators=validators),
        )
    if big:
        Form.head_count = CountField(
            "Aantal aanwezigen (in totaal)",
            validators=[
                InputRequired(HEAD_COUNT_NEEDED),
                NumberRange(min=0, max=10000, message=HEAD_COUNT_RANGE),
            ],
        )
    form = Form(formdata=formdata, data=data) if formdata is not None else Form(data=data)
    form.rows = [(i, form[field_name(i.person_key)]) for i in invitees]
    return form


class InviteForm(GuardedForm):
    """Send (again) the invitation: the version the page was opened on."""

    version = HiddenField(validators=[check_version])
    submit = SubmitField("Uitnodiging versturen")
