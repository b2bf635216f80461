"""The API's query parameters, checked against what its description says (dashboards/openapi.py).

The pages forgive a malformed ``month`` (they show the default one); a program is told instead, with a 400, so a
typo in another system's query never reads as the figures of another month.
"""

from django.utils.translation import gettext as _

YEAR_RANGE = range(1, 10000)
MONTH_RANGE = range(1, 13)
SUBMITTED = ("0", "1")
UNIT_MAX_LENGTH = 40  # weihai_newcitizen.converters.CodeConverter's


class BadParameter(ValueError):
    """A parameter outside its description; the message says which and what it takes."""


def _whole(value: str, *, name: str, allowed: range) -> None:
    # ASCII digits only: int() would also take "²", "٣", " 6" or "1_0".
    if not (value.isascii() and value.isdigit() and int(value) in allowed):
        raise BadParameter(
            _("%(name)s must be a whole number from %(low)s to %(high)s.")
            % {"name": name, "low": allowed.start, "high": allowed.stop - 1}
        )


def check_progress_params(params) -> None:
    """Raise BadParameter for a ``year``, ``month``, ``unit`` or ``submitted`` the description does not allow.

    Parameters it does not name are ignored, as they are by the pages.
    """
    if "year" in params:
        _whole(params["year"], name="year", allowed=YEAR_RANGE)
    if "month" in params:
        _whole(params["month"], name="month", allowed=MONTH_RANGE)
    if "unit" in params and not 1 <= len(params["unit"]) <= UNIT_MAX_LENGTH:
        raise BadParameter(_("unit must be a unit code of 1 to %(max)s characters.") % {"max": UNIT_MAX_LENGTH})
    if "submitted" in params and params["submitted"] not in SUBMITTED:
        raise BadParameter(_('submitted must be "0" or "1".'))
