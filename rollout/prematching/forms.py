"""Forms of the prematching: the review, the verdict on paper, the decision."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from rollout.applications.forms import check_version
from rollout.prematching.models import ASSESSMENT_LABELS, PAPER_VERDICT_LABELS, DecisionKind

COMMENT = [Optional(), Length(max=5000, message="Hoogstens 5000 tekens.")]


def _assessment(label: str) -> RadioField:
    return RadioField(
        label,
        choices=[(a.value, text) for a, text in ASSESSMENT_LABELS.items()],
        validators=[Optional()],
    )


def review_form(requirements, data=None, formdata=None):
    class ReviewForm(FlaskForm):
        version = HiddenField(validators=[check_version])
        staffing_assessment = _assessment("De bezetting (8u/19u)")
        staffing_comment = TextAreaField("Toelichting bij de bezetting", validators=COMMENT)
        save = SubmitField("Opslaan")
        submit_review = SubmitField("Beoordeling indienen")

    for requirement in requirements:
        setattr(ReviewForm, f"assessment_{requirement.slug}", _assessment(requirement.title))
        setattr(
            ReviewForm,
            f"comment_{requirement.slug}",
            TextAreaField("Toelichting", validators=COMMENT),
        )
    return ReviewForm(data=data, formdata=formdata)


def review_values(form, requirements) -> dict:
    return {
        "requirements": {
            r.slug: {
                "assessment": form[f"assessment_{r.slug}"].data,
                "comment": form[f"comment_{r.slug}"].data,
            }
            for r in requirements
        },
        "staffing_assessment": form.staffing_assessment.data,
        "staffing_comment": form.staffing_comment.data,
    }


class AssignForm(FlaskForm):
    user = SelectField("Medewerker van de pleegzorgdienst", coerce=int, validate_choice=False)
    submit = SubmitField("Toewijzen")

    def validate_user(self, field) -> None:
        if field.data not in {value for value, _ in field.choices if value}:
            raise ValidationError("Kies een medewerker.")


class PaperForm(FlaskForm):
    verdict = RadioField(
        "Oordeel op papier",
        choices=[(v.value, label) for v, label in PAPER_VERDICT_LABELS.items()],
        validators=[DataRequired("Kies een oordeel.")],
    )
    reason = TextAreaField("Reden", validators=COMMENT)
    submit = SubmitField("Oordeel bewaren")


class DecisionForm(FlaskForm):
    version = HiddenField()
    kind = RadioField(
        "Beslissing",
        choices=[
            (DecisionKind.PARTNER.value, "Deze organisatie werkt samen met de pleegzorgdienst"),
            (DecisionKind.NO_PARTNER.value, "Geen partner in deze ronde"),
        ],
        validators=[DataRequired("Kies een beslissing.")],
    )
    application = SelectField("Organisatie", coerce=int, validate_choice=False)
    reason = TextAreaField("Reden", validators=COMMENT)
    others_reason = TextAreaField(
        "Wat de andere kandidaten van deze provincie te lezen krijgen ('niet geselecteerd')",
        validators=COMMENT,
    )
    submit = SubmitField("Beslissing bewaren")
