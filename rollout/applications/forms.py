"""The sections of the aanmeldingsfiche as forms; requirement and staffing fields are built
from the rollout's seed data. Drafts save incomplete answers: completeness is checked when the
application is submitted."""

import math

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    HiddenField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    Email,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)

from rollout.applications.models import VERDICT_LABELS
from rollout.applications.rules import FIELD_LABELS, HOW_QUESTION
from rollout.fields import GuardedForm, check_version
from rollout.plan.models import STAFFING_ROLE_LABELS, StaffingRole

LONG_TEXT = 10_000


def _long(label: str, description: str = "") -> TextAreaField:
    return TextAreaField(
        label,
        description=description,
        validators=[Optional(), Length(max=LONG_TEXT, message="Hoogstens 10.000 tekens.")],
    )


class SectionForm(GuardedForm):
    version = HiddenField(validators=[check_version])
    save = SubmitField("Opslaan")
    save_next = SubmitField("Opslaan en verder")


class OrganisationSection(SectionForm):
    organisation_address = TextAreaField(
        FIELD_LABELS["organisation_address"],
        validators=[Optional(), Length(max=500, message="Hoogstens 500 tekens.")],
    )
    contact_name = StringField(
        FIELD_LABELS["contact_name"],
        validators=[Optional(), Length(max=200, message="Hoogstens 200 tekens.")],
    )
    contact_role = StringField(
        FIELD_LABELS["contact_role"],
        validators=[Optional(), Length(max=200, message="Hoogstens 200 tekens.")],
    )
    contact_email = EmailField(
        FIELD_LABELS["contact_email"],
        validators=[
            Optional(),
            Email("Geef een geldig e-mailadres.", check_deliverability=False),
            Length(max=254),
        ],
    )
    contact_phone = StringField(
        "Telefoon", validators=[Optional(), Length(max=40, message="Hoogstens 40 tekens.")]
    )


class VisionSection(SectionForm):
    vision_pp = _long(
        FIELD_LABELS["vision_pp"],
        "Welke plaats krijgt P&P, voor welke kinderen en jongeren, met welk team?",
    )
    vision_cooperation = _long(FIELD_LABELS["vision_cooperation"])


def requirement_form(requirements, data=None, formdata=None):
    """A form with, per requirement: met / partly / not yet, how, and its own questions."""

    class RequirementSection(SectionForm):
        pass

    for requirement in requirements:
        setattr(
            RequirementSection,
            f"verdict_{requirement.slug}",
            RadioField(
                requirement.title,
                choices=[(v.value, label) for v, label in VERDICT_LABELS.items()],
                validators=[Optional()],
                validate_choice=True,
            ),
        )
        setattr(
            RequirementSection,
            f"how_{requirement.slug}",
            _long(HOW_QUESTION),
        )
        for index, question in enumerate(requirement.question_list):
            setattr(RequirementSection, f"q_{requirement.slug}_{index}", _long(question))
    return RequirementSection(data=data, formdata=formdata)


def requirement_values(form, requirements) -> dict:
    return {
        r.slug: {
            "verdict": form[f"verdict_{r.slug}"].data,
            "explanation": form[f"how_{r.slug}"].data,
            "questions": [form[f"q_{r.slug}_{i}"].data for i in range(len(r.question_list))],
        }
        for r in requirements
    }


def _finite(form, field) -> None:
    if field.data is not None and not field.data.is_finite():
        # stop here: the range check cannot compare a NaN
        raise StopValidation("Geef een aantal uren tussen 0 en 40.")


def _hours(label: str) -> DecimalField:
    return DecimalField(
        label,
        places=1,
        validators=[
            Optional(),
            _finite,
            NumberRange(min=0, max=40, message="Geef een aantal uren tussen 0 en 40."),
        ],
        render_kw={"min": 0, "max": 40, "step": 0.5, "inputmode": "decimal"},
    )


def staffing_form(data=None, formdata=None):
    class StaffingSection(SectionForm):
        pass

    for role in StaffingRole:
        label = STAFFING_ROLE_LABELS[role]
        setattr(
            StaffingSection,
            f"person_{role.value}",
            StringField(
                f"{label}: naam",
                validators=[Optional(), Length(max=200, message="Hoogstens 200 tekens.")],
            ),
        )
        setattr(StaffingSection, f"recruit_{role.value}", BooleanField("Nog aan te werven"))
        setattr(
            StaffingSection,
            f"start_{role.value}",
            _hours("Uren per week bij de start van de samenwerking"),
        )
        setattr(
            StaffingSection,
            f"trajectories_{role.value}",
            _hours("Uren per week vanaf de start van de trajecten"),
        )
    return StaffingSection(data=data, formdata=formdata)


def _float(value):
    """Hours as a float; anything that is no finite number counts as not given."""
    try:
        number = float(value)
    except (TypeError, ValueError, ArithmeticError):
        return None
    return number if math.isfinite(number) and 0 <= number <= 40 else None


def staffing_values(form) -> dict:
    return {
        role.value: {
            "person_name": form[f"person_{role.value}"].data,
            "to_recruit": form[f"recruit_{role.value}"].data,
            "hours_start": _float(form[f"start_{role.value}"].data),
            "hours_trajectories": _float(form[f"trajectories_{role.value}"].data),
        }
        for role in StaffingRole
    }


class AttachmentForm(GuardedForm):
    file = FileField("Bestand (PDF, DOCX of ODT, hoogstens 10 MB)")
    submit = SubmitField("Toevoegen")


class SubmitForm(GuardedForm):
    version = HiddenField(validators=[check_version])
    submit = SubmitField("Indienen")


class ReasonForm(GuardedForm):
    reason = TextAreaField(
        "Reden",
        validators=[Length(max=2000, message="Hoogstens 2000 tekens.")],
    )
    submit = SubmitField("Bevestigen")


class ReopenForm(GuardedForm):
    reason = TextAreaField(
        "Reden (wordt bewaard in de historiek)",
        validators=[Length(max=2000, message="Hoogstens 2000 tekens.")],
    )
    until = StringField(
        "Na de deadline: opnieuw indienen kan tot (datum en uur, Belgische tijd)",
        render_kw={"type": "datetime-local"},
    )
    submit = SubmitField("Heropenen")


class ExtensionForm(GuardedForm):
    until = StringField(
        "Uitstel tot (datum en uur, Belgische tijd)",
        render_kw={"type": "datetime-local"},
    )
    reason = TextAreaField("Reden", validators=[Length(max=2000, message="Hoogstens 2000 tekens.")])
    submit = SubmitField("Uitstel verlenen")
