"""Matching: the provinces' applicants side by side, reviews, the verdict on paper and the
decision per province."""

import re

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_mailman import EmailMessage
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from rollout.applications import queries as applications
from rollout.applications.loaders import load_application, overview_context
from rollout.applications.models import Application
from rollout.auth.models import Role, User
from rollout.extensions import db
from rollout.plan import queries as plan_queries
from rollout.policy import Action, can
from rollout.prematching import interviews, queries, services
from rollout.prematching.forms import (
    AssignForm,
    DecisionForm,
    InterviewForm,
    OutcomeForm,
    PaperForm,
    PublishForm,
    review_form,
    review_values,
)
from rollout.prematching.interviews import SIDES
from rollout.prematching.models import (
    ASSESSMENT_LABELS,
    MATCH_LABELS,
    PAPER_VERDICT_LABELS,
    DecisionKind,
    MatchOutcome,
    PaperVerdict,
)
from rollout.prematching.rules import DecisionExists, visible_reviews
from rollout.timeutil import brussels_to_utc, brussels_today, to_brussels, utcnow
from rollout.web import chosen_round, csrf_rerender, province_or_404, require

COMMON = {
    "assessment_labels": ASSESSMENT_LABELS,
    "paper_labels": PAPER_VERDICT_LABELS,
    "match_labels": MATCH_LABELS,
}


def _rollout():
    """The round the page shows (see `chosen_round`) and the ones to choose from."""
    shown = chosen_round()
    return shown.rollout, shown.rollouts


def _back_to_province(application: Application):
    """After a step on one application: back to its province's matching page."""
    slug = application.organisation.province.slug
    return redirect(url_for("prematching.province", slug=slug, ronde=application.rollout.slug))


@login_required
def index():
    if current_user.role is Role.SERVICE:
        return redirect(url_for("prematching.province", slug=current_user.service_province.slug))
    require(Action.MANAGE_MATCHING)
    rollout, rollouts = _rollout()
    submitted, decisions = queries.matching_overview(db.session, rollout)
    rows = []
    for participation in plan_queries.participations(db.session, rollout):
        if not participation.takes_part:
            continue
        applications = submitted.get(participation.province_id, [])
        rows.append(
            {
                "province": participation.province,
                "submitted": applications,
                "screened": sum(1 for a in applications if a.screening is not None),
                "decision": decisions.get(participation.province_id),
            }
        )
    return render_template("prematching/index.html", rollout=rollout, rollouts=rollouts, rows=rows)


@login_required
def province(slug: str):
    """The applicants of a province side by side: verdicts per reviewer, staffing, outcome."""
    province = province_or_404(slug)
    require(Action.VIEW_MATCHING, province)
    rollout, rollouts = _rollout()
    return _province_page(province, rollout, rollouts)


def _province_page(province, rollout, rollouts, form=None, publish_form=None, status=200):
    """The province's matching page; after a refused decision or publication, with the forms
    as the lead filled them in and the message at its field."""
    submitted = queries.submitted_in(db.session, rollout, province)
    requirements = applications.requirements_of(db.session, rollout)
    is_lead = can(current_user, Action.MANAGE_MATCHING)
    columns = [
        {
            "application": a,
            "reviews": visible_reviews(a.reviews, current_user.id, is_lead),
            "staffing": applications.staffing_check(db.session, a),
            "may_review": can(current_user, Action.REVIEW_APPLICATION, a),
            "may_read_review": can(current_user, Action.VIEW_REVIEW, a),
        }
        for a in submitted
    ]
    decision = queries.decision_for(db.session, rollout, province)
    if decision is not None and not (is_lead or decision.is_published):
        decision = None  # a service sees the decision once it is published, like everyone
    today = brussels_today()
    if form is None:
        form = DecisionForm(
            formdata=None,
            data={
                "version": decision.version if decision else 0,
                "kind": decision.kind.value if decision else None,
                "application": decision.application_id if decision else None,
                "reason": decision.reason if decision else "",
                "others_reason": decision.others_reason if decision else "",
                "decided_on": queries.proposed(
                    db.session,
                    rollout,
                    province,
                    today,
                    slug="beslissing",
                    planned=queries.last_decided_on(decision) if decision else None,
                ),
            },
        )
    _decision_choices(form, submitted)
    if decision is not None:
        form.decided_on.label.text = "Herzien op"
    if publish_form is None and decision is not None:
        publish_form = PublishForm(
            formdata=None,
            prefix="publiceren",
            data={
                "version": decision.version,
                "published_on": queries.proposed(
                    db.session,
                    rollout,
                    province,
                    today,
                    planned=queries.last_decided_on(decision),
                ),
            },
        )
    return render_template(
        "prematching/province.html",
        rollout=rollout,
        rollouts=rollouts,
        province=province,
        columns=columns,
        requirements=requirements,
        decision=decision,
        decided_on=queries.last_decided_on(decision) if decision else None,
        form=form,
        publish_form=publish_form,
        **COMMON,
    ), status


