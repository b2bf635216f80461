"""Settings for the server the benchmark measures: the project's own, with DEBUG off (no query log, as in
production) and a URL conf that adds the bare view the dashboard is compared with."""

from weihai_newcitizen.settings import *  # noqa: F401,F403

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
