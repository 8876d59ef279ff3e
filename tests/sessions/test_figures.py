"""The rules of the sessions on hand-made rows: framework-training coverage, supervision
cadence, attendance rates."""

from datetime import date

from rollout.sessions.figures import (
    ABSENT,
    EXCUSED,
    PRESENT,
    AttendanceRow,
    MeetingRow,
    MonthStatus,
    Person,
    attendance_rates,
    cadence,
    cadence_by_province,
    coverage,
    months_of,
    person_identity,
)

ANTWERPEN, LIMBURG = 1, 2
ANN = Person(person_identity(ANTWERPEN, "Ann", "ann@x.be"), "Ann", ANTWERPEN, "service")
BOB = Person(person_identity(ANTWERPEN, "Bob", ""), "Bob", ANTWERPEN, "organisation")
LIES = Person(person_identity(LIMBURG, "Lies", "lies@x.be"), "Lies", LIMBURG, "service")


def training(id, slug, province=None, held=True, cancelled=False, makeup=False):
    return MeetingRow(id, province, slug, date(2021, 10, id), cancelled, held, makeup)


def present(meeting_id, person, status=PRESENT):
    return AttendanceRow(meeting_id, person.identity, person.name, status, person.province_id)


def test_identity_survives_a_new_period_and_ignores_case_and_spaces():
    assert person_identity(1, "Ann", "Ann@X.be ") == person_identity(1, "Andere", "ann@x.be")
    assert person_identity(1, "Bob  De Smet", "") == person_identity(1, "bob de smet", "")
    assert person_identity(1, "Ann", "ann@x.be") != person_identity(2, "Ann", "ann@x.be")


def test_coverage_lists_who_misses_which_training_and_a_makeup_counts():
    meetings = [
        training(1, "vorming-kaders-1"),
        training(2, "vorming-kaders-2"),
        training(3, "vorming-kaders-3"),
        training(4, "vorming-kaders-2", province=ANTWERPEN, makeup=True),
        training(5, "vorming-kaders-3", cancelled=True),  # cancelled: does not count
        training(6, "vorming-kaders-1", held=False),  # not recorded: does not count
    ]
    attendance = [
        present(1, ANN),
        present(2, ANN, EXCUSED),
        present(4, ANN),  # the make-up session of the second training
        present(3, ANN),
        present(1, BOB),
        present(2, BOB, ABSENT),
        present(5, BOB),
        present(6, LIES),
    ]
    gaps = coverage([ANN, BOB, LIES], meetings, attendance)
    assert gaps[ANTWERPEN] == [
        type(gaps[ANTWERPEN][0])(BOB, ("vorming-kaders-2", "vorming-kaders-3"))
    ]
    assert [g.person for g in gaps[LIMBURG]] == [LIES]
    assert gaps[LIMBURG][0].missing == ("vorming-kaders-1", "vorming-kaders-2", "vorming-kaders-3")
    # everyone covered: the province is there with an empty list
    assert coverage([ANN], meetings, attendance) == {ANTWERPEN: []}


def sup(id, day, province=ANTWERPEN, held=False, cancelled=False):
    return MeetingRow(id, province, "supervisie-maandelijks", day, cancelled, held)


WINDOW = (date(2022, 1, 10), date(2022, 5, 31))


def test_months_of_the_window():
    assert months_of(WINDOW) == [date(2022, m, 1) for m in range(1, 6)]
    assert months_of((date(2021, 11, 30), date(2022, 2, 1))) == [
        date(2021, 11, 1),
        date(2021, 12, 1),
        date(2022, 1, 1),
        date(2022, 2, 1),
    ]


def test_cadence_month_by_month():
    meetings = [
        sup(1, date(2022, 1, 11), held=True),
        sup(2, date(2022, 2, 8)),  # took place, never recorded: missed once February is over
        sup(3, date(2022, 3, 8), cancelled=True),
        sup(4, date(2022, 4, 12)),  # this month, not recorded yet
        sup(5, date(2022, 5, 10), cancelled=True),
    ]
    result = cadence(WINDOW, meetings, today=date(2022, 4, 20))
    assert [c.status for c in result.months] == [
        MonthStatus.HELD,
        MonthStatus.MISSED,
        MonthStatus.CANCELLED,
        MonthStatus.PLANNED,
        MonthStatus.CANCELLED,
    ]
    assert (result.expected, result.held, result.short) == (3, 1, 2)
    assert result.flagged
    assert result.months[1].meeting_ids == (2,)


def test_a_province_on_cadence_is_not_flagged_and_a_month_to_come_is_open():
    meetings = [sup(1, date(2022, 1, 11), held=True), sup(2, date(2022, 2, 8), held=True)]
    result = cadence(WINDOW, meetings, today=date(2022, 3, 1))
    assert [c.status for c in result.months][2:] == [MonthStatus.OPEN] * 3
    assert (result.expected, result.held, result.flagged) == (2, 2, False)
    # a held session and a cancelled one in the same month: held
    both = [sup(1, date(2022, 1, 4), cancelled=True), sup(2, date(2022, 1, 25), held=True)]
    assert cadence(WINDOW, both, date(2022, 2, 1)).months[0].status is MonthStatus.HELD
    # a month with nothing at all, over: missed
    assert cadence(WINDOW, [], date(2022, 2, 1)).months[0].status is MonthStatus.MISSED


def test_cadence_by_province_uses_each_provinces_window_and_programme_wide_sessions():
    windows = {ANTWERPEN: WINDOW, LIMBURG: (date(2022, 2, 1), date(2022, 3, 31))}
    meetings = [
        sup(1, date(2022, 1, 11), held=True),
        sup(2, date(2022, 2, 8), province=None, held=True),
        sup(3, date(2022, 3, 8), province=LIMBURG, held=True),
    ]
    result = cadence_by_province(windows, meetings, today=date(2022, 6, 1))
    assert [c.status for c in result[LIMBURG].months] == [MonthStatus.HELD, MonthStatus.HELD]
    assert not result[LIMBURG].flagged
    assert result[ANTWERPEN].held == 2 and result[ANTWERPEN].short == 3


def test_attendance_rates_per_person_team_and_province():
    meetings = [
        training(1, "x", held=True),
        training(2, "x", held=True),
        training(3, "x", held=False),
    ]
    ann = dict(identity=ANN.identity, name="Ann", province_id=ANTWERPEN, team="service")
    bob = dict(identity=BOB.identity, name="Bob", province_id=ANTWERPEN, team="organisation")
    rows = [
        AttendanceRow(1, status=PRESENT, **ann),
        AttendanceRow(2, status=EXCUSED, **ann),
        AttendanceRow(1, status=PRESENT, **bob),
        AttendanceRow(2, status=ABSENT, **bob),
        AttendanceRow(3, status=ABSENT, **bob),  # not held: not counted
        AttendanceRow(1, "guest:x@y.be", "X", PRESENT),
    ]
    rates = attendance_rates(meetings, rows)
    assert rates.by_person[ANN.identity].rate == 0.5
    assert rates.by_person[ANN.identity].excused == 1
    assert rates.by_person[BOB.identity].invited == 2
    assert rates.by_person["guest:x@y.be"].rate == 1.0
    assert rates.by_team[(ANTWERPEN, "service")].present == 1
    province = rates.by_province[ANTWERPEN]
    assert (province.invited, province.present, province.excused, province.absent) == (4, 2, 1, 1)
    assert province.rate == 0.5
    assert attendance_rates([], rows).by_province == {}
