"""Who may reach a blueprint: enforced once per blueprint, so no view can forget it."""
from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user

from procedures import ACCOUNTANT, ADMIN, OFFICERS, RESPONDER

# Who must sign in with a second factor (portal/web/two_factor.py).
REQUIRED_FOR = OFFICERS | {ADMIN, ACCOUNTANT, RESPONDER}


def restrict(bp: Blueprint, *roles: str) -> None:
    """Every view of `bp` needs a signed-in user with one of `roles`; others get 403."""

    @bp.before_request
    def _check_role():
        if not current_user.is_authenticated:
            from portal.extensions import login_manager
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        if current_user.role in REQUIRED_FOR and current_user.totp_secret is None:
            return redirect(url_for("two_factor.enrol"))  # a session from before it was required
