"""Configuration: defaults, then the instance folder, then the environment."""
import os
import secrets
from pathlib import Path


def secret_key(instance_path: str) -> str:
    """PORTAL_SECRET_KEY, or the key in instance/secret_key generated on first run (never
    committed). Instances serving one portal must share it: sessions are signed cookies."""
    if os.environ.get("PORTAL_SECRET_KEY"):
        return os.environ["PORTAL_SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def defaults(instance_path: str) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("PORTAL_DATABASE_URL")
        or f"sqlite:///{Path(instance_path) / 'portal.sqlite3'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Shared storage when several instances serve one portal.
        "UPLOAD_FOLDER": os.environ.get("PORTAL_UPLOAD_FOLDER"),
        "OUTBOX_AUTOSEND": os.environ.get("PORTAL_OUTBOX_AUTOSEND") == "1",
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ("vi", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Uploads above MAX_UPLOAD_BYTES get a clear message; a request above
        # MAX_CONTENT_LENGTH is cut off by the server before it is read.
        "MAX_UPLOAD_BYTES": 20 * 1024 * 1024,
        "MAX_CONTENT_LENGTH": 21 * 1024 * 1024,
        # What one enterprise's uploads may take in all, in bytes (a full dossier is tens of MB).
        "ENTERPRISE_STORAGE_QUOTA": int(os.environ.get("PORTAL_ENTERPRISE_QUOTA_MB", "1024")) * 2**20,
        "MAIL_SERVER": os.environ.get("PORTAL_MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("PORTAL_MAIL_PORT", "25")),
        "MAIL_USE_TLS": os.environ.get("PORTAL_MAIL_USE_TLS") == "1",
        "MAIL_USERNAME": os.environ.get("PORTAL_MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("PORTAL_MAIL_PASSWORD"),
        "MAIL_SENDER": os.environ.get("PORTAL_MAIL_SENDER", "khong-tra-loi@dichvucong.bocongan.gov.vn"),
        "RATELIMIT_STORAGE_URI": os.environ.get("PORTAL_REDIS_URL") or "memory://",
        "RATELIMIT_ENABLED": os.environ.get("PORTAL_RATELIMIT_ENABLED", "1") == "1",
        # Who may try how often (Flask-Limiter's notation). Sign-in is counted three ways: one
        # address against one account, one address against every account (a common password
        # tried across accounts), and one account from every address (a botnet on one person).
        "RATE_LIMITS": {
            "login": "10 per minute",
            "login_address": "30 per minute; 200 per hour",
            "login_account": "20 per 10 minutes",
            "password_reset": "5 per minute; 20 per hour",
            "registration": "5 per hour",
            "invitation": "10 per hour",
            "verification": "120 per minute",
            "api": "120 per minute",  # per personal access token
            "tracking": "20 per minute; 200 per hour",
        },
        "RATELIMIT_HEADERS_ENABLED": True,
        # Printed in the QR code of every issued document: the public verification page.
        "PORTAL_BASE_URL": os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000"),
        # How long a process may answer the public verification page from what it last read
        # of a document; a change made by the process itself shows at once.
        "VERIFY_FRESH_SECONDS": float(os.environ.get("PORTAL_VERIFY_FRESH_SECONDS", "2")),
        "ISSUED_FOLDER": None,  # default: instance/issued
        # Who signs, as the signature block prints it (Decree 30/2020): the position, the full
        # name, and "KT. CỤC TRƯỞNG" or "TL. BỘ TRƯỞNG" when a deputy or a delegate signs.
        "SIGNER": {"position": os.environ.get("PORTAL_SIGNER_POSITION", "CỤC TRƯỞNG"),
                   "name": os.environ.get("PORTAL_SIGNER_NAME", ""),
                   "on_behalf": os.environ.get("PORTAL_SIGNER_ON_BEHALF", "")},
        # The issuer's abbreviation in every letter's number ("Số: 15/QĐ-ANM", Decree 30/2020).
        "ISSUER_ABBREVIATION": os.environ.get("PORTAL_ISSUER_ABBREVIATION", "ANM"),
        # File paths; without them a development key is made under instance/signing/.
        "PORTAL_SIGNING_KEY": os.environ.get("PORTAL_SIGNING_KEY"),
        "PORTAL_SIGNING_CERT": os.environ.get("PORTAL_SIGNING_CERT"),
        "PORTAL_SIGNING_CHAIN": os.environ.get("PORTAL_SIGNING_CHAIN"),
        # The national identity provider (OpenID Connect); unset, enterprises sign in with
        # passwords only. Its ID tokens carry the enterprise code in OIDC_ENTERPRISE_CLAIM.
        "OIDC_ISSUER": os.environ.get("PORTAL_OIDC_ISSUER"),
        "OIDC_CLIENT_ID": os.environ.get("PORTAL_OIDC_CLIENT_ID"),
        "OIDC_CLIENT_SECRET": os.environ.get("PORTAL_OIDC_CLIENT_SECRET"),
        "OIDC_ENTERPRISE_CLAIM": os.environ.get("PORTAL_OIDC_ENTERPRISE_CLAIM", "enterprise_code"),
        # The public dossier code (mã hồ sơ): str.format with year, yymmdd and number (the
        # year's sequence), so the national portal's format can be adopted by configuration.
        "DOSSIER_CODE_PATTERN": os.environ.get("PORTAL_DOSSIER_CODE_PATTERN", "ATTT-{year}-{number:06d}"),
        # Who receives signed status changes: {name: {"url", "secret", "procedures"}}, where
        # "procedures" (optional) lists the procedure codes it is told of (the National Single
        # Window: import permits only). Set in instance/config.py.
        "WEBHOOK_SUBSCRIBERS": {},
        "WEBHOOK_RETRY_SECONDS": 30,  # the first retry's delay; it doubles, up to an hour
        "WEBHOOK_MAX_ATTEMPTS": 10,  # then the delivery is set aside until `webhooks resend`
        # Personal access tokens for the API live at most this long.
        "API_TOKEN_MAX_DAYS": 365,
        # The account fees are transferred to, printed with the VietQR code: the bank's NAPAS
        # BIN (6 digits), the account number and the holder's name as the bank has it.
        "FEE_BANK_BIN": os.environ.get("PORTAL_FEE_BANK_BIN", "970415"),
        "FEE_ACCOUNT": os.environ.get("PORTAL_FEE_ACCOUNT", "113000006100"),
        "FEE_ACCOUNT_NAME": os.environ.get("PORTAL_FEE_ACCOUNT_NAME", "CUC AN NINH MANG"),
        "FEE_BANK_NAME": os.environ.get("PORTAL_FEE_BANK_NAME", "VietinBank"),
        # The payment gateway (the national payment platform): where payers are sent, the
        # secret its callbacks are signed with, and how old a callback may be when it arrives.
        "PAYMENT_GATEWAY_URL": os.environ.get("PORTAL_PAYMENT_GATEWAY_URL"),
        "PAYMENT_GATEWAY_SECRET": os.environ.get("PORTAL_PAYMENT_GATEWAY_SECRET", ""),
        "PAYMENT_CALLBACK_MAX_AGE": int(os.environ.get("PORTAL_PAYMENT_CALLBACK_MAX_AGE", "900")),
    }
