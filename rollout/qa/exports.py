"""One Q&A session as an iCalendar file. Plain functions."""

from datetime import datetime

from icalendar import Calendar, Event

from rollout.qa.models import QaSession


def session_uid(qa_session: QaSession) -> str:
    """Stable, so that a calendar that imports the file again updates the event in place."""
    return f"qa-{qa_session.id}@pp-uitrol"


def session_calendar(qa_session: QaSession, rollout_name: str, now: datetime) -> bytes:
    """A single event in UTC; the link to join is its location, URL and description."""
    link = qa_session.online_link
    description = [f"Digitale vragenronde met Bethanië en Pleegzorg – {rollout_name}."]
    if qa_session.notes:
        description.append(qa_session.notes)
    description.append(f"Online deelnemen: {link}")

    event = Event()
    event.add("uid", session_uid(qa_session))
    event.add("summary", qa_session.title)
    event.add("dtstart", qa_session.starts_at)
    event.add("dtend", qa_session.ends_at)
    event.add("dtstamp", now)
    event.add("description", "\n\n".join(description))
    event.add("location", link)
    event.add("url", link)

    calendar = Calendar()
    calendar.add("prodid", "-//MFC Bethanie//P&P-uitroltracker//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()
