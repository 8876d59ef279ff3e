"""Sign-in and sign-out, the user's own password, invitations, and the lead's user list."""

import functools
from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from rollout import auditing
from rollout.auth import resume, services
from rollout.auth.forms import (
    ChangePasswordForm,
    ConfirmForm,
    ForgotPasswordForm,
    InviteForm,
    LoginForm,
    SetPasswordForm,
)
from rollout.auth.mail import (
    send_held_back_notice,
    send_invitation,
    send_reset_link,
    send_verification_link,
)
from rollout.auth.models import Organisation, Role, User
from rollout.auth.queries import find_user
from rollout.auth.rules import LockPolicy, normalise_email
from rollout.database import lean_load, lean_select
from rollout.extensions import db, rate_limited
from rollout.plan.models import Province
from rollout.policy import Action, can
from rollout.slugs import unique_slug
from rollout.timeutil import utcnow
from rollout.web import csrf_rerender, current_act, public_url, require, run_change


def load_user_by_token(token: str) -> User | None:
    """Flask-Login's loader: the session names the user's current session token. Asked on
    every request (a deactivated user, or a session ended elsewhere, is refused at once); one
    lean query."""
    found = lean_load(db.session, User, _user_by_token(), {"token": token})
    return found[0] if found else None


@functools.cache
def _user_by_token():
    users = User.__table__.c
    return lean_select(User).where(
        users.session_token == bindparam("token"), users.is_active.is_(True)
    )


def _safe_next(target: str | None) -> str:
    """Only a path on this site; anything else goes home."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("main.home")


def _fresh_session() -> None:
    """A new session (no fixation); the CSRF token cached for this request goes with it."""
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def _lock_policy() -> LockPolicy:
    return LockPolicy(
        max_failures=current_app.config["LOGIN_MAX_FAILURES"],
        lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"],
        max_lock_minutes=current_app.config["LOGIN_MAX_LOCK_MINUTES"],
    )


def _attempt() -> services.Attempt:
    """This request as a sign-in attempt: its client address (behind a proxy, the one
    PROXY_FIX_HOPS trusts) and now."""
    return services.Attempt(request.remote_addr or "onbekend", utcnow())


def _login_page(form: LoginForm, resume_path: str | None = None, hidden=()):
    return render_template(
        "auth/login.html", form=form, resume_path=resume_path, resume_hidden=list(hidden)
    )


def idle_form_page():
    """A form sent after the idle timeout: the sign-in page, carrying what was typed."""
    flash(
        "U was te lang inactief en bent afgemeld. Uw invoer is bewaard: meld u opnieuw aan "
        "en verstuur ze daarna opnieuw.",
        "warning",
    )
    hidden = resume.as_hidden(
        resume.fields_to_carry(request.form), resume.csrf_field_names(request.form)
    )
    return _login_page(LoginForm(formdata=None), request.path, hidden)


@rate_limited(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@csrf_rerender
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if request.method == "GET" and request.args.get("email"):
        form.email.data = request.args["email"]
    resume_path, carried, csrf_names = resume.carried_back(request.form)
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                db.session, form.email.data, form.password.data, _attempt(), _lock_policy()
            )
        except services.HeldBack as error:
            send_held_back_notice(error.user)
            db.session.commit()  # keep the failure count
            form.password.errors.append(str(error))
        except services.UnverifiedError as error:
            send_verification_link(error.user)
            db.session.commit()
            form.password.errors.append(str(error))
        except services.AuthError as error:
            db.session.commit()  # keep the failure count
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            _fresh_session()
            session.permanent = True
            login_user(user)
            session["last_seen"] = utcnow().timestamp()
            if resume_path:
                return render_template(
                    "auth/resume.html",
                    path=_safe_next(resume_path),
                    fields=carried,
                    csrf_names=csrf_names,
                )
            return redirect(_safe_next(request.args.get("next")))
    return _login_page(form, resume_path, resume.as_hidden(carried, csrf_names))


@login_required
def logout():
    auditing.event("sign_out", target=current_user._get_current_object())
    services.end_sessions(current_user)
    db.session.commit()
    logout_user()
    _fresh_session()
    flash("U bent afgemeld.", "success")
    return redirect(url_for("auth.login"))


@rate_limited(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@login_required
@csrf_rerender
def account():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                db.session,
                current_user,
                form.current_password.data,
                form.new_password.data,
                _attempt(),
                _lock_policy(),
            )
        except services.AuthError as error:
            db.session.commit()  # keep the failure count
            form.current_password.errors.append(str(error))
        else:
            db.session.commit()
            # The old session token is gone everywhere; keep this browser signed in.
            login_user(current_user._get_current_object())
            flash("Uw wachtwoord is gewijzigd. Andere sessies zijn afgemeld.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, renew=ConfirmForm(prefix="agenda"))


@login_required
def renew_calendar():
    """A new secret in the user's calendar-feed links (POST; the old links stop working)."""
    if ConfirmForm(prefix="agenda").validate_on_submit():
        services.renew_calendar_token(current_user)
        db.session.commit()
        flash(
            "Uw agendalinks zijn vernieuwd: de oude werken niet meer. Abonneer uw agenda opnieuw "
            "met de link op de pagina van de provincie.",
            "success",
        )
    return redirect(url_for("auth.account"))


