"""Django settings for Waypost, read from ``WAYPOST_*`` environment variables.

See ``.env.example`` for every variable and docs/deployment.md for production values.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from waypost.conf import (
    PRIVATE_DIR_MODE,
    PRIVATE_FILE_MODE,
    audit_syslog_address,
    audit_witness_path,
    data_dir,
    env_bool,
    env_int,
    env_list,
    env_str,
    private_dir,
    private_file,
    secret_from_file,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

DEBUG = env_bool("WAYPOST_DEBUG", default=False)
SECRET_KEY = secret_from_file("WAYPOST_SECRET_KEY", DATA_DIR / "secret_key")
ALLOWED_HOSTS = env_list("WAYPOST_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("WAYPOST_CSRF_TRUSTED_ORIGINS", [])

DATABASES = {
    "default": dj_database_url.parse(
        env_str("WAYPOST_DATABASE_URL", f"sqlite:///{DATA_DIR / 'waypost.sqlite3'}"),
        conn_max_age=env_int("WAYPOST_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite guidance for a threaded server. A transaction that reads, then
    # writes, would start DEFERRED: when it tries to write while another thread holds the
    # write lock, SQLite fails it at once ("database is locked"), busy timeout or not.
    # IMMEDIATE takes the write lock at BEGIN, where the timeout applies, so writers queue.
    # WAL lets reads go on while one thread writes (docs/performance.md).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Created owner-only before SQLite opens it (its journal files then get the same mode).
    database_path = Path(str(DATABASES["default"]["NAME"]))
    if database_path.parent.is_dir():
        private_file(database_path)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    # Waypost: the platform first, then one app per capability.
    "waypost.core",
    "waypost.accounts",
    "waypost.jobs",
    "waypost.protection",
    "waypost.reporting",
    "waypost.tracing",
    "waypost.screening",
    "waypost.detention",
    "waypost.incidents",
    "waypost.remittances",
    "waypost.training",
    "waypost.info",
    "waypost.releases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "waypost.accounts.sessions.SessionSeenMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "waypost.accounts.two_factor.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "waypost.core.middleware.SecurityHeadersMiddleware",
    "waypost.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "waypost.urls"
WSGI_APPLICATION = "waypost.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "waypost.core.context_processors.waypost",
            ],
            "builtins": [
                "waypost.core.templatetags.user_text",
                "waypost.core.templatetags.vocabulary",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},  # ASVS 2.1.1
    },
    {
        "NAME": "waypost.accounts.validators.MaximumLengthValidator",
        "OPTIONS": {"max_length": 128},  # ASVS 2.1.2
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: one place for the list, the right-to-left ones and the ones not yet complete.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
LANGUAGES_RTL = {"ar"}
LANGUAGES_INCUBATING: set[str] = set()
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
# Made at once: whitenoise warns at start-up when it is missing.
STATIC_ROOT = private_dir(DATA_DIR / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_PERMISSIONS = PRIVATE_FILE_MODE
FILE_UPLOAD_DIRECTORY_PERMISSIONS = PRIVATE_DIR_MODE
# Serve static files straight from the installed packages, so `waypost demo` needs no
# collectstatic step; production runs collectstatic (docs/deployment.md).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Security. Production (WAYPOST_HTTPS=1, see docs/deployment.md) passes `check --deploy`.
HTTPS = env_bool("WAYPOST_HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# "__Host-": browsers accept these cookies only from this host, over HTTPS, for path "/",
# so no other site on a parent domain can set or overwrite them (ASVS 3.4.4). Browsers
# refuse the prefix without Secure, hence only with HTTPS.
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Database sessions stored under the SHA-256 of their key (accounts/sessions.py).
SESSION_ENGINE = "waypost.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("WAYPOST_SESSION_SECONDS", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Sensitive actions (tokens, second factor, agreements, identity disclosure, exports of
# personal data) ask for the password again once the last sign-in is older (ASVS 3.7.1).
WAYPOST_REAUTH_SECONDS = env_int("WAYPOST_REAUTH_SECONDS", 15 * 60)
# Unusual activity on the audit log raises an alert to the organisation's admins
# (protection/alerts.py, docs/security/audit.md, ASVS 11.1.7/11.1.8). Counts are over the
# last WAYPOST_ALERT_WINDOW_MINUTES; a threshold of 0 turns that alert off.
WAYPOST_ALERT_WINDOW_MINUTES = env_int("WAYPOST_ALERT_WINDOW_MINUTES", 60)
WAYPOST_ALERT_FAILED_AUTH_ACCOUNT = env_int("WAYPOST_ALERT_FAILED_AUTH_ACCOUNT", 10)
WAYPOST_ALERT_FAILED_AUTH_ORGANISATION = env_int("WAYPOST_ALERT_FAILED_AUTH_ORGANISATION", 30)
WAYPOST_ALERT_READS_PER_PERSON = env_int("WAYPOST_ALERT_READS_PER_PERSON", 200)
WAYPOST_ALERT_READS_FACTOR = env_int("WAYPOST_ALERT_READS_FACTOR", 5)
WAYPOST_ALERT_EXPORTS = env_int("WAYPOST_ALERT_EXPORTS", 5)
# Statistics: counts under k are suppressed everywhere they leave Waypost (docs/statistics.md).
STATISTICS_K = env_int("WAYPOST_STATISTICS_K", 5)
# WebAuthn (passkeys and security keys) beside the authenticator app (accounts/webauthn.py).
# The relying party ID is the site's host name: a passkey made for it works only there
# (and on its subdomains), so a phishing site on another name cannot use it. Default: the
# first host name in WAYPOST_ALLOWED_HOSTS that is a name, not an address ("localhost"
# when there is none). Changing it later makes every registered passkey useless.
WAYPOST_WEBAUTHN_RP_ID = env_str("WAYPOST_WEBAUTHN_RP_ID") or next(
    (
        host.lstrip(".")
        for host in ALLOWED_HOSTS
        if host not in ("*", "")
        and not host.startswith("[")
        and not host.replace(".", "").isdigit()
    ),
    "localhost",
)
# The exact origins (scheme, host, port) the browser may report: the site's address.
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "WAYPOST_WEBAUTHN_ORIGINS",
    [f"{'https' if HTTPS else 'http'}://{WAYPOST_WEBAUTHN_RP_ID}"],
)
OTP_WEBAUTHN_RP_ID = WAYPOST_WEBAUTHN_RP_ID
OTP_WEBAUTHN_RP_NAME = "Waypost"
# A passkey is a second factor after the password here, never a sign-in on its own.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "waypost.accounts.webauthn"
# 1: organisation admins pass the second factor with a passkey or security key only (an
# authenticator-app code or a recovery code is not enough); an admin without one
# registers one straight after signing in (ASVS 2.3.2; docs/deployment.md).
WAYPOST_PASSKEY_REQUIRED_FOR_ADMINS = env_bool("WAYPOST_PASSKEY_REQUIRED_FOR_ADMINS", default=False)
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
# Content Security Policy: nothing from another origin, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Optional Redis: a shared cache (login throttling, receipt throttling) and the job queue.
REDIS_URL = env_str("WAYPOST_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    INSTALLED_APPS.append("django_rq")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "waypost",
        }
    }
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "waypost.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "waypost.accounts.token_scopes.TokenScopeRequired",
    ],
    "DEFAULT_PAGINATION_CLASS": "waypost.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "waypost.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "waypost.core.api.problem_details_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's defaults, with a JSON parser that refuses deep nesting (core.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "waypost.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Waypost API",
    "DESCRIPTION": (
        "REST API of Waypost. Authenticate with `Authorization: Bearer <token>` "
        "(create one with `waypost tokens create USERNAME`). Errors are RFC 9457 problem details."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "waypost.core.schema.api_conventions",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "waypost.reporting.vocabularies.ReportStatus",
        "TrainingSexEnum": "waypost.training.models.Sex",
        "PriorityEnum": "waypost.reporting.vocabularies.Priority",
        "SexEnum": ["M", "F", ""],
        "EnquirerConsentsEnum": "waypost.protection.models.Purpose",
        "EnquirerConsentMethodEnum": "waypost.protection.models.ConsentMethod",
        "ScreeningSexEnum": "waypost.screening.apis.SEX_CHOICES",
        "SharedFieldEnum": "waypost.screening.services.SHAREABLE_FIELDS",
        "ReferralPriorityEnum": "waypost.screening.models.Priority",
        "ReferralStatusEnum": "waypost.screening.models.ReferralStatus",
        "ServiceStatusEnum": "waypost.screening.models.ServiceStatus",
        "AgeAssessmentStatusEnum": "waypost.screening.models.AssessmentStatus",
        "FoundPersonConsentEnum": "waypost.tracing.selectors.FOUND_PERSON_PURPOSES",
        "BodyKindEnum": "waypost.reporting.vocabularies.BodyKind",
        "ReferralContentEnum": "waypost.reporting.vocabularies.ReferralContent",
        "ReportReferralStatusEnum": "waypost.reporting.vocabularies.ReferralStatus",
        "BodyResponseEnum": "waypost.reporting.vocabularies.BodyResponse",
        "ReportHistoryStatusEnum": "waypost.reporting.vocabularies.HistoryStatus",
        "ReportTransferStatusEnum": "waypost.reporting.vocabularies.TransferStatus",
        "ProtectiveMeasureEnum": "waypost.reporting.vocabularies.MeasureKind",
        "ProtectiveMeasureStatusEnum": "waypost.reporting.vocabularies.MeasureStatus",
        "ReprisalRiskLevelEnum": "waypost.reporting.vocabularies.RiskLevel",
        "ReprisalRiskFactorEnum": "waypost.reporting.vocabularies.RiskFactor",
        "SafeContactChannelEnum": "waypost.reporting.vocabularies.ContactChannel",
        "DetentionFacilityTypeEnum": "waypost.detention.models.FacilityType",
        "DetentionFacilityStatusEnum": "waypost.detention.models.FacilityStatus",
        "RecommendationStatusEnum": "waypost.detention.models.RecommendationStatus",
        "ServiceTypeEnum": "waypost.screening.models.ServiceType",
        "CountryEnum": "waypost.screening.apis.COUNTRY_CODES",
    },
}

# Screening and referral (docs/screening.md): hours a receiving organisation has to answer
# a referral of each priority (the inter-agency referral form's clocks), and days to
# appoint a guardian for an unaccompanied or separated child.
SCREENING_REFERRAL_HOURS = {"emergency": 24, "urgent": 72, "normal": 14 * 24}
SCREENING_GUARDIAN_DAYS = 15

# The audit log's head, signed and witnessed outside the database (docs/security/audit.md).
AUDIT_WITNESS_PATH = audit_witness_path(DATA_DIR)
AUDIT_SYSLOG = audit_syslog_address()

LOG_JSON = env_bool("WAYPOST_LOG_JSON", default=False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "waypost.core.logging.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    # Every handler carries the privacy filter: requests to the paths apps register as
    # private (confidential reporting) leave no line, or one without the request.
    "filters": {"privacy": {"()": "waypost.core.logging.PrivacyFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_JSON else "plain",
            "filters": ["privacy"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("WAYPOST_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs would carry client addresses and paths; Waypost never logs them
        # (see docs/security/threat-model.md). Errors are still logged, without the request.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        # The identification report's font subsetting lists every glyph it keeps.
        "fontTools": {"level": "WARNING"},
    },
}

EMAIL_BACKEND = env_str("WAYPOST_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("WAYPOST_EMAIL_FROM", "waypost@localhost")
# SMTP (with the smtp backend). Defaults are a mail server on this host; a remote one
# should be reached over STARTTLS or TLS, which check its certificate.
EMAIL_HOST = env_str("WAYPOST_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("WAYPOST_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("WAYPOST_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("WAYPOST_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("WAYPOST_EMAIL_STARTTLS", default=False)
EMAIL_USE_SSL = env_bool("WAYPOST_EMAIL_TLS", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set WAYPOST_EMAIL_STARTTLS or WAYPOST_EMAIL_TLS, not both.")
# Notifications are sent while the request that caused them finishes: a mail server that
# does not answer must not hold it for long.
EMAIL_TIMEOUT = env_int("WAYPOST_EMAIL_TIMEOUT_SECONDS", 10)

# The shared secret a messaging flow (RapidPro, a Telerivet-style gateway) sends in the
# X-Waypost-Webhook-Secret header to /api/v1/info/webhook/. Empty: the webhook refuses all.
INFO_WEBHOOK_SECRET = env_str("WAYPOST_INFO_WEBHOOK_SECRET")