def _decision_choices(form: DecisionForm, submitted: list[Application]) -> None:
    form.application.choices = [(0, "—")] + [(a.id, a.organisation.name) for a in submitted]


@login_required
@csrf_rerender
def review(application_id: int):
    application = load_application(application_id)
    require(Action.VIEW_REVIEW, application)
    if not application.is_submitted:
        abort(404)
    editable = can(current_user, Action.REVIEW_APPLICATION, application)
    if request.method == "POST" and not editable:
        require(Action.REVIEW_APPLICATION, application)  # a closed round: read only
    requirements = applications.requirements_of(db.session, application.rollout)
    mine = queries.review_of(db.session, application, current_user.id)
    data = {"version": mine.version if mine else 0}
    if mine is not None:
        data |= {
            "staffing_assessment": mine.staffing_assessment.value
            if mine.staffing_assessment
            else None,
            "staffing_comment": mine.staffing_comment,
        }
        for r in requirements:
            answer = mine.answer_for(r)
            data[f"assessment_{r.slug}"] = (
                answer.assessment.value if answer and answer.assessment else None
            )
            data[f"comment_{r.slug}"] = answer.comment if answer else ""
    form = review_form(
        requirements,
        data=None if request.method == "POST" else data,
        formdata=request.form if request.method == "POST" else None,
    )
    if request.method == "POST" and form.validate():
        try:
            services.save_review(
                db.session,
                application,
                current_user.id,
                requirements,
                review_values(form, requirements),
                submit=bool(form.submit_review.data),
                now=utcnow(),
                expected_version=int(form.version.data),
            )
            db.session.commit()
        except (services.ConflictError, StaleDataError, IntegrityError):
            db.session.rollback()
            flash(
                "Uw beoordeling werd intussen elders opgeslagen; uw invoer staat hieronder.",
                "danger",
            )
            current = queries.review_of(db.session, application, current_user.id)
            form.version.data = current.version if current else 0
        except services.MatchingError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash("Beoordeling ingediend." if form.submit_review.data else "Opgeslagen.", "success")
            return redirect(url_for("prematching.review", application_id=application.id))
    mine = queries.review_of(db.session, application, current_user.id)
    return render_template(
        "prematching/review.html",
        **applications_context(application),
        form=form,
        mine=mine,
        editable=editable and not (mine and mine.is_submitted),
        round_closed=not editable,
        review_requirements=requirements,
        others=[
            r for r in visible_reviews(application.reviews, current_user.id, False) if r is not mine
        ],
        **COMMON,
    )


def applications_context(application: Application) -> dict:
    context = overview_context(application)
    context["staffing"] = applications.staffing_check(db.session, application)
    return context