@rate_limited("20 per hour", methods=["POST"])
@csrf_rerender
def forgot_password():
    """Ask for a link to choose a new password. The answer is the same whether the address has
    an account or not; only an active account's holder gets the mail."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.account"))
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(db.session, form.email.data)
        if user is not None and user.is_active:
            send_reset_link(user)
        auditing.event(
            "password_reset_requested",
            target=user,
            detail="" if user else f"onbekend adres: {normalise_email(form.email.data)}",
        )
        db.session.commit()
        return render_template("auth/reset_sent.html", email=normalise_email(form.email.data))
    return render_template("auth/forgot_password.html", form=form)


@csrf_rerender
def reset_password(token: str):
    try:
        user = services.user_for_reset(db.session, token, current_app.config["SECRET_KEY"])
    except services.AuthError as error:
        return render_template("auth/invitation_invalid.html", message=str(error)), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(
            db.session, token, current_app.config["SECRET_KEY"], form.new_password.data, utcnow()
        )
        db.session.commit()
        logout_user()
        _fresh_session()
        flash("Uw nieuwe wachtwoord is ingesteld. U kunt zich nu aanmelden.", "success")
        return redirect(url_for("auth.login", email=user.email))
    return render_template("auth/reset_password.html", form=form, user=user)


@csrf_rerender
def accept_invitation(token: str):
    try:
        invitation = services.open_invitation(db.session, token, utcnow())
    except services.AuthError as error:
        return render_template("auth/invitation_invalid.html", message=str(error)), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = services.accept_invitation(db.session, token, form.new_password.data, utcnow())
        db.session.commit()
        logout_user()
        _fresh_session()
        flash("Uw wachtwoord is ingesteld. U kunt zich nu aanmelden.", "success")
        return redirect(url_for("auth.login", email=user.email))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)


# --- the lead's user management --------------------------------------------------------------


def _invite_choices(form: InviteForm) -> None:
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name))
    provinces = db.session.scalars(select(Province).order_by(Province.sort_order))
    form.organisation.choices = [(0, "—")] + [(o.id, o.name) for o in organisations]
    form.province.choices = [(0, "—")] + [(p.id, p.name) for p in provinces]


def _organisation_for(form: InviteForm) -> Organisation | None:
    if form.role.data != Role.ORGANISATION:
        return None
    if form.new_organisation.data:
        name = form.new_organisation.data.strip()
        existing = {s for s in db.session.scalars(select(Organisation.slug))}
        organisation = Organisation(
            name=name,
            slug=unique_slug(name, existing),
            province_id=form.province.data,
            approved_at=utcnow(),  # a lead invites it: no approval to wait for
            approved_by_id=current_user.id,
        )
        db.session.add(organisation)
        return organisation
    return db.session.get(Organisation, form.organisation.data)


@login_required
@csrf_rerender
def users():
    require(Action.MANAGE_USERS)
    form = InviteForm()
    _invite_choices(form)
    if form.validate_on_submit():
        new = services.NewUser(
            email=form.email.data,
            role=Role(form.role.data),
            name=form.name.data or "",
            organisation=_organisation_for(form),
            province=db.session.get(Province, form.province.data) if form.province.data else None,
        )
        invited = run_change(lambda: _create_and_invite(new), form, at="email")
        if invited:
            flash(f"Uitnodiging verstuurd naar {invited.value.email}.", "success")
            return redirect(url_for("auth.users"))
    all_users = db.session.scalars(
        select(User)
        .options(selectinload(User.organisation), selectinload(User.service_province))
        .order_by(User.role, User.email)
    ).all()
    return render_template(
        "auth/users.html", form=form, users=all_users, confirm=ConfirmForm(), now=utcnow()
    )


def _create_and_invite(new: services.NewUser) -> User:
    user = services.create_user(db.session, new)
    _send_invitation(user)
    return user


def _send_invitation(user: User) -> None:
    token = services.invite(
        db.session, user, current_act(), current_app.config["INVITATION_VALID_DAYS"]
    )
    send_invitation(user, public_url("auth.accept_invitation", token=token))


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@login_required
def reinvite(user_id: int):
    require(Action.MANAGE_USERS)
    user = _user_or_404(user_id)
    _send_invitation(user)
    db.session.commit()
    flash(f"Nieuwe uitnodiging verstuurd naar {user.email}.", "success")
    return redirect(url_for("auth.users"))


@login_required
def deactivate(user_id: int):
    require(Action.MANAGE_USERS)
    user = _user_or_404(user_id)
    if not can(current_user, Action.DEACTIVATE_USER, user):  # a lead, never their own account
        flash("U kunt uw eigen account niet deactiveren.", "danger")
    else:
        services.deactivate(user)
        db.session.commit()
        flash(f"{user.email} is gedeactiveerd en overal afgemeld.", "success")
    return redirect(url_for("auth.users"))


@login_required
def reactivate(user_id: int):
    require(Action.MANAGE_USERS)
    user = _user_or_404(user_id)
    services.reactivate(user)
    db.session.commit()
    flash(f"{user.email} is opnieuw actief.", "success")
    return redirect(url_for("auth.users"))
