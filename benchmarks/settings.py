"""Settings for the server the benchmark measures: the project's own, with DEBUG off (no query log, as in
production), the dashboard cache on (unless the environment turns it off, for the cold figure) and a URL conf
that adds the bare view the dashboard is compared with."""

from weihai_newcitizen.settings import *  # noqa: F401,F403
from weihai_newcitizen.settings.base import NEWCITIZEN, env

# Without CACHE_URL each worker keeps its own copy: the data does not change during a load run.
NEWCITIZEN = {**NEWCITIZEN, "DASHBOARD_CACHE_SECONDS": env.int("NEWCITIZEN_DASHBOARD_CACHE_SECONDS", default=300)}

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