@login_required
def paper(application_id: int):
    """The lead's verdict on paper, and who of the service reviews."""
    application = load_application(application_id)
    require(Action.MANAGE_MATCHING)
    chosen_round(application.rollout)
    screening = application.screening
    form = PaperForm(
        data={
            "verdict": screening.verdict.value if screening else None,
            "reason": screening.reason if screening else "",
            "decided_on": screening.decided_on
            if screening
            else queries.proposed(
                db.session,
                application.rollout,
                application.organisation.province,
                brussels_today(),
                slug="prematching-papier",
            ),
        }
        if request.method == "GET"
        else None
    )
    assign = AssignForm(prefix="assign")
    service_users = db.session.scalars(
        select(User).where(
            User.role == Role.SERVICE,
            User.province_id == application.organisation.province_id,
            User.is_active.is_(True),
        )
    ).all()
    assign.user.choices = [(0, "—")] + [(u.id, u.name or u.email) for u in service_users]
    if request.method == "POST":
        if assign.submit.data:
            if assign.validate():
                try:
                    services.assign_reviewer(
                        db.session,
                        application,
                        db.session.get(User, assign.user.data),
                        current_user.id,
                        utcnow(),
                    )
                    db.session.commit()
                    flash("Beoordelaar toegewezen.", "success")
                    return redirect(request.path)
                except services.MatchingError as error:
                    db.session.rollback()
                    assign.user.errors = [str(error)]
        elif form.validate() and _saved(
            form,
            "verdict",
            lambda: services.record_paper_verdict(
                db.session,
                application,
                PaperVerdict(form.verdict.data),
                form.reason.data or "",
                current_user.id,
                utcnow(),
                brussels_today(),
                decided_on=form.decided_on.data,
            ),
        ):
            flash("Oordeel op papier bewaard.", "success")
            return _back_to_province(application)
    return render_template(
        "prematching/paper.html",
        application=application,
        form=form,
        assign=assign,
        reviews=application.reviews,
        **COMMON,
    )


def _version(value) -> int:
    """The version a form was opened on; -1 for anything that is not one (a conflict)."""
    text = str(value or "0")
    return int(text) if re.fullmatch(r"\d{1,9}", text) else -1


@login_required
def decide(slug: str):
    """Take or revise the province's decision; a refused one comes back with the message at
    its field and the form as it was filled in."""
    province = province_or_404(slug)
    require(Action.MANAGE_MATCHING)
    rollout, rollouts = _rollout()
    form = DecisionForm()
    submitted = queries.submitted_in(db.session, rollout, province)
    _decision_choices(form, submitted)
    if not form.validate():
        return _province_page(province, rollout, rollouts, form=form)
    kind = DecisionKind(form.kind.data)
    chosen = next((a for a in submitted if a.id == form.application.data), None)
    existing = queries.decision_for(db.session, rollout, province)
    version = _version(form.version.data)
    try:
        if existing is not None and version == 0:
            raise DecisionExists("taken meanwhile")  # the form was opened before any decision
        if existing is None:
            services.decide(
                db.session,
                rollout,
                province,
                kind,
                chosen,
                form.reason.data or "",
                form.others_reason.data or "",
                current_user.id,
                utcnow(),
                brussels_today(),
                decided_on=form.decided_on.data,
            )
        else:
            services.revise(
                db.session,
                existing,
                kind,
                chosen,
                form.reason.data or "",
                form.others_reason.data or "",
                form.revision_reason.data or "",
                current_user.id,
                utcnow(),
                expected_version=version,
                today=brussels_today(),
                revised_on=form.decided_on.data,
            )
        db.session.commit()
    except (DecisionExists, IntegrityError):
        db.session.rollback()
        flash(
            "Voor deze provincie werd intussen al beslist (door een collega). Bekijk de "
            "beslissing hieronder en herzie ze zo nodig.",
            "danger",
        )
    except (services.ConflictError, StaleDataError):
        db.session.rollback()
        flash("De beslissing werd intussen gewijzigd. Bekijk ze opnieuw.", "danger")
    except services.MatchingError as error:
        db.session.rollback()
        _show_error(form, error, "kind")
        return _province_page(province, rollout, rollouts, form=form)
    else:
        flash(
            "Beslissing bewaard (nog niet gepubliceerd)."
            if existing is None
            else "Beslissing herzien; publiceer ze opnieuw om ze te tonen.",
            "success",
        )
    return redirect(url_for("prematching.province", slug=slug, ronde=rollout.slug))


