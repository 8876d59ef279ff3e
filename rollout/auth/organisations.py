"""Organisations: signing up, verifying the email, the organisation's own page with its
members, and the lead's list where sign-ups are approved."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from rollout.applications.models import Application
from rollout.applications.services import (
    STATUS_LABELS,
    deadline_of,
    display_status,
    participation_problem_of,
)
from rollout.auth import services
from rollout.auth.forms import ConfirmForm, MemberForm, SignUpForm
from rollout.auth.mail import VERIFY_DAYS, send_invitation, send_verification_link
from rollout.auth.models import Organisation, Role, User
from rollout.auth.views import bp
from rollout.extensions import db, limiter
from rollout.plan import services as plan_services
from rollout.plan.models import Province
from rollout.policy import Action
from rollout.prematching.services import OUTCOME_LABELS, outcome_for
from rollout.staffing.teams import partner_round
from rollout.timeutil import brussels_today, utcnow
from rollout.web import csrf_rerender, current_act, require, run_change


@bp.route("/registreren", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
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
    """The organisation and its first account, with a link to verify the email."""
    user = services.sign_up(
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
    send_verification_link(user)
    return user


@bp.get("/registreren/bevestigen/<token>")
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


@bp.route("/mijn-organisatie", methods=["GET", "POST"])
@login_required
@csrf_rerender
def my_organisation():
    """The organisation's home: its application, the Q&A round, its province, its members."""
    organisation = current_user.organisation
    if organisation is None:
        abort(404)
    form = MemberForm()
    if form.validate_on_submit():
        require(Action.MANAGE_MEMBERS, organisation)
        invited = run_change(lambda: _invite_member(organisation, form), form, at="email")
        if invited:
            flash(f"Uitnodiging verstuurd naar {invited.value.email}.", "success")
            return redirect(url_for("auth.my_organisation"))
    applications = db.session.scalars(
        select(Application)
        .where(Application.organisation_id == organisation.id)
        .options(selectinload(Application.rollout))
    ).all()
    now = utcnow()
    rows = [
        (a, display_status(a, deadline_of(db.session, a), now), outcome_for(db.session, a))
        for a in applications
    ]
    members = db.session.scalars(
        select(User).where(User.organisation_id == organisation.id).order_by(User.email)
    ).all()
    running = plan_services.default_rollout(
        plan_services.list_rollouts(db.session), brussels_today()
    )
    return render_template(
        "auth/my_organisation.html",
        organisation=organisation,
        participation_problem=participation_problem_of(db.session, running, organisation.province)
        if running
        else None,
        applications=sorted(rows, key=lambda r: r[0].rollout.start_date, reverse=True),
        status_labels=STATUS_LABELS,
        outcome_labels=OUTCOME_LABELS,
        members=members,
        form=form,
        team_round=partner_round(db.session, organisation.id),
    )


def _invite_member(organisation: Organisation, form: MemberForm) -> User:
    """A colleague's account in the organisation, invited by email."""
    user = services.create_user(
        db.session,
        services.NewUser(form.email.data, Role.ORGANISATION, form.name.data or "", organisation),
    )
    token = services.invite(
        db.session, user, current_act(), current_app.config["INVITATION_VALID_DAYS"]
    )
    send_invitation(user, url_for("auth.accept_invitation", token=token, _external=True))
    return user


@bp.get("/organisaties")
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


@bp.post("/organisaties/<int:organisation_id>/goedkeuren")
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
