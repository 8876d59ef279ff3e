"""The one way the app builds an email, so that no subject breaks a mail header: a name in it
(an organisation's, typed by anyone who signs up) may hold a line break."""

from flask_mailman import EmailMessage

from rollout.text import one_line


def email(subject: str, body: str, to: list[str]) -> EmailMessage:
    """A message to `to` whose subject is `subject` on one line (CR/LF and other control
    characters become a space); the caller attaches and sends it."""
    return EmailMessage(one_line(subject), body, to=to)
