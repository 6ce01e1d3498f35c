"""The cybersecurity licensing portal: the application factory."""
import functools
import gc
import os
from pathlib import Path

from flask import Flask, g, has_request_context, session
from flask_babel import get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from werkzeug.routing import Rule

from portal import config
from portal.web import pagecache, security
from portal.extensions import babel, csrf, db, limiter, login_manager
from portal.web.ids import RowId

MIGRATIONS = str(Path(__file__).parent / "migrations")


def collector_paused(factory):
    """`factory` run with the garbage collector paused, then what it built frozen once a
    process. Declaring the models and schemas makes objects by the hundred thousand, which
    set off a collection every 700 of them, though none is garbage: a twentieth of start-up.
    Frozen, a worker's full collections never scan them again. Only the first app is frozen:
    freezing again would keep whatever garbage the process had made since (the tests make an
    app a test)."""
    @functools.wraps(factory)
    def paused(*args, **kwargs):
        collecting = gc.isenabled()
        gc.disable()
        try:
            app = factory(*args, **kwargs)
        finally:
            if collecting:
                gc.enable()
        if not gc.get_freeze_count():
            gc.freeze()
        return app
    return paused


@collector_paused
def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; `test_config` replaces the instance configuration."""
    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.environ.get("PORTAL_INSTANCE_PATH"),
                template_folder="../templates", static_folder="../static")
    app.url_rule_class = LazyRule
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config.defaults(app.instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    app.config.setdefault("SECRET_KEY", None)
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or config.secret_key(app.instance_path)
    register_extensions(app)
    security.init_app(app)
    register_workflows()
    app.url_map.converters["int"] = RowId
    register_blueprints(app)
    register_errorhandlers(app)
    register_cli(app)
    if app.config["OUTBOX_AUTOSEND"]:
        from portal.infra.outbox import start_sender
        start_sender(app)
    return app


class LazyMigrate:
    """Flask-Migrate, bound when a migration command first asks for it: it imports Alembic,
    a fifth of start-up, which no request and no other command needs."""

    def __init__(self, app: Flask):
        self.app = app

    def __getattr__(self, name: str):
        from flask_migrate import Migrate
        Migrate(self.app, db, directory=MIGRATIONS)  # replaces this in app.extensions
        return getattr(self.app.extensions["migrate"], name)


class LazyRule(Rule):
    """A URL rule that writes its url_for builder when first asked to build. Werkzeug writes
    two per rule as Python source and compiles them as it adds the rule: a fifth of start-up,
    for rules most workers never build."""

    def _compile_builder(self, append_unknown: bool = True):
        compile_builder, name = super()._compile_builder, ("_build_unknown" if append_unknown
                                                           else "_build")

        def build(rule, *args, **kwargs):
            built = compile_builder(append_unknown).__get__(rule, None)
            setattr(rule, name, built)
            return built(*args, **kwargs)
        return build


def select_locale() -> str:
    """Vietnamese unless the visitor switched, or the signed-in user chose English."""
    if not has_request_context():
        return "vi"
    if session.get("lang") in ("vi", "en"):
        return session["lang"]
    if current_user and current_user.is_authenticated:
        return current_user.locale
    return "vi"


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    app.extensions["migrate"] = LazyMigrate(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(Path(__file__).parent / "translations"))
    template_gettext(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    pagecache.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None

    @login_manager.user_loader
    def load_user(session_id: str):
        """The user whose session token the cookie carries; an ended session finds nobody."""
        user_id, _, token = session_id.partition(":")
        if not (user_id.isdigit() and token):
            return None
        row = db.session.execute(signed_in_user(), {"user_id": int(user_id)}).first()
        if row is None or row[0].session_token != token:
            return None
        row[0].unread_notifications = row[1]
        return row[0]


@functools.cache
def signed_in_user():
    """What every signed-in page shows, in one query: the user, their enterprise and how many
    of their messages are unread (three round trips before). Built once, on first use (its
    eager load configures the mappers, which start-up leaves for later)."""
    from sqlalchemy.orm import joinedload

    from portal.models import Notification, User

    unread = (db.select(db.func.count()).where(Notification.user_id == User.id,
                                               Notification.read_at.is_(None))
              .correlate(User).scalar_subquery())
    return (db.select(User, unread).options(joinedload(User.enterprise))
            .where(User.id == sa.bindparam("user_id")))


def template_gettext(app: Flask) -> None:
    """The templates' _() with one look-up a call. Flask-Babel's finds the request's babel
    context three times and the catalogue anew on every call: a fifth of the officer's dossier
    page, which translates a hundred strings. Keyed by the locale in force, so what is drawn
    under force_locale (e-mails, statutory forms) keeps its own language."""
    catalogues = {}

    def translations():
        locale = getattr(g.get("_flask_babel"), "babel_locale", None)
        found = catalogues.get(locale) if locale is not None else None
        if found is None:
            found = get_translations()  # selects the locale on a request's first call
            if locale is not None:
                catalogues[locale] = found
        return found

    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n), newstyle=True)

    @pass_eval_context
    def gettext(eval_ctx, string: str, **variables):
        """What Jinja's newstyle gettext does (escaped where the template escapes, always
        a format string), in one call instead of three through `_`'s alias. It asks for the
        evaluation context only: one that asks for the whole context has it copied, with the
        variables set so far, at every call made in a loop or after a block's `set`."""
        found = translations().ugettext(string)
        return (Markup(found) if eval_ctx.autoescape else found) % variables

    app.jinja_env.globals.update(_=gettext, gettext=gettext)


