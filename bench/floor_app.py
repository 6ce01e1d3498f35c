"""The least a signed-in page of 50 dossiers can cost on the portal's stack, for bench/pages.py.

Flask, Flask-Login's session and user loader, Flask-SQLAlchemy's pooled connection (pinged
as the portal's is), one statement for the rows and a Jinja table: no layout, no second
language, no forms, no response headers. The portal's pages can only cost more; the bench
measures this beside them, on the same database and the same workers, so every run shows
how far a target stands from what the stack itself allows. A bench tool only: its sign-in
takes a user id and no password.
"""
import os

import sqlalchemy as sa
from flask import Flask, render_template
from flask_login import LoginManager, UserMixin, login_required, login_user
from flask_sqlalchemy import SQLAlchemy
from jinja2 import DictLoader

from portal.dossiers.queues import QUEUES

db = SQLAlchemy()
login_manager = LoginManager()

USER = sa.text("SELECT id, full_name FROM users WHERE id = :id")
ROWS = sa.text("""
    SELECT d.id, d.code, d.procedure, d.state, d.due_on, e.name, e.code AS enterprise_code,
           a.full_name AS assignee
    FROM dossiers d JOIN enterprises e ON e.id = d.enterprise_id
    LEFT JOIN users a ON a.id = d.assignee_id
    WHERE d.state IN :states AND d.due_on IS NOT NULL
    ORDER BY d.due_on, d.id LIMIT 50""").bindparams(sa.bindparam("states", expanding=True))
PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><header>{{ current_user.full_name }}</header><main><h1>{{ title }}</h1><table><tbody>
{% for d in rows %}<tr><td>{{ d.due_on.strftime("%d/%m/%Y") }}</td>
<th scope="row"><a href="/officer/dossiers/{{ d.id }}">{{ d.code }}</a></th><td>{{ d.procedure }}</td>
<td>{{ d.name }}<br><small>{{ d.enterprise_code }}</small></td><td>{{ d.state }}</td>
<td>{{ d.assignee or "" }}</td></tr>
{% endfor %}</tbody></table></main></body></html>"""


class Officer(UserMixin):
    def __init__(self, row):
        self.id, self.full_name = row


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=os.environ["PORTAL_SECRET_KEY"], SQLALCHEMY_DATABASE_URI=os.environ["PORTAL_DATABASE_URL"],
                      SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True})
    app.jinja_loader = DictLoader({"queue.html": PAGE})  # compiled once, as the portal's are
    db.init_app(app)
    login_manager.init_app(app)
    queue_name = os.environ["BENCH_QUEUE"]
    queue = QUEUES[queue_name]

    @login_manager.user_loader
    def load(user_id: str):
        row = db.session.execute(USER, {"id": int(user_id)}).first()
        return Officer(row) if row else None

    @app.get("/healthz")
    def healthz():
        return "ok"

    @app.get("/sign-in/<int:user_id>")
    def sign_in(user_id: int):
        login_user(load(str(user_id)))
        return "signed in"

    @app.get("/queue")
    @login_required
    def page():
        rows = db.session.execute(ROWS, {"states": list(queue.states)}).all()
        return render_template("queue.html", title=queue_name, rows=rows)

    return app
