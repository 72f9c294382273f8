"""Fazhi settings: one module, configured from the environment (see README, 配置)."""

import datetime
import secrets
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet

from fazhi.lib.env import ConfigError, env_bool, env_int, env_list, env_str, secret_from_env_or_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("FAZHI_VAR_DIR") or BASE_DIR / "var")

# Production refuses to start without its secrets; an embedded or demo installation creates
# them under var/ on first run.
PRODUCTION = env_bool("FAZHI_PRODUCTION", False)
DEMO = env_bool("FAZHI_DEMO", False)
DEBUG = env_bool("FAZHI_DEBUG", False)
if PRODUCTION and DEMO:
    raise ConfigError("FAZHI_DEMO cannot be set together with FAZHI_PRODUCTION")


def _secret(name: str, filename: str, create) -> str:
    if PRODUCTION:
        value = env_str(name)
        if not value:
            raise ConfigError(f"{name} (or {name}_FILE) must be set in production")
        return value
    return secret_from_env_or_file(name, VAR_DIR / filename, create)


SECRET_KEY = _secret("FAZHI_SECRET_KEY", "secret_key", lambda: secrets.token_urlsafe(50))
# Key for personal identifiers at rest (Fernet). Several keys, comma-separated, allow rotation:
# the first encrypts, all decrypt.
FIELD_ENCRYPTION_KEYS = [
    k.strip()
    for k in _secret("FAZHI_FIELD_KEY", "field.key", lambda: Fernet.generate_key().decode()).split(",")
]

ALLOWED_HOSTS = env_list("FAZHI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("FAZHI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    "ninja",
    "fazhi.orgs",
    "fazhi.ledger",
    "fazhi.indicators",
    "fazhi.workdays",
    "fazhi.leadership",
    "fazhi.study",
    "fazhi.legal_education",
    "fazhi.mediation",
    "fazhi.enforcement",
    "fazhi.disclosure",
    "fazhi.decisions",
    "fazhi.legality",
    "fazhi.petitions",
    "fazhi.litigation",
    "fazhi.corrections",
    "fazhi.legal_services",
    "fazhi.rectification",
    "fazhi.supervision",
    "fazhi.reports",
    "fazhi.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: the idle timeout tells the user why they were logged out.
    "fazhi.orgs.middleware.SecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.ledger.context.navigation",
            ],
        },
    },
]

# SQLite is the embedded default, tuned for a production workload: WAL so readers do not block
# the writer, a busy timeout instead of "database is locked", immediate transactions so a write
# transaction takes its lock up front.
_default_sqlite = f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL") or _default_sqlite, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "fazhi.orgs.security.PolicyPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login lockout: the limits are security settings an administrator edits at run time.
AXES_FAILURE_LIMIT = "fazhi.orgs.security.axes_failure_limit"
AXES_COOLOFF_TIME = "fazhi.orgs.security.axes_cooloff"
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "fazhi.orgs.views.locked_out"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("FAZHI_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FAZHI_MAX_UPLOAD_BYTES = env_int("FAZHI_MAX_UPLOAD_MB", 50) * 1024 * 1024

# Imports and exports above this many rows go to the background worker.
FAZHI_BACKGROUND_ROWS = env_int("FAZHI_BACKGROUND_ROWS", 3000)
FAZHI_PAGE_SIZE = env_int("FAZHI_PAGE_SIZE", 25)
# Minutes within which a re-entered password lets a user reveal or bulk-export personal data.
FAZHI_SUDO_MINUTES = env_int("FAZHI_SUDO_MINUTES", 10)
FAZHI_API_TOKEN_DAYS = env_int("FAZHI_API_TOKEN_DAYS", 30)

NINJA_PAGINATION_PER_PAGE = 50

# The maintenance run (docs/maintenance.md): the background worker queues it every day once the
# local time passes FAZHI_MAINTENANCE_AT ("HH:MM"; "off" leaves scheduling to cron or systemd).
_maintenance_at = (env_str("FAZHI_MAINTENANCE_AT") or "02:30").strip()
if _maintenance_at.lower() == "off":
    FAZHI_MAINTENANCE_AT = None
else:
    try:
        FAZHI_MAINTENANCE_AT = datetime.time.fromisoformat(_maintenance_at)
    except ValueError as exc:
        raise ConfigError(f"FAZHI_MAINTENANCE_AT must be HH:MM or off, got {_maintenance_at!r}") from exc
# Backups (docs/backup.md): where the scheduled backup writes, how many it keeps, the off-site copy.
FAZHI_BACKUP_DIR = Path(env_str("FAZHI_BACKUP_DIR") or VAR_DIR / "backups")
FAZHI_BACKUP_COPY_DIR = env_str("FAZHI_BACKUP_COPY_DIR") or None
FAZHI_BACKUP_KEEP = env_int("FAZHI_BACKUP_KEEP", 7)
if FAZHI_BACKUP_KEEP < 1:
    raise ConfigError(f"FAZHI_BACKUP_KEEP must be at least 1, got {FAZHI_BACKUP_KEEP}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("FAZHI_LOG_LEVEL", "WARNING")},
    # What each maintenance run did goes to the log whatever the level (docs/maintenance.md).
    "loggers": {"fazhi.maintenance": {"level": "INFO"}},
}
# Lockout is per account: a township office sits behind one NAT address, so locking by IP would
# lock out every colleague of a user who mistyped a password.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Demo mode only: one password for every demo account, printed by `make run`.
FAZHI_DEMO_PASSWORD = env_str("FAZHI_DEMO_PASSWORD") or ("Fazhi@2025demo" if DEMO else None)
