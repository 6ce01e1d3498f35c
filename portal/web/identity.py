"""Signing in through the national identity provider (OpenID Connect, with Authlib).

The provider's claims carry the enterprise code, so an enterprise that signs in this way has
proven control of it: its account is verified. A signed-in applicant links the identity to
prove theirs. If someone registered the code first without proving anything, the first
sign-in through the provider takes the enterprise back and closes their password accounts.

Configured by PORTAL_OIDC_ISSUER, PORTAL_OIDC_CLIENT_ID and PORTAL_OIDC_CLIENT_SECRET;
without an issuer the routes answer 404 and no button shows."""

from flask import Blueprint, abort, current_app, flash, redirect, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procedures import APPLICANT

from portal.extensions import db
from portal.infra import audit
from portal.models import Enterprise, User
from portal.web import two_factor

bp = Blueprint("identity", __name__, url_prefix="/auth/identity")


def init_app(app) -> None:
    """Register the provider's client for this app, from its discovery document."""
    configured = bool(app.config.get("OIDC_ISSUER"))
    app.context_processor(lambda: {"identity_provider": configured})
    if configured:  # Authlib only then: with what it imports, a third of start-up
        from authlib.integrations.flask_client import OAuth
        oauth = OAuth(app)
        oauth.register("national", client_id=app.config["OIDC_CLIENT_ID"],
                       client_secret=app.config["OIDC_CLIENT_SECRET"],
                       server_metadata_url=app.config["OIDC_ISSUER"].rstrip("/")
                       + "/.well-known/openid-configuration",
                       client_kwargs={"scope": "openid profile email"})
        app.extensions["identity_provider"] = oauth.national


def _client():
    client = current_app.extensions.get("identity_provider")
    if client is None:
        abort(404)
    return client


@bp.get("/login")
def login():
    """Off to the provider; it sends the person back to `callback` with a one-time code."""
    return _client().authorize_redirect(url_for(".callback", _external=True))


@bp.get("/callback")
def callback():
    from authlib.integrations.base_client import OAuthError
    client = _client()
    try:
        claims = client.authorize_access_token()["userinfo"]
    except (OAuthError, KeyError):
        flash(_("Không đăng nhập được qua hệ thống định danh điện tử. Vui lòng thử lại."), "error")
        return redirect(url_for("auth.login"))
    code = "".join(ch for ch in str(claims.get(current_app.config["OIDC_ENTERPRISE_CLAIM"]) or "")
                   if ch.isdigit())
    if len(code) not in (10, 13):
        flash(_("Tài khoản định danh này không gắn với mã số doanh nghiệp nào."), "error")
        return redirect(url_for("auth.login"))
    if current_user.is_authenticated:
        return _link(claims["sub"], code)
    return _arrive(claims, code)


def _link(subject: str, code: str):
    """A signed-in applicant links the identity: their enterprise is proven if the codes agree."""
    if current_user.role != APPLICANT or current_user.enterprise.code != code:
        flash(_("Tài khoản định danh này thuộc doanh nghiệp khác."), "error")
    elif _by_subject(subject) not in (None, current_user):
        flash(_("Tài khoản định danh này đã liên kết với một tài khoản khác."), "error")
    else:
        current_user.oidc_subject = subject
        _verify(current_user.enterprise, current_user)
        db.session.commit()
        flash(_("Đã liên kết tài khoản định danh; doanh nghiệp đã được xác minh."), "success")
    return redirect(url_for("applicant.dossiers"))


def _arrive(claims: dict, code: str):
    """Sign in the person the provider vouches for, opening their enterprise's account if
    it has none yet."""
    user = _by_subject(claims["sub"]) or _new_user(claims, code)
    if user is None:
        return redirect(url_for("auth.login"))
    if not user.active or user.enterprise is None or user.enterprise.code != code:
        flash(_("Tài khoản này đã bị khóa hoặc không còn thuộc doanh nghiệp này."), "error")
        return redirect(url_for("auth.login"))
    if two_factor.applies(user):
        db.session.commit()
        return two_factor.begin(user, url_for("applicant.dossiers"))
    from portal.web.auth import _sign_in
    _sign_in(user)
    audit.record("login", f"user:{user.id}", user, via="identity_provider")
    db.session.commit()
    return redirect(url_for("applicant.dossiers"))


def _by_subject(subject: str) -> User | None:
    return db.session.execute(db.select(User).where(User.oidc_subject == subject)).scalar()


def _new_user(claims: dict, code: str) -> User | None:
    email = str(claims.get("email") or "").strip().lower()
    if not email or db.session.execute(db.select(User.id).where(User.email == email)).first():
        flash(_("Thư điện tử của tài khoản định danh đã được dùng cho một tài khoản khác (hoặc "
                "không có). Hãy đăng nhập bằng mật khẩu rồi liên kết tài khoản định danh."), "error")
        return None
    enterprise = db.session.execute(db.select(Enterprise).where(Enterprise.code == code)).scalar()
    if enterprise is None:
        enterprise = Enterprise(code=code, name=str(claims.get("enterprise_name") or code),
                                address=str(claims.get("enterprise_address") or ""),
                                legal_representative=str(claims.get("legal_representative") or ""))
        db.session.add(enterprise)
    user = User(email=email, full_name=str(claims.get("name") or email), role=APPLICANT,
                enterprise=enterprise, locale=session.get("lang", "vi"), oidc_subject=claims["sub"])
    user.set_unusable_password()  # signs in through the provider only
    db.session.add(user)
    db.session.flush()
    if not enterprise.verified:
        _close_unproven(enterprise, user)
    _verify(enterprise, user)
    return user


def _verify(enterprise: Enterprise, user: User) -> None:
    if not enterprise.verified:
        enterprise.verified = True
        audit.record("enterprise_verified", f"enterprise:{enterprise.id}", user, by="identity_provider")


def _close_unproven(enterprise: Enterprise, user: User) -> None:
    """The password accounts of an enterprise nobody had proven (made by whoever registered
    its code first, and the colleagues they added) are closed; the proven account re-adds
    its real staff."""
    for other in enterprise.users:
        if other.id != user.id and other.active:
            other.active = False
            other.end_sessions()
            audit.record("account_closed", f"user:{other.id}", user, reason="enterprise_claimed")
