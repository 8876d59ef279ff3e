"""The emails of the auth area. In development the mail backend prints them to the log."""

from flask import current_app

from rollout.auth.models import User
from rollout.auth.services import RESET_HOURS, reset_token, verification_token
from rollout.mailing import email
from rollout.web import public_url


def send_invitation(user: User, link: str) -> None:
    days = current_app.config["INVITATION_VALID_DAYS"]
    body = (
        f"Beste {user.name or user.email},\n\n"
        "U bent uitgenodigd voor de P&P-uitroltracker van MFC Bethanië.\n"
        f"Stel via deze link uw wachtwoord in (de link werkt één keer en {days} dagen lang):\n\n"
        f"{link}\n\n"
        "Verwachtte u deze uitnodiging niet? Dan mag u deze e-mail negeren.\n"
    )
    email("Uitnodiging: P&P-uitroltracker", body, to=[user.email]).send()


def send_verification(user: User, link: str) -> None:
    body = (
        f"Beste {user.name or user.email},\n\n"
        "Bevestig uw e-mailadres voor de P&P-uitroltracker van MFC Bethanië via deze link:\n\n"
        f"{link}\n\n"
        "Daarna kunt u zich aanmelden en de aanmeldingsfiche invullen. MFC Bethanië keurt de "
        "registratie van uw organisatie goed voor u kunt indienen.\n\n"
        "Registreerde u zich niet? Dan mag u deze e-mail negeren.\n"
    )
    email("Bevestig uw e-mailadres: P&P-uitroltracker", body, to=[user.email]).send()


#: Days a verification link stays valid.
VERIFY_DAYS = 3


def send_verification_link(user: User) -> None:
    token = verification_token(user, current_app.config["SECRET_KEY"])
    send_verification(user, public_url("auth.verify_email", token=token))


def send_account_exists(user: User) -> None:
    """Someone signed up with the address of an existing account: tell its holder (the page
    said the same as for a new account, so that it tells nobody which addresses have one)."""
    body = (
        f"Beste {user.name or user.email},\n\n"
        "Iemand probeerde met dit e-mailadres een organisatie te registreren in de "
        "P&P-uitroltracker van MFC Bethanië. U hebt al een account: meld u aan via\n\n"
        f"{public_url('auth.login')}\n\n"
        "Weet u uw wachtwoord niet meer? Kies een nieuw via\n\n"
        f"{public_url('auth.forgot_password')}\n\n"
        "Was u dit niet? Dan mag u deze e-mail negeren; er is niets veranderd.\n"
    )
    email("U hebt al een account: P&P-uitroltracker", body, to=[user.email]).send()


def send_reset_link(user: User) -> None:
    """A link to choose a new password: it works once and RESET_HOURS long."""
    link = public_url(
        "auth.reset_password", token=reset_token(user, current_app.config["SECRET_KEY"])
    )
    body = (
        f"Beste {user.name or user.email},\n\n"
        "Kies een nieuw wachtwoord voor de P&P-uitroltracker van MFC Bethanië via deze link "
        f"(hij werkt één keer en {RESET_HOURS} uur lang):\n\n"
        f"{link}\n\n"
        "Daarna bent u overal afgemeld en meldt u zich aan met het nieuwe wachtwoord.\n"
        "Vroeg u dit niet aan? Dan mag u deze e-mail negeren: uw wachtwoord blijft hetzelfde.\n"
    )
    email("Nieuw wachtwoord kiezen: P&P-uitroltracker", body, to=[user.email]).send()


def send_held_back_notice(user: User) -> None:
    """Someone failed to sign in to this account several times from one address, which now
    waits before it may try again; the holder, from anywhere else, may sign in as usual."""
    body = (
        f"Beste {user.name or user.email},\n\n"
        "Er werd enkele keren na elkaar met een verkeerd wachtwoord geprobeerd aan te melden op "
        "uw account bij de P&P-uitroltracker van MFC Bethanië. Vanaf dat adres moet men nu even "
        "wachten voor een nieuwe poging; uzelf kunt gewoon aanmelden.\n\n"
        "Was u dit zelf? Dan hoeft u niets te doen, of kies een nieuw wachtwoord via\n\n"
        f"{public_url('auth.forgot_password')}\n\n"
        "Was u het niet? Kies dan voor de zekerheid een nieuw, sterk wachtwoord via dezelfde "
        "link.\n"
    )
    email("Mislukte aanmeldpogingen op uw account: P&P-uitroltracker", body, to=[user.email]).send()
