"""Sign-in, password and invitation forms; every message in Dutch."""

from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from rollout.auth.models import ROLE_LABELS
from rollout.auth.rules import MAX_PASSWORD_LENGTH, password_problem
from rollout.fields import GuardedForm

REQUIRED = "Dit veld is verplicht."
PASSWORD_HINT = "Minstens 12 tekens. Een zin van enkele woorden is sterk en makkelijk te onthouden."  # noqa: S105 - a hint, not a password


class LoginForm(GuardedForm):
    email = EmailField("E-mailadres", validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(
        "Wachtwoord", validators=[DataRequired(REQUIRED), Length(max=MAX_PASSWORD_LENGTH)]
    )
    submit = SubmitField("Aanmelden")


class ForgotPasswordForm(GuardedForm):
    email = EmailField("E-mailadres", validators=[DataRequired(REQUIRED), Length(max=254)])
    submit = SubmitField("Stuur mij een link")


class NewPasswordMixin:
    def validate_new_password(self, field) -> None:
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class SetPasswordForm(NewPasswordMixin, GuardedForm):
    new_password = PasswordField(
        "Nieuw wachtwoord",
        description=PASSWORD_HINT,
        validators=[DataRequired(REQUIRED)],
    )
    confirm = PasswordField(
        "Herhaal het nieuwe wachtwoord",
        validators=[
            DataRequired(REQUIRED),
            EqualTo("new_password", "De twee wachtwoorden zijn niet gelijk."),
        ],
    )
    submit = SubmitField("Wachtwoord instellen")


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField("Huidig wachtwoord", validators=[DataRequired(REQUIRED)])
    submit = SubmitField("Wachtwoord wijzigen")


class InviteForm(GuardedForm):
    email = EmailField(
        "E-mailadres",
        validators=[
            DataRequired(REQUIRED),
            Email("Geef een geldig e-mailadres.", check_deliverability=False),
            Length(max=254),
        ],
    )
    name = StringField("Naam", validators=[Optional(), Length(max=200)])
    role = SelectField(
        "Rol",
        choices=[(role.value, label) for role, label in ROLE_LABELS.items()],
        validators=[DataRequired(REQUIRED)],
    )
    organisation = SelectField(
        "Organisatie",
        description="Voor een account van een organisatie.",
        coerce=int,
        validate_choice=False,
    )
    new_organisation = StringField(
        "Of een nieuwe organisatie",
        description="Naam van een organisatie die nog niet in de lijst staat.",
        validators=[Optional(), Length(max=200)],
    )
    province = SelectField(
        "Provincie",
        description="Voor een pleegzorgdienst, of de provincie van een nieuwe organisatie.",
        coerce=int,
        validate_choice=False,
    )
    submit = SubmitField("Uitnodigen")

    def validate_organisation(self, field) -> None:
        if self.role.data != "organisation":
            return
        valid = {value for value, _ in field.choices if value}
        if self.new_organisation.data:
            provinces = {value for value, _ in self.province.choices if value}
            if self.province.data not in provinces:
                self.province.errors.append("Kies de provincie van de nieuwe organisatie.")
                raise ValidationError(
                    "Kies een organisatie, of vul een nieuwe in met haar provincie."
                )
            return
        if field.data not in valid:
            raise ValidationError("Kies de organisatie van dit account.")

    def validate_province(self, field) -> None:
        valid = {value for value, _ in field.choices if value}
        if self.role.data == "service" and field.data not in valid:
            raise ValidationError("Kies de provincie van deze pleegzorgdienst.")


class ConfirmForm(GuardedForm):
    """A button that changes something: only its CSRF token is checked."""

    submit = SubmitField("Bevestigen")


class SignUpForm(NewPasswordMixin, GuardedForm):
    organisation_name = StringField(
        "Naam van de organisatie",
        validators=[DataRequired(REQUIRED), Length(max=200, message="Hoogstens 200 tekens.")],
    )
    province = SelectField("Provincie", coerce=int, validate_choice=False)
    address = TextAreaField(
        "Adres",
        validators=[DataRequired(REQUIRED), Length(max=500, message="Hoogstens 500 tekens.")],
    )
    contact_name = StringField(
        "Contactpersoon (uw naam)",
        validators=[DataRequired(REQUIRED), Length(max=200, message="Hoogstens 200 tekens.")],
    )
    email = EmailField(
        "E-mailadres",
        description="U krijgt een link om het te bevestigen.",
        validators=[
            DataRequired(REQUIRED),
            Email("Geef een geldig e-mailadres.", check_deliverability=False),
            Length(max=254),
        ],
    )
    phone = StringField("Telefoon (optioneel)", validators=[Optional(), Length(max=40)])
    new_password = PasswordField(
        "Wachtwoord",
        description=PASSWORD_HINT,
        validators=[DataRequired(REQUIRED)],
    )
    confirm = PasswordField(
        "Herhaal het wachtwoord",
        validators=[
            DataRequired(REQUIRED),
            EqualTo("new_password", "De twee wachtwoorden zijn niet gelijk."),
        ],
    )
    submit = SubmitField("Registreren")

    def validate_province(self, field) -> None:
        if field.data not in {value for value, _ in field.choices if value}:
            raise ValidationError("Kies de provincie van uw organisatie.")


class OrganisationForm(GuardedForm):
    """A lead corrects an organisation's name, address and contact."""

    name = StringField(
        "Naam van de organisatie",
        validators=[DataRequired(REQUIRED), Length(max=200, message="Hoogstens 200 tekens.")],
    )
    address = TextAreaField(
        "Adres", validators=[Optional(), Length(max=500, message="Hoogstens 500 tekens.")]
    )
    contact_name = StringField(
        "Contactpersoon",
        validators=[Optional(), Length(max=200, message="Hoogstens 200 tekens.")],
    )
    contact_email = EmailField(
        "E-mailadres van de contactpersoon",
        validators=[
            Optional(),
            Email("Geef een geldig e-mailadres.", check_deliverability=False),
            Length(max=254),
        ],
    )
    contact_phone = StringField(
        "Telefoon", validators=[Optional(), Length(max=40, message="Hoogstens 40 tekens.")]
    )
    submit = SubmitField("Opslaan")


class MemberForm(GuardedForm):
    email = EmailField(
        "E-mailadres van uw collega",
        validators=[
            DataRequired(REQUIRED),
            Email("Geef een geldig e-mailadres.", check_deliverability=False),
            Length(max=254),
        ],
    )
    name = StringField("Naam", validators=[Optional(), Length(max=200)])
    submit = SubmitField("Collega uitnodigen")
