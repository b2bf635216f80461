import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is optional; the real environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# The development key is only for a laptop; production settings refuse to start without SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "accounts.apps.AxesConfig",
    "csp",
    "accounts",
    "districts",
    "actions",
    "reports",
    "dashboards",
    "filings",
    "imports",
    "documents",
    "bulletins",
    "progressreports",
    "ledger",
    "desks",
    "maintenance",
    "benchmarks",
    "demo",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: a session key with a NUL in it never reaches the database.
    "weihai_newcitizen.middleware.ControlCharacterCookiesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "weihai_newcitizen.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After the locale, so that its 404 is in the person's language; before anything reads a code from the request.
    "weihai_newcitizen.middleware.ControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "weihai_newcitizen.urls"
WSGI_APPLICATION = "weihai_newcitizen.wsgi.application"

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
                "django.template.context_processors.i18n",
                "notifications.context_processors.bell",
                "weihai_newcitizen.context_processors.demo_day",
            ],
        },
    },
]

# Widgets through Jinja2 where Django ships its templates for it (a return's form has ~110 inputs): form_renderer.py.
FORM_RENDERER = "weihai_newcitizen.form_renderer.WidgetRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A connection kept across requests (checked before reuse): opening one costs more than a page served from the cache.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue instead of failing: a transaction takes the write lock when it begins (so a reader never has to
    # upgrade under another writer, the source of "database is locked"), and waits up to 20 s for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Argon2id at OWASP's cost (accounts/hashers.py); hashes of Django's defaults still verify and are upgraded at login.
PASSWORD_HASHERS = [
    "accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# 等保 2.0 level 2: complex passwords, changed periodically. At least 10 characters of three of the four classes,
# not the person's username or unit, not a published demo password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "accounts.validators.NotIdentityValidator"},
    {"NAME": "accounts.validators.NotDemoPasswordValidator"},
]
# A password older than this many days must be changed at the next request; 0 (the default) never expires one.
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=0)
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out person is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with permissions read in one query and kept in the shared cache (accounts/backends.py).
    "accounts.backends.PermissionCacheBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desks:desk"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# ECharts comes from the npm registry (package.json) and is served by the app: intranets have no CDN.
if (BASE_DIR / "node_modules" / "echarts" / "dist").is_dir():
    STATICFILES_DIRS.append(("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"))

MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"
# Uploaded files (district implementation plans and other filings): every app server must reach the same ones. The
# default keeps them under MEDIA_ROOT, which with several servers is one shared volume mounted on each; FILE_STORAGE
# names another backend (with FILE_STORAGE_OPTIONS as JSON), e.g. an S3-compatible store through django-storages.
STORAGES = {
    "default": {
        "BACKEND": env("FILE_STORAGE", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("FILE_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The cache: this process's memory unless CACHE_URL names a shared one (redis://127.0.0.1:6379/1: Django's own Redis
# backend with redis-py; add ?key_prefix=… to share a Redis database). With more than one app server, or more than
# one gunicorn worker, set it: only a shared cache is invalidated for every process at once.
CACHE_SHARED = bool(env("CACHE_URL", default=""))
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# django-environ passes ?key_prefix=, ?timeout= and ?version= to Django's Redis backend in lower case, which Django
# ignores: give them their settings' names.
for _option in ("key_prefix", "timeout", "version"):
    if _option in CACHES["default"]:
        CACHES["default"][_option.upper()] = CACHES["default"].pop(_option)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "weihai_newcitizen.redis_cache.RedisCache"  # one redis-py client per pool

# Domain settings, kept in one place so that a bureau can tune them.
NEWCITIZEN = {
    # "~" (左右) counts as met at this share of the target value.
    "ABOUT_TOLERANCE": env.float("NEWCITIZEN_ABOUT_TOLERANCE", default=0.95),
    # A return for month M is due on this day of month M+1 unless the plan year says otherwise.
    "DEFAULT_DUE_DAY": 5,
    # Dashboard pages and API answers are kept this many seconds in the cache (0: never), under a data version that
    # every change bumps (dashboards/cache.py). On by default only with a shared cache: a bump in one process's own
    # memory would not reach the others.
    "DASHBOARD_CACHE_SECONDS": env.int("NEWCITIZEN_DASHBOARD_CACHE_SECONDS", default=300 if CACHE_SHARED else 0),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "weihai_newcitizen.errors.RequestContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # One line per server error (then its traceback): the id the error page shows, who, where.
        "request": {
            "format": "%(asctime)s %(levelname)s %(name)s error_id=%(error_id)s user=%(username)s "
            "%(method)s %(path)s %(message)s"
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "request_console": {
            "class": "logging.StreamHandler",
            "formatter": "request",
            "filters": ["request_context"],
        },
    },
    "loggers": {
        "newcitizen": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
        "axes": {"handlers": ["console"], "level": "WARNING"},
        "django.request": {"handlers": ["request_console"], "level": "ERROR", "propagate": False},
    },
}

# E-mail: SMTP in production (smtp+tls://user:password@host:587), the console by default, a folder with
# filemail:///var/mail (a relative folder is under the project; four slashes for an absolute one).
_email = {k: v for k, v in env.email_url("EMAIL_URL", default="consolemail://").items() if v is not None}
if _email.get("EMAIL_FILE_PATH") and not Path(_email["EMAIL_FILE_PATH"]).is_absolute():
    _email["EMAIL_FILE_PATH"] = str(BASE_DIR / _email["EMAIL_FILE_PATH"])
vars().update(_email)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="新市民乐业行动 <noreply@localhost>")
# The address the app is reached at, for the links in e-mails (no trailing slash).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

FORMAT_MODULE_PATH = ["weihai_newcitizen.formats"]

# Logins: lock out a username from one address after repeated failures, never a whole address (a district office
# shares one), and never a username everywhere (that would let anyone lock a colleague out).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Behind a proxy that terminates TLS (BEHIND_TLS_PROXY=true) REMOTE_ADDR is the proxy's own address, which would put
# every client of a username in one lock. There the client's address comes from X-Forwarded-For, which the proxy
# must set to the address it saw (nginx: proxy_set_header X-Forwarded-For $remote_addr); AXES_IPWARE_PROXY_COUNT
# counts further proxies listed in it. A header with more entries than that is not trusted (the proxy's address
# counts instead), and without the proxy the header is only the client's word and is never read.
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# Sessions end after this much idleness, and in any case this long after login.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_HOURS", default=10) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
# Sessions live in the database; with a shared cache they are read from it too (a query less per page), written to
# both, and deleted from both at logout, so every server sees a logout at once.
SESSION_ENGINE = "accounts.sessions" if CACHE_SHARED else "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Everything the pages load comes from the app itself. Styles allow inline attributes because ECharts writes
# tooltip markup with style attributes; scripts stay strict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Upload limits (bytes); the web server in front should refuse larger bodies too.
NEWCITIZEN_IMPORT_MAX_BYTES = env.int("NEWCITIZEN_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
NEWCITIZEN_IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("NEWCITIZEN_IMPORT_MAX_UNCOMPRESSED_BYTES", default=50 * 1024 * 1024)
NEWCITIZEN_IMPORT_MAX_ROWS = env.int("NEWCITIZEN_IMPORT_MAX_ROWS", default=20_000)
FILINGS_MAX_UPLOAD_BYTES = env.int("FILINGS_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)

# dashboards.UnitYearToDate's unique constraint carries the figures (INCLUDE) so that PostgreSQL answers the roll-up
# from the index alone. SQLite, the embedded development database, cannot build such a constraint; there the summary
# code keeps rows unique by replacing a unit's rows in one transaction.
SILENCED_SYSTEM_CHECKS = ["models.W039"]

# The demo's day (YYYY-MM-DD): every "what is today" of the app (the reporting month, days overdue, the default
# year) reads it through weihai_newcitizen.clock, so the 2023 demo reads as a day of its plan year. Timestamps of
# what people do stay real. Unset in production, whose settings refuse it.
_demo_day = env("NEWCITIZEN_TODAY", default="")
try:
    NEWCITIZEN_TODAY = datetime.date.fromisoformat(_demo_day) if _demo_day else None
except ValueError:
    raise ImproperlyConfigured(f"NEWCITIZEN_TODAY={_demo_day!r}: write the demo's day as YYYY-MM-DD.") from None
