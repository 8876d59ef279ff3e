"""Demo data for newcomers: an account for every role and province, and a round running now."""

import os
import secrets
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from rollout.auth import services as auth
from rollout.auth.models import Organisation, Role, User
from rollout.auth.passwords import verify_password
from rollout.auth.queries import find_user
from rollout.changes import Act
from rollout.plan.models import Activity, Province, Rollout, Scope, StaffingRole
from rollout.plan.progress import Done, find_progress, record_done
from rollout.plan.seeding import PlanSpec, apply_plan, shift_plan
from rollout.timeutil import BRUSSELS, add_months, utcnow

DEMO_ROUND_SLUG = "demo"
DEMO_ROUND_NAME = "Demo-ronde (loopt nu)"
LEAD_EMAIL = "lead@example.org"


def demo_round_start(today: date) -> date:
    """The first of the month two months back: today then falls in the application phase
    (months 2 to 4 of the plan), before its deadline (the 21st of the fourth month)."""
    return add_months(today.replace(day=1), -2)


def _ensure_user(
    session: Session, email: str, role: Role, name: str, password: str | None, **scope
) -> tuple[User, bool]:
    """The demo user, created if missing; returns (user, created)."""
    user = find_user(session, email)
    if user is None:
        new = auth.NewUser(email, role, name, scope.get("organisation"), scope.get("province"))
        return auth.create_user(session, new, password=password), True
    if password and not verify_password(user.password_hash, password):
        auth.set_password(user, password)
    return user, False


def _ensure_organisation(session: Session, province: Province) -> Organisation:
    slug = f"demo-{province.slug}"
    organisation = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        organisation = Organisation(
            slug=slug,
            name=f"Demovoorziening {province.name}",
            province=province,
            address=f"Kerkstraat 1, {province.name}",
            contact_name="Demo Contactpersoon",
            approved_at=utcnow(),
        )
        session.add(organisation)
        session.flush()
    return organisation


def load_demo(session: Session, spec: PlanSpec, today: date) -> list[str]:
    """Add the demo round and accounts; returns the lines to print. Running it again changes
    nothing but the demo round's dates (it follows today)."""
    apply_plan(session, shift_plan(spec, demo_round_start(today), DEMO_ROUND_NAME, DEMO_ROUND_SLUG))
    password = os.environ.get("DEMO_PASSWORD") or None
    generated = None
    if password is None and find_user(session, LEAD_EMAIL) is None:
        password = generated = secrets.token_urlsafe(12)

    accounts = [(LEAD_EMAIL, Role.LEAD, "Demo programmaverantwoordelijke", {})]
    for province in session.scalars(select(Province).order_by(Province.sort_order)):
        organisation = _ensure_organisation(session, province)
        accounts.append(
            (
                f"org-{province.slug}@example.org",
                Role.ORGANISATION,
                organisation.name,
                {"organisation": organisation},
            )
        )
        accounts.append(
            (
                f"pz-{province.slug}@example.org",
                Role.SERVICE,
                province.foster_care_service,
                {"province": province},
            )
        )
    created = 0
    for email, role, name, scope in accounts:
        _, is_new = _ensure_user(session, email, role, name, password, **scope)
        created += is_new
    session.flush()
    load_demo_applications(session, today)
    load_demo_prematching(session)
    load_demo_teams(session)
    load_demo_progress(session, today)
    load_demo_round(session, today)

    lines = [f"Demo-accounts: {len(accounts)} ({created} nieuw). Aanmelden met bv.:"]
    lines += [f"  {email}" for email, *_ in accounts]
    if generated:
        lines.append(f"Demo-wachtwoord (wordt maar één keer getoond): {generated}")
    elif os.environ.get("DEMO_PASSWORD"):
        lines.append("Demo-wachtwoord: de waarde van DEMO_PASSWORD.")
    else:
        lines.append(
            "Demo-wachtwoord: zoals getoond bij de eerste seed; of zet DEMO_PASSWORD en voer "
            "`make run` opnieuw uit om het te vervangen."
        )
    return lines


# --- demo progress, so that the timelines have something to show -----------------------------

#: Days late per province slug and phase number in the 2021-2022 round; None: not done at all.
DEMO_DELAYS: dict[str, dict[int, int | None]] = {
    "antwerpen": {1: 0, 2: 0, 3: 0, 4: 0, 5: 0},
    # still undecided: only the prematching steps (dated by the prematching itself) go on
    "oost-vlaanderen": {1: 0, 2: 0},
    "vlaams-brabant-brussel": {1: 0, 2: 3, 3: 0, 4: -5, 5: None},
    "west-vlaanderen": {1: 0, 2: 0, 3: 25, 4: None, 5: None},
}


