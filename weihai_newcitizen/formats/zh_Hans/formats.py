# Django's zh_Hans formats group no digits; bureau statistics write 300,000.
from django.conf.locale.zh_Hans.formats import *  # noqa: F401,F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
# Django's own list has "%n"/"%j" in its Chinese patterns, which strptime does not understand.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