def register_workflows() -> None:
    """The dossiers' and the documents' workflows, with the guards and effects they name."""
    from portal import documents, dossiers, incidents  # noqa: F401 (importing registers them)
    from portal.fees import amounts  # noqa: F401 (its guard)


def register_blueprints(app: Flask) -> None:
    from portal.web import (account, accountant, admin, api, applicant, auth, desk, downloads, gateway,
                            identity, incidents, officer, payments, public, register, reports,
                            two_factor, verify)
    app.register_blueprint(public.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(two_factor.bp)
    app.register_blueprint(identity.bp)
    identity.init_app(app)
    app.register_blueprint(applicant.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(officer.bp)
    app.register_blueprint(desk.bp)
    app.register_blueprint(register.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(verify.bp)
    app.register_blueprint(downloads.bp)
    app.register_blueprint(payments.bp)
    app.register_blueprint(gateway.bp)
    app.register_blueprint(accountant.bp)
    app.register_blueprint(incidents.reporting)
    app.register_blueprint(incidents.response)
    app.register_blueprint(reports.bp)
    api.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    """Errors as pages in the user's language, never a bare server message."""
    from flask import render_template
    from flask_babel import gettext as _
    from flask_wtf.csrf import CSRFError

    pages = {
        400: lambda: (_("Yêu cầu không hợp lệ"),
                      _("Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.")),
        403: lambda: (_("Không có quyền truy cập"),
                      _("Tài khoản của bạn không được phép xem trang này.")),
        404: lambda: (_("Không tìm thấy trang"), _("Trang hoặc hồ sơ bạn tìm không tồn tại.")),
        413: lambda: (_("Tệp quá lớn"), _("Tệp tải lên vượt quá dung lượng cho phép.")),
        429: lambda: (_("Quá nhiều lần thử"),
                      _("Bạn đã thử quá nhiều lần. Vui lòng đợi một phút rồi thử lại.")),
        500: lambda: (_("Lỗi hệ thống"), _("Đã có lỗi xảy ra. Dữ liệu của bạn không bị thay đổi; "
                                           "vui lòng thử lại sau.")),
    }

    def handler(error):
        code = 400 if isinstance(error, CSRFError) else getattr(error, "code", 500)
        try:  # the page speaks the user's language and names them: the database may be gone
            title, message = pages.get(code, pages[500])()
            return render_template("errors/error.html", title=title, message=message), code
        except UNREACHABLE as unreachable:
            return database_unavailable(unreachable)

    for code in pages:
        app.register_error_handler(code, handler)
    app.register_error_handler(CSRFError, handler)
    for unreachable in UNREACHABLE:
        app.register_error_handler(unreachable, database_unavailable)
    app.teardown_appcontext(end_session)


def end_session(exc: BaseException | None) -> None:
    """End the request's database session before Flask-SQLAlchemy does: when the server went
    away, ending it fails, after the answer was made; one log line, and the next request
    starts afresh (the pool has dropped that connection)."""
    from flask import current_app
    from portal.infra.readiness import first_line
    try:
        db.session.remove()
    except UNREACHABLE as error:
        db.session.registry.clear()
        current_app.logger.warning("database unavailable while ending a request: %s",
                                   first_line(error))


# What the database driver raises when the server is down, restarting or out of connections
# (SQLite's "database is locked" too): nothing the request did wrong, so worth retrying.
UNREACHABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)


def database_unavailable(error: Exception):
    """While the database cannot be reached: a 503 page asking to retry, and one log line (a
    traceback per request would bury the log during an outage). The page is drawn as for a
    visitor signed out, since finding the user would ask the database again."""
    from flask import current_app, g, render_template, request
    from flask_babel import gettext as _

    from portal.infra.readiness import first_line
    from portal.web.public import RETRY_AFTER_S

    current_app.logger.warning("database unavailable: %s %s: %s", request.method, request.path,
                               first_line(error))
    g._login_user = login_manager.anonymous_user()
    page = render_template("errors/error.html", title=_("Hệ thống tạm thời gián đoạn"),
                           message=_("Hệ thống tạm thời không truy cập được cơ sở dữ liệu. "
                                     "Vui lòng thử lại sau ít phút."))
    return page, 503, {"Retry-After": RETRY_AFTER_S}


def register_cli(app: Flask) -> None:
    from portal import cli
    cli.init_app(app)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite checks foreign keys only when asked, per connection; and its own lower(), which
    ILIKE uses, folds ASCII only, so "AN NINH" would not find "An Ninh" in Vietnamese."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.close()


def _lower(value):
    return value.lower() if isinstance(value, str) else value
