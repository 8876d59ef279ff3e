"""Forms of the prematching: the review, the verdict on paper, the decision."""

import re

from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from rollout.fields import DutchDateField, DutchTimeField, GuardedForm, check_version
from rollout.prematching.models import (
    ASSESSMENT_LABELS,
    MATCH_LABELS,
    PAPER_VERDICT_LABELS,
    DecisionKind,
)
from rollout.qa.rules import end_problem, link_problem

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

COMMENT = [Optional(), Length(max=5000, message="Hoogstens 5000 tekens.")]


def happened_on(label: str) -> DutchDateField:
    """The day a step happened; the service checks it lies within the round and not ahead."""
    return DutchDateField(
        label,
        validators=[InputRequired("Geef de dag waarop het gebeurde.")],
        description="Niet later dan vandaag, binnen de ronde.",
    )


def _assessment(label: str) -> RadioField:
    return RadioField(
        label,
        choices=[(a.value, text) for a, text in ASSESSMENT_LABELS.items()],
        validators=[Optional()],
    )


def review_form(requirements, data=None):
    """A form for the requirements of the round: what was sent, else `data`."""

    class ReviewForm(GuardedForm):
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
    return ReviewForm(data=data)


def review_data(review, requirements) -> dict:
    """The form's data for a reviewer's saved assessment (or a new one: none)."""
    data = {"version": review.version if review else 0}
    if review is None:
        return data
    data |= {
        "staffing_assessment": review.staffing_assessment.value
        if review.staffing_assessment
        else None,
        "staffing_comment": review.staffing_comment,
    }
    for r in requirements:
        answer = review.answer_for(r)
        data[f"assessment_{r.slug}"] = (
            answer.assessment.value if answer and answer.assessment else None
        )
        data[f"comment_{r.slug}"] = answer.comment if answer else ""
    return data


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


class AssignForm(GuardedForm):
    user = SelectField("Medewerker van de pleegzorgdienst", coerce=int, validate_choice=False)
    submit = SubmitField("Toewijzen")

    def validate_user(self, field) -> None:
        if field.data not in {value for value, _ in field.choices if value}:
            raise ValidationError("Kies een medewerker.")


class PaperForm(GuardedForm):
    verdict = RadioField(
        "Oordeel op papier",
        choices=[(v.value, label) for v, label in PAPER_VERDICT_LABELS.items()],
        validators=[DataRequired("Kies een oordeel.")],
    )
    reason = TextAreaField("Reden", validators=COMMENT)
    decided_on = happened_on("Oordeel gegeven op")
    submit = SubmitField("Oordeel bewaren")


class VersionField(HiddenField):
    """The version of the decision the form was opened on (0: before there was one), as a
    number; anything else is -1, which no version matches: a conflict."""

    def process_formdata(self, valuelist) -> None:
        text = valuelist[0] if valuelist and valuelist[0] else "0"
        self.data = int(text) if re.fullmatch(r"\d{1,9}", text) else -1


class DecisionForm(GuardedForm):
    version = VersionField()
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
    revision_reason = TextAreaField(
        "Reden van de herziening (enkel in de historiek, niet voor de organisaties)",
        validators=COMMENT,
    )
    #: "Herzien op" once there is a decision: the day of the revision.
    decided_on = happened_on("Beslist op")
    submit = SubmitField("Beslissing bewaren")


class PublishForm(GuardedForm):
    version = VersionField()
    published_on = happened_on("Gepubliceerd op")
    submit = SubmitField("Publiceren")


class InterviewForm(GuardedForm):
    day = DutchDateField("Datum", validators=[InputRequired("Geef de datum van het gesprek.")])
    starts = DutchTimeField(
        "Beginuur", description="Belgische tijd.", validators=[InputRequired("Geef het beginuur.")]
    )
    ends = DutchTimeField("Einduur", validators=[InputRequired("Geef het einduur.")])
    place = StringField(
        "Plaats", validators=[Optional(), Length(max=300, message="Hoogstens 300 tekens.")]
    )
    online_link = StringField(
        "Of de link van het onlinegesprek",
        validators=[Optional(), Length(max=500, message="Hoogstens 500 tekens.")],
    )
    participants = SelectMultipleField(
        "Deelnemers",
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,
    )
    extra = TextAreaField(
        "Andere deelnemers (e-mailadres, één per regel)",
        validators=[Optional(), Length(max=2000, message="Hoogstens 2000 tekens.")],
    )
    submit = SubmitField("Gesprek plannen en uitnodigen")

    def validate_online_link(self, field) -> None:
        if field.data and link_problem(field.data.strip()):
            raise ValidationError(link_problem(field.data.strip()))

    def validate_ends(self, field) -> None:
        if self.starts.data is not None and field.data is not None:
            problem = end_problem(self.starts.data, field.data)
            if problem:
                raise ValidationError(problem)

    def validate_extra(self, field) -> None:
        for line in (field.data or "").splitlines():
            if line.strip() and not EMAIL.fullmatch(line.strip()):
                raise ValidationError(f"'{line.strip()}' is geen geldig e-mailadres.")


class OutcomeForm(GuardedForm):
    outcome = RadioField(
        "Is er een match tussen de organisatie en de pleegzorgdienst?",
        choices=[(m.value, label) for m, label in MATCH_LABELS.items()],
        validators=[DataRequired("Kies een uitkomst.")],
    )
    strengths = TextAreaField("Sterktes", validators=COMMENT)
    concerns = TextAreaField("Bezorgdheden", validators=COMMENT)
    conditions = TextAreaField("Voorwaarden die nog verfijnd moeten worden", validators=COMMENT)
    held_on = happened_on("Gesprek gehouden op")
    submit = SubmitField("Uitkomst bewaren")
