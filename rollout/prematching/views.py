"""Matching: the provinces' applicants side by side, reviews, the verdict on paper and the
decision per province."""

from flask import (
    abort,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from rollout.applications import queries as applications
from rollout.applications.loaders import load_application, overview_context
from rollout.applications.models import Application
from rollout.auth.models import Role, User
from rollout.caching import cached, round_key
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
    review_data,
    review_form,
    review_values,
)
from rollout.prematching.interviews import SIDES
from rollout.prematching.mail import send_interview_invitation
from rollout.prematching.models import (
    ASSESSMENT_LABELS,
    MATCH_LABELS,
    PAPER_VERDICT_LABELS,
    DecisionKind,
    MatchOutcome,
    PaperVerdict,
)
from rollout.prematching.rules import visible_reviews
from rollout.timeutil import brussels_to_utc, brussels_today, to_brussels
from rollout.web import (
    chosen_round,
    csrf_rerender,
    current_act,
    province_or_404,
    require,
    run_change,
    shared_page,
)

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
    shown = chosen_round()
    return shared_page(
        "matching",
        "prematching/index.html",
        lambda: {"body": cached(round_key(shown, "matching"), lambda: _index_body(shown.rollout))},
    )


def _index_body(rollout) -> str:
    """Every province's applicants, verdicts on paper and decision, the same for every lead:
    made on a cache miss only."""
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
    body = get_template_attribute("prematching/_index_body.html", "matching_body")
    return body(rollout, rows)


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
    columns = [_column(a, is_lead) for a in submitted]
    decision = queries.decision_for(db.session, rollout, province)
    if decision is not None and not (is_lead or decision.is_published):
        decision = None  # a service sees the decision once it is published, like everyone
    if form is None:
        form = _decision_form(rollout, province, decision)
    _decision_choices(form, submitted)
    if decision is not None:
        form.decided_on.label.text = "Herzien op"
    if publish_form is None and decision is not None:
        publish_form = _publish_form(rollout, province, decision)
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


def _column(application: Application, is_lead: bool) -> dict:
    """One applicant's column: the reviews this user may see, the staffing check, and what
    the user may do."""
    return {
        "application": application,
        "reviews": visible_reviews(application.reviews, current_user.id, is_lead),
        "staffing": applications.staffing_check(db.session, application),
        "may_review": can(current_user, Action.REVIEW_APPLICATION, application),
        "may_read_review": can(current_user, Action.VIEW_REVIEW, application),
    }


def _decision_form(rollout, province, decision) -> DecisionForm:
    """The decision as it stands (or none yet), on the day the form proposes."""
    planned = queries.last_decided_on(decision) if decision else None
    decided_on = queries.proposed(
        db.session, rollout, province, brussels_today(), slug="beslissing", planned=planned
    )
    if decision is None:
        data = {"version": 0, "kind": None, "application": None, "reason": "", "others_reason": ""}
    else:
        data = {
            "version": decision.version,
            "kind": decision.kind.value,
            "application": decision.application_id,
            "reason": decision.reason,
            "others_reason": decision.others_reason,
        }
    return DecisionForm(formdata=None, data=data | {"decided_on": decided_on})


def _publish_form(rollout, province, decision) -> PublishForm:
    published_on = queries.proposed(
        db.session,
        rollout,
        province,
        brussels_today(),
        planned=queries.last_decided_on(decision),
    )
    return PublishForm(
        formdata=None,
        prefix="publiceren",
        data={"version": decision.version, "published_on": published_on},
    )


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
    posted = request.method == "POST"
    if posted and not editable:
        require(Action.REVIEW_APPLICATION, application)  # a closed round: read only
    requirements = applications.requirements_of(db.session, application.rollout)
    form = review_form(
        requirements, data=None if posted else review_data(_my_review(application), requirements)
    )
    if posted and form.validate() and _review_saved(application, requirements, form):
        flash("Beoordeling ingediend." if form.submit_review.data else "Opgeslagen.", "success")
        return redirect(url_for("prematching.review", application_id=application.id))
    mine = _my_review(application)
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


def _my_review(application: Application):
    return queries.review_of(db.session, application, current_user.id)


