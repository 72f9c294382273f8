"""Fazhi settings: one module, configured from the environment (see README, 配置)."""

import datetime
import secrets
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet

from fazhi.lib.env import ConfigError, env_bool, env_int, env_list, env_str, secret_from_env_or_file
from fazhi.orgs.network import DEFAULT_ADMIN_NETWORKS, parse_networks

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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",
    "django_prometheus",
    "fazhi.orgs",
    "fazhi.dicts",
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
    "fazhi.administration",
    "fazhi.notifications",
    "fazhi.background",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Outermost: request counts and latencies for /metrics cover every answer, refusals included.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Every log line of a request carries its id, which the answer echoes (fazhi/lib/requestlog.py).
    "fazhi.lib.requestlog.RequestIdMiddleware",
    # Before the layers below: audit, lockout and admin networks see the real client address.
    "fazhi.orgs.network.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files keep their long cache lifetime.
    "fazhi.headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: the idle timeout tells the user why they were logged out.
    "fazhi.orgs.middleware.SecurityPolicyMiddleware",
    # After the policy (a forced password change still goes through): read-only roles write nothing.
    "fazhi.orgs.readonly.ReadOnlyRoleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
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
                "fazhi.notifications.context.unread_count",
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
# A username is locked from one address; fazhi.orgs.lockout adds the wider per-username limit.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "fazhi.orgs.lockout.LockoutHandler"
# ClientAddressMiddleware has already resolved trusted proxies into REMOTE_ADDR.
AXES_CLIENT_IP_CALLABLE = "fazhi.orgs.network.remote_addr"
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
CSRF_FAILURE_VIEW = "fazhi.errors.csrf_failure"
# HTTPS only in production: redirect plain HTTP and tell browsers never to try it again.
SECURE_SSL_REDIRECT = env_bool("FAZHI_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("FAZHI_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("FAZHI_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("FAZHI_HSTS_PRELOAD", PRODUCTION)
# Behind a reverse proxy that ends TLS, the proxy's X-Forwarded-Proto says whether the browser
# used HTTPS; it is believed only when a proxy is configured (FAZHI_TRUSTED_PROXIES).
if env_bool("FAZHI_BEHIND_PROXY", bool(env_list("FAZHI_TRUSTED_PROXIES", []))):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The Content-Security-Policy of every page (fazhi.headers): scripts only from our static files.
FAZHI_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Background work (imports, exports, drafting, PDF, batch review, maintenance) is declared with
# Django's Tasks API (django-tasks). The database backend needs nothing beside the database; the
# RQ backend on Redis serves deployments with several app servers and workers. Code that enqueues
# never knows which; `manage.py run_worker` runs the worker of the one configured here.
TASK_BACKEND = (env_str("FAZHI_TASK_BACKEND") or "database").strip().lower()
if TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASK_BACKEND == "rq":
    REDIS_URL = env_str("REDIS_URL")
    if not REDIS_URL:
        raise ConfigError("FAZHI_TASK_BACKEND=rq needs REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # Results are kept a day: the jobs page reads its own records, the backend's are for the worker.
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_RESULT_TTL": 86400}}
else:
    raise ConfigError(f"FAZHI_TASK_BACKEND must be database or rq, got {TASK_BACKEND!r}")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded and generated files (imports, exports, attachments, report PDFs) live in the default
# storage. Several app servers and workers share it: a directory every machine mounts
# (FAZHI_MEDIA_DIR, e.g. NFS) or an S3-compatible bucket (FAZHI_STORAGE=s3; docs/deploy.md).
MEDIA_ROOT = Path(env_str("FAZHI_MEDIA_DIR") or VAR_DIR / "media")
FAZHI_STORAGE = (env_str("FAZHI_STORAGE") or "local").strip().lower()
if FAZHI_STORAGE == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif FAZHI_STORAGE == "s3":
    _bucket = env_str("FAZHI_S3_BUCKET")
    if not _bucket:
        raise ConfigError("FAZHI_STORAGE=s3 needs FAZHI_S3_BUCKET")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": env_str("FAZHI_S3_ENDPOINT_URL") or None,
            "region_name": env_str("FAZHI_S3_REGION") or None,
            "access_key": env_str("FAZHI_S3_ACCESS_KEY") or None,
            "secret_key": env_str("FAZHI_S3_SECRET_KEY") or None,
            "location": env_str("FAZHI_S3_PREFIX") or "",
            # Files hold personal data: never public, never overwritten, downloads go through views.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    raise ConfigError(f"FAZHI_STORAGE must be local or s3, got {FAZHI_STORAGE!r}")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FAZHI_MAX_UPLOAD_BYTES = env_int("FAZHI_MAX_UPLOAD_MB", 50) * 1024 * 1024

# Imports and exports above this many rows go to the background worker: about 1,100 rows/s are
# imported, so anything that would keep the user waiting a second or more runs with a progress bar.
FAZHI_BACKGROUND_ROWS = env_int("FAZHI_BACKGROUND_ROWS", 1000)
FAZHI_PAGE_SIZE = env_int("FAZHI_PAGE_SIZE", 25)
# Working days before a to-do item's due date when its users are reminded (daily maintenance).
FAZHI_NOTIFY_DUE_DAYS = env_int("FAZHI_NOTIFY_DUE_DAYS", 3)
# Minutes within which a re-entered password lets a user reveal or bulk-export personal data.
FAZHI_SUDO_MINUTES = env_int("FAZHI_SUDO_MINUTES", 10)
# Audit rows are kept this many days, never fewer than 180 (the database refuses to delete a
# younger row, fazhi/orgs/auditguard.py); the maintenance run deletes older ones.
FAZHI_AUDIT_RETENTION_DAYS = env_int("FAZHI_AUDIT_RETENTION_DAYS", 365)
if FAZHI_AUDIT_RETENTION_DAYS < 180:
    raise ConfigError("FAZHI_AUDIT_RETENTION_DAYS must be at least 180 (days)")
# Key of the audit hash chain; derived from SECRET_KEY when unset.
FAZHI_AUDIT_KEY = env_str("FAZHI_AUDIT_KEY")
FAZHI_API_TOKEN_DAYS = env_int("FAZHI_API_TOKEN_DAYS", 7)
# The three administrator roles must pass a TOTP second factor. Demo mode leaves it off so the
# demo accounts printed by `make run` work as they are (an admin who enrols is still asked).
FAZHI_ADMIN_TOTP = env_bool("FAZHI_ADMIN_TOTP", not DEMO)
OTP_TOTP_ISSUER = "法治政府建设平台"
# Admin pages and administrator logins are served only to these networks; X-Forwarded-For is
# believed only from the listed proxies (see fazhi/orgs/network.py).
FAZHI_ADMIN_NETWORKS = parse_networks(
    "FAZHI_ADMIN_NETWORKS", env_list("FAZHI_ADMIN_NETWORKS", DEFAULT_ADMIN_NETWORKS)
)
FAZHI_TRUSTED_PROXIES = parse_networks("FAZHI_TRUSTED_PROXIES", env_list("FAZHI_TRUSTED_PROXIES", []))
# The absolute session lifetime is a security setting checked on every request; the cookie
# itself lasts no longer than its largest allowed value.
SESSION_COOKIE_AGE = 72 * 3600

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

# Cache and sessions: on Redis when REDIS_URL is set (several app servers share them). Without it
# sessions are database rows and the cache is each process's memory (settings rows for 60 s, so a
# page never costs an extra query for them; the figures' grouped rows per township,
# fazhi/indicators/figcache.py: about 40 entries per township and year, hence the higher limit).
REDIS_URL = env_str("REDIS_URL") or None
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "fazhi",
            # An unreachable Redis fails a request (and /healthz) in seconds, not minutes.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        },
        "sessions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "fazhi-session",
            "TIMEOUT": SESSION_COOKIE_AGE,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Health and metrics (docs/deploy.md). /healthz answers anyone (no personal data); /metrics only
# the listed networks or a request bearing FAZHI_METRICS_TOKEN.
FAZHI_METRICS_NETWORKS = parse_networks(
    "FAZHI_METRICS_NETWORKS", env_list("FAZHI_METRICS_NETWORKS", ["127.0.0.0/8", "::1/128"])
)
FAZHI_METRICS_TOKEN = env_str("FAZHI_METRICS_TOKEN") or None
# /healthz fails the disk check below this much free space where files are written.
FAZHI_HEALTH_MIN_FREE_MB = env_int("FAZHI_HEALTH_MIN_FREE_MB", 500)
# ...and the queue check when a job has waited this long (no worker is taking jobs).
FAZHI_HEALTH_QUEUE_MINUTES = env_int("FAZHI_HEALTH_QUEUE_MINUTES", 15)
# Production redirects HTTP to HTTPS; the load balancer and Prometheus probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]

# Logs: one JSON object a line in production (FAZHI_LOG_FORMAT=json|text), each with the request
# id; FAZHI_REQUEST_LOG=1 adds one line per request (method, path, status, duration, user id).
FAZHI_LOG_FORMAT = (env_str("FAZHI_LOG_FORMAT") or ("json" if PRODUCTION else "text")).strip().lower()
if FAZHI_LOG_FORMAT not in ("json", "text"):
    raise ConfigError(f"FAZHI_LOG_FORMAT must be json or text, got {FAZHI_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "fazhi.lib.requestlog.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": FAZHI_LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("FAZHI_LOG_LEVEL", "WARNING")},
    "loggers": {
        # What each maintenance run did goes to the log whatever the level (docs/maintenance.md).
        "fazhi.maintenance": {"level": "INFO"},
        "fazhi.request": {"level": "INFO" if env_bool("FAZHI_REQUEST_LOG", PRODUCTION) else "WARNING"},
    },
}

# Demo mode only: one password for every demo account, printed by `make run`.
FAZHI_DEMO_PASSWORD = env_str("FAZHI_DEMO_PASSWORD") or ("Fazhi@2025demo" if DEMO else None)
