"""The one way a view runs a change (`web.run_change`) and who and when it is made (`Act`)."""

from datetime import UTC, date, datetime

import pytest
from flask import session
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms import StringField, SubmitField

from rollout.changes import Act, Conflict, Refused
from rollout.extensions import db
from rollout.plan.models import Province
from rollout.web import run_change


def test_an_act_is_judged_on_the_date_in_brussels():
    new_year = datetime(2021, 12, 31, 23, 30, tzinfo=UTC)  # 1 Jan 2022, 00:30 in Brussels
    act = Act.by(7, new_year)
    assert (act.user_id, act.now, act.today) == (7, new_year, date(2022, 1, 1))
    assert abs(Act.by(None).now - datetime.now(UTC)).total_seconds() < 60  # default: now


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Naam")
    submit = SubmitField("Bewaren")


@pytest.fixture
def request_context(app):
    with app.test_request_context("/", method="POST", data={"name": "Getypt"}):
        yield


def _add_province(slug: str = "test") -> Province:
    province = Province(slug=slug, name="Test", foster_care_service="Pleegzorg Test")
    db.session.add(province)
    db.session.flush()
    return province


def _refuse(field: str | None = None):
    def change():
        _add_province()
        raise Refused("Zo niet.", field)

    return change


def _flashed() -> list[tuple[str, str]]:
    """The messages flashed since the last call (within the one request of a test)."""
    return session.pop("_flashes", [])


def _saved_provinces() -> list[str]:
    return list(db.session.scalars(select(Province.slug)))


def test_a_change_is_committed_once_and_its_value_returned(request_context):
    outcome = run_change(_add_province)
    assert outcome and outcome.value.slug == "test"
    db.session.rollback()  # nothing left to undo: it was committed
    assert _saved_provinces() == ["test"]


def test_a_refusal_is_undone_and_shown_at_its_field_with_what_was_typed(request_context):
    form = NameForm()
    outcome = run_change(_refuse("name"), form, at="submit")
    assert not outcome and outcome.at_form and outcome.message == "Zo niet."
    assert form.name.errors == ["Zo niet."] and form.name.data == "Getypt"
    assert _saved_provinces() == []
    assert _flashed() == []


def test_a_refusal_without_a_field_goes_to_at_else_it_is_flashed(request_context):
    form = NameForm()
    assert run_change(_refuse(), form, at="submit").at_form
    assert form.submit.errors == ["Zo niet."]
    outcome = run_change(_refuse("elders"), form)
    assert not outcome and not outcome.at_form
    assert _flashed() == [("danger", "Zo niet.")]
    assert not run_change(_refuse(), quiet=True)
    assert _flashed() == []
    assert _saved_provinces() == []


def test_a_conflict_is_undone_flashed_and_the_view_takes_the_saved_version(request_context):
    taken = []

    def conflict():
        _add_province()
        raise Conflict("Intussen gewijzigd.")

    outcome = run_change(conflict, NameForm(), on_conflict=lambda: taken.append(True))
    assert not outcome and not outcome.at_form and taken == [True]
    assert _flashed() == [("danger", "Intussen gewijzigd.")]
    assert not run_change(conflict, conflict="De boodschap van de pagina.")
    assert _flashed() == [("danger", "De boodschap van de pagina.")]
    assert _saved_provinces() == []


def test_the_database_noticing_a_conflict_is_one_only_where_the_view_expects_it(request_context):
    def stale():
        _add_province()
        raise StaleDataError("the row changed")

    assert not run_change(stale, conflict="Intussen gewijzigd.")
    assert _flashed() == [("danger", "Intussen gewijzigd.")]
    db.session.rollback()
    with pytest.raises(StaleDataError):
        run_change(stale)  # not expected here: a bug, not a race
    db.session.rollback()
    assert _saved_provinces() == []


def test_a_unique_constraint_is_a_conflict_where_the_view_expects_one(request_context):
    run_change(_add_province)
    assert not run_change(_add_province, conflict="Al genomen.")
    assert _flashed() == [("danger", "Al genomen.")]
    assert _saved_provinces() == ["test"]