def _review_saved(application: Application, requirements, form) -> bool:
    """Save (or submit) the user's review; a conflict keeps what was typed, on the version
    saved meanwhile."""

    def take_saved_version() -> None:
        current = _my_review(application)
        form.version.data = current.version if current else 0

    return run_change(
        lambda: services.save_review(
            db.session,
            application,
            requirements,
            review_values(form, requirements),
            current_act(),
            submit=bool(form.submit_review.data),
            expected_version=int(form.version.data),
        ),
        conflict="Uw beoordeling werd intussen elders opgeslagen; uw invoer staat hieronder.",
        on_conflict=take_saved_version,
    ).saved


def applications_context(application: Application) -> dict:
    context = overview_context(application)
    context["staffing"] = applications.staffing_check(db.session, application)
    return context


@login_required
@csrf_rerender
def paper(application_id: int):
    """The lead's verdict on paper, and who of the service reviews."""
    application = load_application(application_id)
    require(Action.MANAGE_MATCHING)
    chosen_round(application.rollout)
    form = PaperForm(data=_paper_data(application) if request.method == "GET" else None)
    assign = _assign_form(application)
    if request.method == "POST" and assign.submit.data:
        if assign.validate() and _reviewer_assigned(application, assign):
            flash("Beoordelaar toegewezen.", "success")
            return redirect(request.path)
    elif request.method == "POST" and form.validate() and _verdict_saved(application, form):
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


def _paper_data(application: Application) -> dict:
    """The verdict given, or none yet on the day the form proposes."""
    screening = application.screening
    if screening is not None:
        return {
            "verdict": screening.verdict.value,
            "reason": screening.reason,
            "decided_on": screening.decided_on,
        }
    decided_on = queries.proposed(
        db.session,
        application.rollout,
        application.organisation.province,
        brussels_today(),
        slug="prematching-papier",
    )
    return {"verdict": None, "reason": "", "decided_on": decided_on}


def _assign_form(application: Application) -> AssignForm:
    """Assign one of the active members of the province's foster-care service."""
    assign = AssignForm(prefix="assign")
    service_users = db.session.scalars(
        select(User).where(
            User.role == Role.SERVICE,
            User.province_id == application.organisation.province_id,
            User.is_active.is_(True),
        )
    ).all()
    assign.user.choices = [(0, "—")] + [(u.id, u.name or u.email) for u in service_users]
    return assign


def _reviewer_assigned(application: Application, assign: AssignForm) -> bool:
    reviewer = db.session.get(User, assign.user.data)
    return run_change(
        lambda: services.assign_reviewer(db.session, application, reviewer, current_act()),
        assign,
        at="user",
    ).saved


def _verdict_saved(application: Application, form: PaperForm) -> bool:
    return run_change(
        lambda: services.record_paper_verdict(
            db.session,
            application,
            PaperVerdict(form.verdict.data),
            form.reason.data or "",
            current_act(),
            decided_on=form.decided_on.data,
        ),
        form,
        at="verdict",
    ).saved


@login_required
@csrf_rerender
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
    existing = queries.decision_for(db.session, rollout, province)
    if existing is not None and form.version.data == 0:
        flash(DECIDED_MEANWHILE, "danger")  # the form was opened before any decision
        return redirect(url_for("prematching.province", slug=slug, ronde=rollout.slug))
    saved = run_change(
        lambda: _take_decision(rollout, province, existing, form, submitted),
        form,
        at="kind",
        conflict=DECIDED_MEANWHILE if existing is None else services.DECISION_CHANGED,
    )
    if saved.at_form:
        return _province_page(province, rollout, rollouts, form=form)
    if saved:
        flash(
            "Beslissing bewaard (nog niet gepubliceerd)."
            if existing is None
            else "Beslissing herzien; publiceer ze opnieuw om ze te tonen.",
            "success",
        )
    return redirect(url_for("prematching.province", slug=slug, ronde=rollout.slug))


#: Another lead took the province's decision since the form was opened.
DECIDED_MEANWHILE = (
    "Voor deze provincie werd intussen al beslist (door een collega). Bekijk de beslissing "
    "hieronder en herzie ze zo nodig."
)


