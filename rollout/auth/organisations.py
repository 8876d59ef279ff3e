"""Organisations: signing up, verifying the email, and the lead's list where sign-ups are
approved and names and contacts corrected. (The organisation's own page is in rollout/home.)"""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from rollout.auth import services
from rollout.auth.forms import ConfirmForm, OrganisationForm, SignUpForm
from rollout.auth.mail import VERIFY_DAYS, send_account_exists, send_verification_link
from rollout.auth.models import Organisation, User
from rollout.extensions import db, rate_limited
from rollout.plan.models import Province
from rollout.policy import Action
from rollout.timeutil import utcnow
from rollout.web import csrf_rerender, current_act, require, run_change


@rate_limited("20 per hour", methods=["POST"])
@csrf_rerender
def sign_up():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignUpForm()
    form.province.choices = [(0, "—")] + [
        (p.id, p.name) for p in db.session.scalars(select(Province).order_by(Province.sort_order))
    ]
    if form.validate_on_submit():
        signed_up = run_change(lambda: _sign_up(form), form, at="email")
        if signed_up:
            return render_template("auth/signed_up.html", email=signed_up.value.email)
    return render_template("auth/sign_up.html", form=form)


def _sign_up(form: SignUpForm) -> User:
    """The organisation and its first account, with a link to verify the email; for an email
    that has an account, a mail to its holder instead, and the same answer on the page."""
    signed_up = services.sign_up(
        db.session,
        services.SignUp(
            organisation_name=form.organisation_name.data,
            province=db.session.get(Province, form.province.data),
            address=form.address.data,
            contact_name=form.contact_name.data,
            email=form.email.data,
            phone=form.phone.data or "",
            password=form.new_password.data,
        ),
    )
    if signed_up.is_new:
        send_verification_link(signed_up.user)
    else:
        send_account_exists(signed_up.user)
    return signed_up.user


def verify_email(token: str):
    try:
        services.verify_email(
            db.session, token, current_app.config["SECRET_KEY"], VERIFY_DAYS, utcnow()
        )
    except services.AuthError as error:
        return render_template("auth/invitation_invalid.html", message=str(error)), 410
    db.session.commit()
    flash("Uw e-mailadres is bevestigd. U kunt zich nu aanmelden.", "success")
    return redirect(url_for("auth.login"))


@login_required
def organisations():
    require(Action.APPROVE_ORGANISATIONS)
    member_counts = dict(
        db.session.execute(
            select(User.organisation_id, func.count(User.id)).group_by(User.organisation_id)
        ).all()
    )
    rows = db.session.scalars(
        select(Organisation)
        .options(selectinload(Organisation.province))
        .order_by(Organisation.approved_at.is_not(None), Organisation.name)
    ).all()
    return render_template(
        "auth/organisations.html", organisations=rows, members=member_counts, confirm=ConfirmForm()
    )


@login_required
def approve(organisation_id: int):
    require(Action.APPROVE_ORGANISATIONS)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    services.approve_organisation(organisation, current_act())
    db.session.commit()
    flash(f"{organisation.name} is goedgekeurd en kan een aanmeldingsfiche indienen.", "success")
    return redirect(url_for("auth.organisations"))


@login_required
@csrf_rerender
def edit_organisation(organisation_id: int):
    require(Action.MANAGE_ORGANISATIONS)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit() and run_change(
        lambda: services.correct_organisation(
            db.session,
            organisation,
            services.OrganisationDetails(
                name=form.name.data,
                address=form.address.data or "",
                contact_name=form.contact_name.data or "",
                contact_email=form.contact_email.data or "",
                contact_phone=form.contact_phone.data or "",
            ),
            current_act(),
        ),
        form,
        at="name",
    ):
        flash(f"De gegevens van {organisation.name} zijn bewaard.", "success")
        return redirect(url_for("auth.organisations"))
    return render_template("auth/organisation_edit.html", form=form, organisation=organisation)
