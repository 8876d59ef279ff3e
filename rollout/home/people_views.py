"""A person's data: a lead looks up an email address, exports what the app holds about it
(JSON) and erases a person who left."""

import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from rollout import auditing
from rollout.extensions import db
from rollout.home import people
from rollout.home.forms import EraseForm, PersonSearchForm
from rollout.policy import Action
from rollout.web import current_act, require, run_change


@login_required
def people_page():
    require(Action.MANAGE_PEOPLE)
    search = PersonSearchForm(request.args)
    data = None
    if "email" in request.args and search.validate():
        data = people.person_data(db.session, search.email.data)
    erase = EraseForm()
    if erase.validate_on_submit():
        outcome = run_change(
            lambda: people.erase_person(db.session, erase.email.data, current_act()),
            erase,
            at="email",
        )
        if outcome:
            flash(f"De persoon is gewist; de app noemt die nu {outcome.value}.", "success")
            return redirect(url_for("home.people"))
    return render_template(
        "home/people.html",
        search=search,
        erase=erase,
        data=data,
        found=data is not None and people.holds_anything(data),
        erased_name=people.ERASED_NAME,
    )


#: The export formats: (content type, how the data becomes the file's bytes).
FORMATS = {
    "json": (
        "application/json; charset=utf-8",
        lambda data: json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        people.person_workbook,
    ),
}


@login_required
def people_export(kind: str):
    require(Action.MANAGE_PEOPLE)
    if kind not in FORMATS:
        abort(404)
    search = PersonSearchForm(request.args)
    if not search.validate():
        return redirect(url_for("home.people"))
    data = people.person_data(db.session, search.email.data)
    content_type, make = FORMATS[kind]
    body = make(data)
    auditing.event("export", detail=f"gegevens van een persoon ({kind.upper()}): {data['email']}")
    return (
        body,
        200,
        {
            "Content-Type": content_type,
            "Content-Disposition": f'attachment; filename="persoonsgegevens.{kind}"',
        },
    )