def _saved(form, default: str, step) -> bool:
    """Run one step and commit; a refusal is undone and shown at its field (or at `default`),
    with what was typed still in the form."""
    try:
        step()
        db.session.commit()
    except services.MatchingError as error:
        db.session.rollback()
        _show_error(form, error, default)
        return False
    return True


def _show_error(form, error: services.MatchingError, default: str) -> None:
    """A refused step's message at the field it is about (or at `default`)."""
    name = error.field if error.field in form._fields else default
    form[name].errors = [*form[name].errors, str(error)]


@login_required
def publish(slug: str):
    province = province_or_404(slug)
    require(Action.MANAGE_MATCHING)
    rollout, rollouts = _rollout()
    decision = queries.decision_for(db.session, rollout, province)
    if decision is None:
        abort(404)
    form = PublishForm(prefix="publiceren")
    if not form.validate():
        return _province_page(province, rollout, rollouts, publish_form=form)
    try:
        services.publish(
            db.session,
            decision,
            current_user.id,
            utcnow(),
            _version(form.version.data),
            today=brussels_today(),
            published_on=form.published_on.data,
        )
        db.session.commit()
        flash("Beslissing gepubliceerd: de organisaties zien ze nu.", "success")
    except (services.ConflictError, StaleDataError):
        db.session.rollback()
        flash("De beslissing werd intussen gewijzigd of gepubliceerd. Bekijk ze opnieuw.", "danger")
    except services.MatchingError as error:
        db.session.rollback()
        if error.field is None:
            flash(str(error), "danger")
        else:
            _show_error(form, error, "published_on")
            return _province_page(province, rollout, rollouts, publish_form=form)
    return redirect(url_for("prematching.province", slug=slug, ronde=rollout.slug))


def _participant_choices(application: Application) -> dict[int, tuple[User, str]]:
    """Who may be invited: leads, the province's service, the organisation's members."""
    users = db.session.scalars(
        select(User)
        .where(
            User.is_active.is_(True),
            (User.role == Role.LEAD)
            | (
                (User.role == Role.SERVICE)
                & (User.province_id == application.organisation.province_id)
            )
            | (User.organisation_id == application.organisation_id),
        )
        .order_by(User.role, User.email)
    ).all()
    sides = {Role.LEAD: "bethanie", Role.SERVICE: "pleegzorg", Role.ORGANISATION: "organisatie"}
    return {u.id: (u, sides[u.role]) for u in users}


