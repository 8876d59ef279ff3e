from datetime import date

from sqlalchemy import select

from rollout.extensions import db
from rollout.plan.models import Activity, ActivityProgress, Province


def test_plan_page_lists_phases_activities_and_dates(client, login_as):
    login_as("lead")
    page = client.get("/plan?ronde=2021-2022").text
    for phase in [
        "Sensibiliseren",
        "Aanmelding &amp; beeldvorming",
        "Matching",
        "Fitting",
        "Training",
    ]:
        assert phase in page
    assert "Inspiratiemoment voor pleegzorgmedewerkers" in page
    assert "11 feb 2021" in page
    assert "21 mei 2021" in page  # the deadline
    assert "Fallbackbeleid" in page
    assert "19 uur" in page


def test_plan_status_for_a_lead_counts_provinces(app, client, login_as):
    login_as("lead")
    with app.app_context():
        activity = db.session.scalar(select(Activity).where(Activity.slug == "beslissing"))
        province = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        db.session.add(
            ActivityProgress(activity=activity, province=province, actual_end=date(2021, 6, 29))
        )
        db.session.commit()
    page = client.get("/plan?ronde=2021-2022").text
    row = page[page.index('data-activity="beslissing"') :]
    row = row[: row.index("</tr>")]
    assert "Achterstallig" in row  # three provinces never recorded it
    assert "1 van 4 provincies" in row  # Limburg does not take part


def test_province_page_shows_its_own_status(app, client, login_as):
    login_as("service", "antwerpen")
    with app.app_context():
        activity = db.session.scalar(select(Activity).where(Activity.slug == "beslissing"))
        province = db.session.scalar(select(Province).where(Province.slug == "antwerpen"))
        db.session.add(
            ActivityProgress(activity=activity, province=province, actual_end=date(2021, 7, 2))
        )
        db.session.commit()
    page = client.get("/provinces/antwerpen?ronde=2021-2022").text
    row = page[page.index('data-activity="beslissing"') :]
    row = row[: row.index("</tr>")]
    assert "Laat afgerond" in row
    assert "2 jul 2021" in row
    assert "Pleegzorg Provincie Antwerpen" in page


def test_the_default_round_is_the_one_running_today(client, login_as, current_round):
    login_as("lead")
    page = client.get("/plan").text
    assert "Huidige ronde" in page
    assert "huidige fase" in page
    assert "Aanmelding &amp; beeldvorming</strong>" in page


def test_limburg_does_not_take_part_in_2021_2022(client, login_as):
    login_as("service", "limburg")
    page = client.get("/provinces/limburg?ronde=2021-2022").text
    assert "neemt niet deel" in page
