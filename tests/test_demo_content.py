"""The demo's content is data (issue 10, point 6): one YAML file per area in seeds/demo/, each
loaded by one declared step, and a missing or wrong value is refused naming its file and key."""

import re
import shutil

import pytest
import yaml

from rollout.demo import DEMO_DIR, STEPS, DemoContentError
from rollout.demo import content as demo_content
from rollout.demo.content import read_content
from rollout.prematching.models import PaperVerdict


def _file(tmp_path, area: str, data: dict):
    (tmp_path / f"{area}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return read_content(area, tmp_path)


def test_every_area_has_a_file_and_a_step():
    files = {path.stem for path in DEMO_DIR.glob("*.yaml")}
    modules = {step.load.__module__.rsplit(".", 1)[-1] for step in STEPS}
    assert files == modules
    assert len({step.name for step in STEPS}) == len(STEPS)


def test_a_missing_key_names_the_file_and_the_key(tmp_path):
    content = _file(tmp_path, "prematching", {"paper": {"verdict": "to_interview"}})
    with pytest.raises(DemoContentError, match=r"prematching\.yaml: 'paper\.at' ontbreekt"):
        content.part("paper").moment("at")
    with pytest.raises(DemoContentError, match=r"prematching\.yaml: 'decision' ontbreekt"):
        content.part("decision")


def test_wrong_values_are_refused_with_where_they_are(tmp_path):
    (tmp_path / "prematching.yaml").write_text(
        "at: 2021-06-08T10:00:00\n"  # no timezone
        "verdict: maybe\n"
        "place: '{nowhere}'\n"
        "applicants: [{slug: a}, {slug: 2}]\n",
        encoding="utf-8",
    )
    content = read_content("prematching", tmp_path)
    with pytest.raises(DemoContentError, match="'at' mist zijn verschil met UTC"):
        content.moment("at")
    with pytest.raises(DemoContentError, match="'verdict' is 'maybe', geen van to_interview"):
        content.choice("verdict", PaperVerdict)
    with pytest.raises(DemoContentError, match=r"'place' gebruikt een onbekende plaatshouder"):
        content.fill("place", organisation_name="Eik")
    with pytest.raises(DemoContentError, match=r"'applicants\[1\]\.slug' heeft een ongeldige"):
        [applicant.text("slug") for applicant in content.parts("applicants")]


def test_moments_are_read_in_utc(tmp_path):
    (tmp_path / "progress.yaml").write_text("at: 2021-06-08T12:00:00+02:00\n", encoding="utf-8")
    content = read_content("progress", tmp_path)
    assert content.moment("at").isoformat() == "2021-06-08T10:00:00+00:00"


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DemoContentError, match=r"teams\.yaml: kan de demogegevens niet lezen"):
        read_content("teams", tmp_path)


def test_seed_demo_says_what_is_wrong_in_a_demo_file(app, monkeypatch, tmp_path):
    shutil.copytree(DEMO_DIR, tmp_path, dirs_exist_ok=True)
    accounts = yaml.safe_load((tmp_path / "accounts.yaml").read_text(encoding="utf-8"))
    del accounts["lead"]["name"]
    (tmp_path / "accounts.yaml").write_text(yaml.safe_dump(accounts), encoding="utf-8")
    monkeypatch.setattr(demo_content, "DEMO_DIR", tmp_path)
    monkeypatch.setenv("DEMO_PASSWORD", "demo password 123")
    result = app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert result.exit_code != 0
    assert "accounts.yaml: 'lead.name' ontbreekt" in result.output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda s: s["series"][0]["provinces"].append("atlantis"),
            r"sessions\.yaml: 'series\[0\]\.provinces' noemt 'atlantis'",
        ),
        (
            lambda s: s["trainings"][1].update(start="half tien"),
            r"sessions\.yaml: 'trainings\[1\]\.start' is geen uur",
        ),
        (
            lambda s: s["absences"][0].update(role="chauffeur"),
            r"sessions\.yaml: 'absences\[0\]\.role' is 'chauffeur', geen van",
        ),
    ],
)
def test_a_wrong_session_in_the_demo_is_named(app, monkeypatch, tmp_path, change, message):
    shutil.copytree(DEMO_DIR, tmp_path, dirs_exist_ok=True)
    sessions = yaml.safe_load((tmp_path / "sessions.yaml").read_text(encoding="utf-8"))
    change(sessions)
    (tmp_path / "sessions.yaml").write_text(yaml.safe_dump(sessions), encoding="utf-8")
    monkeypatch.setattr(demo_content, "DEMO_DIR", tmp_path)
    monkeypatch.setenv("DEMO_PASSWORD", "demo password 123")
    result = app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert result.exit_code != 0
    assert re.search(message, result.output), result.output
