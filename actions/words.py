"""What of a free text a department viewer may read: nothing that names another department's indicators or measures.

A coordinator's send-back reason, a figure's comment or a note is written for the district and may speak of any
part of the plan ("I1.5.1 场次与上月不符；基本公共服务覆盖率分母请核实"). A department viewer (``actions.scoping``) sees
only its own measures, so each sentence of such a text that names an indicator or measure outside them (by code, by
name, or by a distinctive part of a name) is left out, and a note says that something was. Whoever sees every
measure reads the text whole.
"""

import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from .models import Action, Indicator, Measure, PlanYear
from .scoping import indicators_for_user, measures_for_user, sees_every_measure

_SENTENCE_END = re.compile(r"(?<=[。；;！？!?\n])")
# Chinese characters count as word characters, so "同I1.2.1" has no \b before the code: look around instead.
_INDICATOR_CODE = re.compile(r"(?<![A-Za-z0-9])I\d+(?:\.\d+)+(?![\d])", re.IGNORECASE)
_MEASURE_CODE = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}(?![\d.])")
# A part of a name this long that no own name or measure text contains names something else: "基本公共服务" for
# "基本公共服务覆盖农民工群体". Shorter parts ("农民工") are common to every action.
_GRAM = 4


def _grams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text)
    return {text[i : i + _GRAM] for i in range(len(text) - _GRAM + 1)}


def words_filter_for_user(user, *, plan: PlanYear) -> Callable[[str], str]:
    """A function giving any text of ``plan``'s returns as ``user`` may read it (built once per page: a few queries)."""
    if sees_every_measure(user):
        return lambda text: text
    own_indicators = set(indicators_for_user(user, plan=plan).values_list("pk", flat=True))
    own_measures = set(measures_for_user(user, plan=plan).values_list("pk", flat=True))
    own_text, outside_codes, outside_names = [], set(), []
    for pk, code, name in Indicator.objects.filter(plan=plan).values_list("pk", "code", "name"):
        if pk in own_indicators:
            own_text.append(name)
        else:
            outside_codes.add(code.upper())
            outside_names.append(name)
    outside_measures = set()
    for measure in Measure.objects.filter(action__plan=plan).select_related("action"):
        if measure.pk in own_measures:
            own_text.append(measure.text)
        else:
            outside_measures.add(measure.code)
    own_actions = {m.action_id for m in Measure.objects.filter(pk__in=own_measures)}
    outside_names += [a.title for a in Action.objects.filter(plan=plan).exclude(pk__in=own_actions)]
    own_grams = set().union(*map(_grams, own_text)) if own_text else set()
    outside_grams = set().union(*map(_grams, outside_names)) - own_grams if outside_names else set()

    def names_outside(sentence: str) -> bool:
        if any(code.upper() in outside_codes for code in _INDICATOR_CODE.findall(sentence)):
            return True
        if any(code in outside_measures for code in _MEASURE_CODE.findall(sentence)):
            return True
        return bool(_grams(sentence) & outside_grams)

    def readable(text: str) -> str:
        if not text:
            return text
        sentences = [s for s in _SENTENCE_END.split(text) if s]
        kept = [s for s in sentences if not names_outside(s)]
        if len(kept) == len(sentences):
            return text
        return "".join(kept).strip() + _("(Parts about other departments' indicators are not shown.)")

    return readable