#: Left undone in the demo: Oost-Vlaanderen still has to decide (see DEMO_DECISIONS).
DEMO_NOT_DONE = {("vlaams-brabant-brussel", "evaluatie"), ("oost-vlaanderen", "beslissing")}


def _moment(day: date, hour: int = 10) -> datetime:
    """A moment on `day` (Brussels time) as stored, never later than now."""
    return min(datetime.combine(day, time(hour), tzinfo=BRUSSELS).astimezone(UTC), utcnow())


def _record(
    session: Session,
    activity,
    province,
    end: date | None,
    by_id: int,
    today: date,
    start: date | None = None,
) -> None:
    """Record, through the app's own service, what happened on the days it happened (never
    after the demo's today); an empty `end`: begun on `start`, not done yet."""
    from rollout.staffing import services as teams
    from rollout.staffing.rules import INFO_SESSION, STEP_MILESTONES

    if find_progress(session, activity, province) is not None:
        return  # never overwrite what was recorded
    if start is None and not activity.is_milestone:
        start = activity.planned_start
    if max(d for d in (start, end) if d is not None) > today:
        return  # it has not happened yet
    if activity.slug == INFO_SESSION and province is not None and end is not None:
        # its one record, which dates the activity (as on the team page)
        rollout = activity.phase.rollout
        teams.record_info_session(
            session, rollout, province, end, 35, "Demogegevens", Act.by(by_id, _moment(end))
        )
        return
    if activity.slug in STEP_MILESTONES:
        return  # dated by the team itself
    record_done(
        session,
        activity,
        province,
        Done(actual_start=start, actual_end=end, note="Demogegevens"),
        act=Act(by_id, _moment(end or start), today),
        expected_version=0,
    )


def load_demo_progress(session: Session, today: date) -> None:
    """Progress in the 2021-2022 round (one province on time, others late or behind) and the
    first weeks of the demo round. Only where nothing was recorded yet."""
    lead = find_user(session, LEAD_EMAIL)
    provinces = {p.slug: p for p in session.scalars(select(Province))}
    for rollout_slug in ("2021-2022", DEMO_ROUND_SLUG):
        rollout = session.scalar(select(Rollout).where(Rollout.slug == rollout_slug))
        if rollout is None:
            continue
        for activity in session.scalars(select(Activity).where(Activity.rollout_id == rollout.id)):
            if activity.planned_end >= today:
                continue
            if activity.scope is Scope.PROGRAMME:
                _record(session, activity, None, activity.planned_end, lead.id, today)
                continue
            if rollout_slug == DEMO_ROUND_SLUG:
                continue
            for slug, delays in DEMO_DELAYS.items():
                delay = delays.get(activity.phase.number)
                if delay is None or (slug, activity.slug) in DEMO_NOT_DONE:
                    continue
                _record(
                    session,
                    activity,
                    provinces[slug],
                    activity.planned_end + timedelta(days=delay),
                    lead.id,
                    today,
                )
    session.flush()


# --- demo applications ------------------------------------------------------------------------

#: Organisations with a submitted application in the 2021-2022 round: (slug, name, province).
#: Two in Antwerpen and two in Oost-Vlaanderen, so that prematching has a choice to make.
DEMO_APPLICANTS = [
    ("demo-antwerpen", None, "antwerpen"),
    ("demo-antwerpen-2", "Kinderdorp De Schelde (demo)", "antwerpen"),
    ("demo-oost-vlaanderen", None, "oost-vlaanderen"),
    ("demo-oost-vlaanderen-2", "Huize Leie (demo)", "oost-vlaanderen"),
    ("demo-vlaams-brabant-brussel", None, "vlaams-brabant-brussel"),
    ("demo-west-vlaanderen", None, "west-vlaanderen"),
]
SUBMITTED_AT = datetime(2021, 5, 18, 9, 30, tzinfo=UTC)


