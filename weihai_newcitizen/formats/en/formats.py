from django.conf.locale.en.formats import *  # noqa: F401,F403

YEAR_MONTH_FORMAT = "M Y"
