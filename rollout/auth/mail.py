"""The emails of the auth area. In development the mail backend prints them to the log."""

from flask import current_app
from flask_mailman import EmailMessage

from rollout.auth.models import User


def send_invitation(user: User, link: str) -> None:
    days = current_app.config["INVITATION_VALID_DAYS"]
    body = (
        f"Beste {user.name or user.email},\n\n"
        "U bent uitgenodigd voor de P&P-uitroltracker van MFC Bethanië.\n"
        f"Stel via deze link uw wachtwoord in (de link werkt één keer en {days} dagen lang):\n\n"
        f"{link}\n\n"
        "Verwachtte u deze uitnodiging niet? Dan mag u deze e-mail negeren.\n"
    )
    EmailMessage("Uitnodiging: P&P-uitroltracker", body, to=[user.email]).send()