def _demo_answers(organisation: Organisation, requirements) -> dict[str, dict]:
    return {
        "organisatie": {
            "organisation_address": organisation.address
            or f"Kerkstraat 1, {organisation.province.name}",
            "contact_name": "Demo Contactpersoon",
            "contact_role": "Directeur",
            "contact_email": f"contact@{organisation.slug}.example.org",
            "contact_phone": "011 00 00 00",
        },
        "visie": {
            "vision_pp": "P&P als aanvulling op onze residentiële werking, voor 3 tot 18 jaar.",
            "vision_cooperation": "Maandelijks overleg met de pleegzorgdienst, een gedeeld team.",
        },
        "vereisten": {
            r.slug: {
                "verdict": "met" if index % 3 else "partly",
                "explanation": f"Zo vullen we '{r.title}' in (demotekst).",
                "questions": [f"Antwoord op: {q}" for q in r.question_list],
            }
            for index, r in enumerate(requirements)
        },
        "bezetting": {
            "coordinator": {"person_name": "An Peeters", "hours_start": 8, "hours_trajectories": 8},
            "pp_counsellor": {
                "person_name": "",
                "to_recruit": True,
                "hours_start": 8,
                "hours_trajectories": 19,
            },
            "parent_counsellor": {
                "person_name": "Bart Jacobs",
                "hours_start": 8,
                "hours_trajectories": 10,
            },
        },
    }


def load_demo_applications(session: Session, today: date) -> None:
    """Submitted applications in 2021-2022, made through the same services as the application
    form. Only what is missing."""
    from rollout.applications import services as applications
    from rollout.applications.queries import find_application, requirements_of

    lead = find_user(session, LEAD_EMAIL)
    historic = session.scalar(select(Rollout).where(Rollout.slug == "2021-2022"))
    provinces = {p.slug: p for p in session.scalars(select(Province))}
    if historic is not None:
        requirements = requirements_of(session, historic)
        for slug, name, province_slug in DEMO_APPLICANTS:
            organisation = session.scalar(select(Organisation).where(Organisation.slug == slug))
            if organisation is None:
                organisation = Organisation(
                    slug=slug,
                    name=name,
                    province=provinces[province_slug],
                    approved_at=SUBMITTED_AT,
                    approved_by_id=lead.id,
                )
                session.add(organisation)
                session.flush()
            if find_application(session, historic, organisation) is not None:
                continue
            act = Act.by(lead.id, SUBMITTED_AT)
            application = applications.start_application(session, historic, organisation, act)
            _fill_in_and_submit(session, application, requirements, act)
    session.flush()


def _fill_in_and_submit(session: Session, application, requirements, act: Act) -> None:
    """Every answer of the demo, saved and submitted (by and at `act`) through the form's
    services."""
    from rollout.applications import services as applications

    answers = _demo_answers(application.organisation, requirements)
    for section, key in (
        ("organisatie", "organisatie"),
        ("visie", "visie"),
        ("inhoud", "vereisten"),  # every requirement, both kinds
        ("bezetting", "bezetting"),
    ):
        applications.save_section(
            session,
            application,
            section,
            answers[key],
            requirements=requirements,
            act=act,
            expected_version=application.version,
        )
    applications.submit(
        session,
        application,
        requirements=requirements,
        act=act,
        expected_version=application.version,
    )


# --- demo prematching -------------------------------------------------------------------------

#: Provinces decided (and published) in the demo, and the organisation chosen there. Oost-
#: Vlaanderen is left with two reviewed and interviewed applicants and no decision yet, so that
#: a newcomer can take that decision.
DEMO_DECISIONS = {
    "antwerpen": "demo-antwerpen",
    "vlaams-brabant-brussel": "demo-vlaams-brabant-brussel",
    "west-vlaanderen": "demo-west-vlaanderen",
}
PAPER_AT = datetime(2021, 6, 8, 10, 0, tzinfo=UTC)
INTERVIEW_AT = datetime(2021, 6, 21, 8, 0, tzinfo=UTC)
DECIDED_AT = datetime(2021, 6, 29, 14, 0, tzinfo=UTC)
PUBLISHED_AT = datetime(2021, 6, 30, 9, 0, tzinfo=UTC)