@login_required
@csrf_rerender
def interview(application_id: int):
    """Plan the interview and invite by email with an .ics; afterwards, its outcome."""
    application = load_application(application_id)
    require(Action.MANAGE_MATCHING)
    chosen_round(application.rollout)
    current = application.interview
    choices = _participant_choices(application)
    plan_data = None
    if request.method == "GET" and current is not None:
        start, end = to_brussels(current.starts_at), to_brussels(current.ends_at)
        known = {p["email"] for p in current.participants}
        plan_data = {
            "day": start.date(),
            "starts": start.time(),
            "ends": end.time(),
            "place": current.place,
            "online_link": current.online_link,
            "participants": [uid for uid, (u, _) in choices.items() if u.email in known],
            "extra": "\n".join(
                p["email"]
                for p in current.participants
                if p["email"] not in {u.email for u, _ in choices.values()}
            ),
        }
    plan_form = InterviewForm(prefix="plan", data=plan_data)
    plan_form.participants.choices = [
        (uid, f"{u.name or u.email} ({SIDES[side]})") for uid, (u, side) in choices.items()
    ]
    outcome_form = OutcomeForm(
        prefix="uitkomst",
        data={
            "outcome": current.outcome.value if current and current.outcome else None,
            "strengths": current.strengths if current else "",
            "concerns": current.concerns if current else "",
            "conditions": current.conditions if current else "",
            "held_on": _held_on_proposal(current),
        }
        if request.method == "GET"
        else None,
    )
    if request.method == "POST" and plan_form.submit.data and plan_form.validate():
        people = [
            {
                "name": choices[uid][0].name or choices[uid][0].email,
                "email": choices[uid][0].email,
                "side": choices[uid][1],
            }
            for uid in plan_form.participants.data
            if uid in choices
        ]
        people += [
            {"name": line.strip(), "email": line.strip().lower(), "side": ""}
            for line in (plan_form.extra.data or "").splitlines()
            if line.strip()
        ]
        try:
            scheduled = interviews.schedule_interview(
                db.session,
                application,
                interviews.Schedule(
                    starts_at=brussels_to_utc(plan_form.day.data, plan_form.starts.data),
                    ends_at=brussels_to_utc(plan_form.day.data, plan_form.ends.data),
                    place=plan_form.place.data or "",
                    online_link=plan_form.online_link.data or "",
                    participants=people,
                ),
                current_user.id,
                utcnow(),
            )
            send_interview_invitation(scheduled)
            db.session.commit()
        except services.MatchingError as error:
            db.session.rollback()
            field = {"ends": "ends", "place": "place", "participants": "participants"}.get(
                error.field
            )
            getattr(plan_form, field or "day").errors = [str(error)]
        else:
            invited = (
                "1 deelnemer kreeg" if len(people) == 1 else f"{len(people)} deelnemers kregen"
            )
            flash(f"Gesprek gepland; {invited} een uitnodiging.", "success")
            return redirect(request.path)
    if request.method == "POST" and outcome_form.submit.data and outcome_form.validate():
        if current is None:
            outcome_form.outcome.errors = ["Plan eerst het gesprek."]
        elif _saved(
            outcome_form,
            "outcome",
            lambda: interviews.record_outcome(
                db.session,
                current,
                MatchOutcome(outcome_form.outcome.data),
                outcome_form.strengths.data or "",
                outcome_form.concerns.data or "",
                outcome_form.conditions.data or "",
                current_user.id,
                utcnow(),
                brussels_today(),
                held_on=outcome_form.held_on.data,
            ),
        ):
            flash("Uitkomst van het gesprek bewaard.", "success")
            return _back_to_province(application)
    return render_template(
        "prematching/interview.html",
        application=application,
        interview=current,
        plan_form=plan_form,
        outcome_form=outcome_form,
        sides=SIDES,
        match_labels=MATCH_LABELS,
    )


def _held_on_proposal(interview):
    """The day the outcome form proposes: the recorded one, else the interview's own day once
    it is past, else (see `proposed_day`) today or, in a round that ended, its planned day."""
    if interview is None:
        return None
    if interview.held_on is not None:
        return interview.held_on
    application = interview.application
    return queries.proposed(
        db.session,
        application.rollout,
        application.organisation.province,
        brussels_today(),
        slug="prematching-gesprek",
        known=to_brussels(interview.starts_at).date(),
    )


def send_interview_invitation(interview) -> None:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    address = sender.split("<")[-1].rstrip(">").strip()
    message = EmailMessage(
        f"Uitnodiging: P&P-matchingsgesprek {interview.application.organisation.name}",
        interviews.invitation_text(interview),
        to=[p["email"] for p in interview.participants],
    )
    message.attach(
        "gesprek.ics",
        interviews.invitation_calendar(interview, address, utcnow()),
        "text/calendar; method=REQUEST; charset=utf-8",
    )
    message.send()
