"""HTTP hardening: headers on every response, cookies that scripts and other sites cannot use."""
from flask import Flask, current_app

# No inline script or style anywhere: the templates load everything from /static.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'self'; "
       "form-action 'self'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def init_app(app: Flask) -> None:
    # Served over HTTPS in production: the session cookie never travels in clear text.
    secure = app.config["PORTAL_BASE_URL"].startswith("https://")
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        app.config[name] = app.config.get(name) or secure
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True

    @app.after_request
    def _headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


def rate(name: str):
    """The configured rate limit `name` (config RATE_LIMITS), read when a request comes, so
    tests and operators can change it; the counters live where RATELIMIT_STORAGE_URI says
    (Redis, shared by every instance, when PORTAL_REDIS_URL is set)."""
    return lambda: current_app.config["RATE_LIMITS"][name]