def load_demo_prematching(session: Session) -> None:
    """Reviews, verdicts on paper, interviews and published decisions in the 2021-2022 round,
    through the same services as the pages. Only where nothing was recorded yet."""
    from rollout.applications.queries import requirements_of
    from rollout.prematching import interviews, services
    from rollout.prematching.models import DecisionKind, MatchOutcome, PaperVerdict
    from rollout.prematching.queries import decision_for, submitted_in

    rollout = session.scalar(select(Rollout).where(Rollout.slug == "2021-2022"))
    lead = find_user(session, LEAD_EMAIL)
    if rollout is None or lead is None:
        return
    requirements = requirements_of(session, rollout)
    for province in session.scalars(select(Province).order_by(Province.sort_order)):
        submitted = submitted_in(session, rollout, province)
        if not submitted or decision_for(session, rollout, province) is not None:
            continue
        reviewer = find_user(session, f"pz-{province.slug}@example.org")
        for application in submitted:
            if application.screening is not None:
                continue
            values = {
                "requirements": {
                    r.slug: {"assessment": "met", "comment": "Demo"} for r in requirements
                },
                "staffing_assessment": "met",
                "staffing_comment": "Voldoet aan de urenregel.",
            }
            for person in (lead, reviewer):
                if person is None:
                    continue
                if person is reviewer:
                    services.assign_reviewer(
                        session, application, person, Act.by(lead.id, PAPER_AT)
                    )
                services.save_review(
                    session,
                    application,
                    requirements,
                    values,
                    Act.by(person.id, PAPER_AT),
                    submit=True,
                    expected_version=0,
                )
            services.record_paper_verdict(
                session,
                application,
                PaperVerdict.TO_INTERVIEW,
                "",
                Act(lead.id, PAPER_AT, PAPER_AT.date()),
                decided_on=PAPER_AT.date(),
            )
            interview = interviews.schedule_interview(
                session,
                application,
                interviews.Schedule(
                    starts_at=INTERVIEW_AT,
                    ends_at=INTERVIEW_AT + timedelta(hours=1, minutes=30),
                    place=f"{application.organisation.name}",
                    online_link="",
                    participants=[{"name": "Demo lead", "email": LEAD_EMAIL, "side": "bethanie"}],
                ),
                Act.by(lead.id, INTERVIEW_AT),
            )
            interviews.record_outcome(
                session,
                interview,
                MatchOutcome.YES,
                "Sterk multidisciplinair team.",
                "Weinig ervaring met pleegzorg.",
                "Fallback 24/7 verder uitwerken.",
                Act(lead.id, INTERVIEW_AT, INTERVIEW_AT.date()),
                held_on=INTERVIEW_AT.date(),
            )
        chosen_slug = DEMO_DECISIONS.get(province.slug)
        chosen = next((a for a in submitted if a.organisation.slug == chosen_slug), None)
        if chosen is None:
            continue
        decision = services.decide(
            session,
            rollout,
            province,
            DecisionKind.PARTNER,
            chosen,
            "Beste match met de pleegzorgdienst in het gesprek.",
            "Een sterke kandidatuur; per provincie werkt één organisatie samen met Pleegzorg.",
            Act(lead.id, DECIDED_AT, DECIDED_AT.date()),
            decided_on=DECIDED_AT.date(),
        )
        services.publish(
            session,
            decision,
            Act(lead.id, PUBLISHED_AT, PUBLISHED_AT.date()),
            expected_version=decision.version,
            published_on=PUBLISHED_AT.date(),
        )
    session.flush()


# --- demo teams -------------------------------------------------------------------------------

#: Hours a week of the P&P counsellor after the start of the trajectories, per decided
#: province; the parent counsellor of West-Vlaanderen leaves in March 2022. So the overview shows
#: green (Antwerpen), amber (Vlaams-Brabant: 16 of 19 hours) and red (West-Vlaanderen).
DEMO_PP_HOURS = {"antwerpen": 19, "vlaams-brabant-brussel": 16, "west-vlaanderen": 19}


