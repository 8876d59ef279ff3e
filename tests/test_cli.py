from sqlalchemy import func, select

from rollout.auth.models import Role, User
from rollout.extensions import db
from rollout.plan.models import Rollout


def test_seed_loads_the_plan_and_a_second_run_changes_nothing(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "60 nieuw" in first.output
    second = runner.invoke(args=["seed"])
    assert "0 nieuw, 0 bijgewerkt, 60 ongewijzigd" in second.output


def test_seed_a_new_round_from_the_same_file(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed"])
    result = runner.invoke(args=["seed", "--start", "2027-02-01", "--name", "Uitrol 2027-2028"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        new = db.session.scalar(select(Rollout).where(Rollout.slug == "uitrol-2027-2028"))
        assert new.name == "Uitrol 2027-2028"
        assert str(new.application_deadline) == "2027-05-21"
    assert runner.invoke(args=["seed", "--start", "2027-02-01"]).exit_code != 0


def test_seed_demo_prints_the_sign_ins_and_a_generated_password_once(app, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "--demo"])
    assert first.exit_code == 0, first.output
    assert "lead@example.org" in first.output
    assert "org-west-vlaanderen@example.org" in first.output
    assert "wordt maar één keer getoond" in first.output
    second = runner.invoke(args=["seed", "--demo"])
    assert "wordt maar één keer getoond" not in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 11


def test_create_user_makes_the_first_lead(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-user",
            "--role",
            "lead",
            "--email",
            "Ellen@Bethanie.be",
            "--password",
            "x" * 12,
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.email, user.role) == ("ellen@bethanie.be", Role.LEAD)


def test_create_user_refuses_a_short_password_and_a_missing_province(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed"])
    short = runner.invoke(
        args=["create-user", "--role", "lead", "--email", "a@b.be", "--password", "kort"]
    )
    assert short.exit_code != 0
    assert "minstens 12 tekens" in short.output
    no_scope = runner.invoke(
        args=["create-user", "--role", "service", "--email", "pz@b.be", "--password", "x" * 12]
    )
    assert no_scope.exit_code != 0
    assert "provincie" in no_scope.output