def _take_decision(rollout, province, existing, form: DecisionForm, submitted) -> None:
    """The decision as the form gives it: taken, or the existing one revised."""
    kind = DecisionKind(form.kind.data)
    chosen = next((a for a in submitted if a.id == form.application.data), None)
    reason, others_reason = form.reason.data or "", form.others_reason.data or ""
    if existing is None:
        services.decide(
            db.session,
            rollout,
            province,
            kind,
            chosen,
            reason,
            others_reason,
            current_act(),
            decided_on=form.decided_on.data,
        )
    else:
        services.revise(
            db.session,
            existing,
            kind,
            chosen,
            reason,
            others_reason,
            form.revision_reason.data or "",
            current_act(),
            expected_version=form.version.data,
            revised_on=form.decided_on.data,
        )


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
    published = run_change(
        lambda: services.publish(
            db.session,
            decision,
            current_act(),
            expected_version=form.version.data,
            published_on=form.published_on.data,
        ),
        form,
        conflict="De beslissing werd intussen gewijzigd of gepubliceerd. Bekijk ze opnieuw.",
    )
    if published.at_form:
        return _province_page(province, rollout, rollouts, publish_form=form)
    if published:
        flash("Beslissing gepubliceerd: de organisaties zien ze nu.", "success")
    return redirect(url_for("prematching.province", slug=slug, ronde=rollout.slug))


@login_required
@csrf_rerender
def interview(application_id: int):
    """Plan the interview and invite by email with an .ics; afterwards, its outcome."""
    application = load_application(application_id)
    require(Action.MANAGE_MATCHING)
    chosen_round(application.rollout)
    current = application.interview
    choices = interviews.participant_choices(db.session, application)
    plan_form, outcome_form = _interview_forms(current, choices)
    posted = request.method == "POST"
    if posted and plan_form.submit.data and plan_form.validate():
        people = interviews.participants(choices, plan_form.participants.data, plan_form.extra.data)
        if _scheduled(application, plan_form, people):
            invited = (
                "1 deelnemer kreeg" if len(people) == 1 else f"{len(people)} deelnemers kregen"
            )
            flash(f"Gesprek gepland; {invited} een uitnodiging.", "success")
            return redirect(request.path)
    if posted and outcome_form.submit.data and outcome_form.validate():
        if current is None:
            outcome_form.outcome.errors = ["Plan eerst het gesprek."]
        elif _outcome_saved(current, outcome_form):
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


def _interview_forms(current, choices) -> tuple[InterviewForm, OutcomeForm]:
    """The planning form (the interview as planned) and the outcome form (as recorded); on a
    POST, as sent."""
    opened = request.method == "GET"
    plan_data = _plan_data(current, choices) if opened and current is not None else None
    plan_form = InterviewForm(prefix="plan", data=plan_data)
    plan_form.participants.choices = [
        (uid, f"{u.name or u.email} ({SIDES[side]})") for uid, (u, side) in choices.items()
    ]
    outcome_form = OutcomeForm(prefix="uitkomst", data=_outcome_data(current) if opened else None)
    return plan_form, outcome_form


def _plan_data(current, choices) -> dict:
    start, end = to_brussels(current.starts_at), to_brussels(current.ends_at)
    participants, extra = interviews.invited(current, choices)
    return {
        "day": start.date(),
        "starts": start.time(),
        "ends": end.time(),
        "place": current.place,
        "online_link": current.online_link,
        "participants": participants,
        "extra": extra,
    }


def _outcome_data(current) -> dict:
    return {
        "outcome": current.outcome.value if current and current.outcome else None,
        "strengths": current.strengths if current else "",
        "concerns": current.concerns if current else "",
        "conditions": current.conditions if current else "",
        "held_on": _held_on_proposal(current),
    }


def _scheduled(application: Application, form: InterviewForm, people: list[dict]) -> bool:
    """Plan (or move) the interview and invite everyone; refused, with the message at the
    field it is about (the day otherwise)."""

    def schedule() -> None:
        scheduled = interviews.schedule_interview(
            db.session,
            application,
            interviews.Schedule(
                starts_at=brussels_to_utc(form.day.data, form.starts.data),
                ends_at=brussels_to_utc(form.day.data, form.ends.data),
                place=form.place.data or "",
                online_link=form.online_link.data or "",
                participants=people,
            ),
            current_act(),
        )
        send_interview_invitation(scheduled)

    return run_change(schedule, form, at="day").saved


def _outcome_saved(current, form: OutcomeForm) -> bool:
    return run_change(
        lambda: interviews.record_outcome(
            db.session,
            current,
            MatchOutcome(form.outcome.data),
            form.strengths.data or "",
            form.concerns.data or "",
            form.conditions.data or "",
            current_act(),
            held_on=form.held_on.data,
        ),
        form,
        at="outcome",
    ).saved


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