def load_demo_teams(session: Session) -> None:
    """Both P&P teams of every decided province in 2021-2022, through the team services."""
    from rollout.staffing import services as teams
    from rollout.staffing.models import TeamKind
    from rollout.staffing.queries import members_of, team_ref

    rollout = session.scalar(select(Rollout).where(Rollout.slug == "2021-2022"))
    lead = find_user(session, LEAD_EMAIL)
    if rollout is None or lead is None:
        return
    act = Act.by(lead.id, datetime(2021, 9, 1, 9, 0, tzinfo=UTC))
    composed = date(2021, 9, 1)
    trajectories = date(2022, 5, 1)
    for slug, pp_hours in DEMO_PP_HOURS.items():
        province = session.scalar(select(Province).where(Province.slug == slug))
        for kind in TeamKind:
            ref = team_ref(session, rollout, province, kind)
            if kind is TeamKind.ORGANISATION and ref.organisation_id is None:
                continue
            if members_of(session, ref):
                continue
            prefix = "Org" if kind is TeamKind.ORGANISATION else "PZ"
            teams.add_member(
                session,
                ref,
                name=f"{prefix} coördinator {province.name}",
                email="",
                role=StaffingRole.COORDINATOR,
                hours=8,
                valid_from=composed,
                valid_until=None,
                act=act,
            )
            counsellor = teams.add_member(
                session,
                ref,
                name=f"{prefix} P&P-begeleider {province.name}",
                email="",
                role=StaffingRole.PP_COUNSELLOR,
                hours=8,
                valid_from=composed,
                valid_until=None,
                act=act,
            )
            teams.change_hours(
                session,
                ref,
                counsellor,
                pp_hours if kind is TeamKind.ORGANISATION else 19,
                trajectories,
                act=act,
                expected_version=counsellor.version,
            )
            parent_until = (
                date(2022, 3, 31)
                if (slug, kind) == ("west-vlaanderen", TeamKind.ORGANISATION)
                else None
            )
            teams.add_member(
                session,
                ref,
                name=f"{prefix} ouderbegeleider {province.name}",
                email="",
                role=StaffingRole.PARENT_COUNSELLOR,
                hours=8,
                valid_from=composed,
                valid_until=parent_until,
                act=act,
            )
    session.flush()


# --- the demo round: provinces that differ ---------------------------------------------------

#: How far each province's demo organisation got in the demo round (in its application phase):
#: Vlaams-Brabant is ahead (submitted early), Antwerpen on its way (an empty draft), West-
#: Vlaanderen withdrew, Oost-Vlaanderen is behind (nothing yet, and undecided). Limburg takes
#: no part in the round.
DEMO_ROUND_STEPS = {
    "antwerpen": "started",
    "vlaams-brabant-brussel": "submitted",
    "west-vlaanderen": "withdrawn",
}
WITHDRAWN_BECAUSE = (
    "Onze P&P-begeleider vertrekt; we stellen ons kandidaat in een volgende ronde (demo)."
)


def demo_round_days(opened: date, today: date) -> dict[str, date]:
    """The days the demo round's steps happened: spread between the opening of the
    applications and today (never later, whatever day the demo is loaded)."""
    span = max((today - opened).days, 0)
    return {
        "started": opened + timedelta(days=span // 5),
        "submitted": opened + timedelta(days=2 * span // 5),
        "withdrawn": opened + timedelta(days=4 * span // 5),
    }


def load_demo_round(session: Session, today: date) -> None:
    """The demo round's applications and their progress per province, dated on the days they
    happened, through the same services as the pages. Only where nothing was recorded yet."""
    from rollout.applications import services as applications
    from rollout.applications.queries import find_application, requirements_of

    rollout = session.scalar(select(Rollout).where(Rollout.slug == DEMO_ROUND_SLUG))
    lead = find_user(session, LEAD_EMAIL)
    if rollout is None or lead is None:
        return
    window = session.scalar(
        select(Activity).where(
            Activity.rollout_id == rollout.id, Activity.slug == "aanmeldingsfiche"
        )
    )
    if window is None or window.planned_start > today:
        return
    days = demo_round_days(window.planned_start, today)
    requirements = requirements_of(session, rollout)
    for province_slug, last_step in DEMO_ROUND_STEPS.items():
        organisation = session.scalar(
            select(Organisation).where(Organisation.slug == f"demo-{province_slug}")
        )
        if organisation is None:
            continue
        member = find_user(session, f"org-{province_slug}@example.org")
        by_id = member.id if member else lead.id
        application = find_application(session, rollout, organisation)
        if application is None:
            application = applications.start_application(
                session, rollout, organisation, Act.by(by_id, _moment(days["started"]))
            )
            if last_step in ("submitted", "withdrawn"):
                at = Act.by(by_id, _moment(days["submitted"]))
                _fill_in_and_submit(session, application, requirements, at)
            if last_step == "withdrawn":
                moment = Act.by(by_id, _moment(days["withdrawn"]))
                applications.withdraw(session, application, WITHDRAWN_BECAUSE, moment)
        done = days["submitted"] if last_step == "submitted" else None
        _record(
            session,
            window,
            organisation.province,
            done,
            lead.id,
            today,
            start=days["started"],
        )
    session.flush()
