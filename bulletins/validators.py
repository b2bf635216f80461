"""The 文号 as GB/T 9704-2012 writes it: 机关代字〔YYYY〕N号, with six-sided brackets and no leading zero.

One validator for the issue form and the issuing service, so a number refused on the page is refused everywhere.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# ASCII digits only: Python's \d also takes ２ and ٢, and 4５号 would then be a second 45号 of the year.
NUMBER = re.compile(r"^(?P<organ>[^\s〔〕]+?)〔(?P<year>[0-9]{4})〕(?P<serial>[1-9][0-9]*)号$")
# Brackets people type instead of 〔〕: ASCII, full-width, lenticular, tortoise-shell and angle brackets.
LOOSE = re.compile(
    r"^(?P<organ>[^\s\[\]()（）【】〔〕［］〘〙{}<>〈〉《》]+?)\s*[\[(（【〔［〘{<〈《]\s*(?P<year>\d+)\s*[\])）】〕］〙}>〉》]"
    r"\s*(?P<serial>\d+)\s*号?$"
)
EXAMPLE = "威人社字〔2023〕45号"


@dataclass(frozen=True)
class DocumentNumber:
    organ: str  # 机关代字
    year: int
    serial: int


def _suggestion(value: str) -> str | None:
    loose = LOOSE.match(value)
    if loose is None or len(loose["year"]) != 4 or int(loose["serial"]) == 0:
        return None
    return f"{loose['organ']}〔{int(loose['year'])}〕{int(loose['serial'])}号"  # int() gives ASCII digits


def parse_document_number(value: str) -> DocumentNumber:
    """The parts of a 文号, or a ValidationError saying what to type instead."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Enter the document number (文号)."), code="number_missing")
    match = NUMBER.match(value)
    if match is not None:
        return DocumentNumber(organ=match["organ"], year=int(match["year"]), serial=int(match["serial"]))
    suggestion = _suggestion(value)
    loose = LOOSE.match(value)
    if loose is not None and len(loose["year"]) != 4:
        message, code = _("The year in a document number has four digits."), "number_year"
    elif loose is not None and ("〔" not in value or "〕" not in value):
        message, code = _("Put the year in six-sided brackets 〔〕, not [ ], ( ) or 【】."), "number_brackets"
    elif loose is not None and not (loose["year"] + loose["serial"]).isascii():
        message, code = _("Write the year and the serial number in the digits 0–9."), "number_digits"
    elif loose is not None and loose["serial"].startswith("0"):
        message, code = _("Write the serial number without leading zeros (45号, not 045号)."), "number_leading_zero"
    else:
        message, code = _("Write the document number as 机关代字〔YYYY〕N号."), "number_format"
    if suggestion:
        message = f"{message} " + _("Type %(suggestion)s.") % {"suggestion": suggestion}
    else:
        message = f"{message} " + _("For example %(example)s.") % {"example": EXAMPLE}
    raise ValidationError(message, code=code)


def validate_document_number(value: str) -> None:
    """A form field validator: refuses a 文号 not written as 机关代字〔YYYY〕N号."""
    parse_document_number(value)
