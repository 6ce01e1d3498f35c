"""Who may reach a blueprint: enforced once per blueprint, so no view can forget it."""
from flask import Blueprint, abort
from flask_login import current_user


def restrict(bp: Blueprint, *roles: str) -> None:
    """Every view of `bp` needs a signed-in user with one of `roles`; others get 403."""

    @bp.before_request
    def _check_role():
        if not current_user.is_authenticated:
            from portal.extensions import login_manager
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
