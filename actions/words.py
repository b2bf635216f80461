"""What of a free text a department viewer may read: only what speaks of its own measures.

A coordinator's send-back reason, a figure's comment or a note is written for the district and may speak of any
part of the plan ("I1.5.1 场次与上月不符；基本公共服务覆盖率分母请核实"). A department viewer (``actions.scoping``) sees
only its own measures, so of such a text it reads only the sentences that name one of its own indicators or measures
(by code, by name, or by a distinctive part of a name) and nothing outside them; a note says that something was left
out. A sentence that names nothing ("岗位数偏大。") may be about anything, so it is left out too. Whoever sees every
measure reads the text whole.
"""

import re
import unicodedata
from collections.abc import Callable

from django.utils.translation import gettext as _

from .models import Action, Indicator, Measure, PlanYear
from .scoping import indicators_for_user, measures_for_user, sees_every_measure

_SENTENCE_END = re.compile(r"(?<=[。；;！？!?\n])")
# An indicator's code with or without its letter (I1.2.1, 1.2.1, 第1.2.1项); Chinese characters count as word
# characters, so look around for letters and digits instead of \b.
_INDICATOR_CODE = re.compile(r"(?<![A-Za-z0-9.])I?(\d+(?:\.\d+){2,})(?![\d])", re.IGNORECASE)
_MEASURE_CODE = re.compile(r"(?<![\d.])(\d{1,2}\.\d{1,2})(?![\d.])")
# A part of a name this long that the other side's names and texts do not contain names one side: "基本公共服务" for
# "基本公共服务覆盖农民工群体". Shorter parts ("农民工") are common to every action.
_GRAM = 4


def _grams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text)
    return {text[i : i + _GRAM] for i in range(len(text) - _GRAM + 1)}


def _all_grams(texts: list[str]) -> set[str]:
    return set().union(*map(_grams, texts)) if texts else set()


def words_filter_for_user(user, *, plan: PlanYear) -> Callable[[str], str]:
    """A function giving any text of ``plan``'s returns as ``user`` may read it (built once per page: a few queries)."""
    if sees_every_measure(user):
        return lambda text: text
    own_indicators = set(indicators_for_user(user, plan=plan).values_list("pk", flat=True))
    own_measures = set(measures_for_user(user, plan=plan).values_list("pk", flat=True))
    codes = {True: set(), False: set()}  # own or not → indicator codes, as digits ("1.2.1")
    names = {True: [], False: []}
    for pk, code, name in Indicator.objects.filter(plan=plan).values_list("pk", "code", "name"):
        codes[pk in own_indicators].add(code.upper().lstrip("I"))
        names[pk in own_indicators].append(name)
    measure_codes = {True: set(), False: set()}
    texts = {True: [], False: []}
    for measure in Measure.objects.filter(action__plan=plan).select_related("action"):
        measure_codes[measure.pk in own_measures].add(measure.code)
        texts[measure.pk in own_measures].append(measure.text)
    own_actions = {m.action_id for m in Measure.objects.filter(pk__in=own_measures)}
    names[False] += [a.title for a in Action.objects.filter(plan=plan).exclude(pk__in=own_actions)]
    own_grams = _all_grams(names[True] + texts[True]) - _all_grams(names[False] + texts[False])
    outside_grams = _all_grams(names[False]) - _all_grams(names[True] + texts[True])

    def names_of(sentence: str, own: bool) -> bool:
        if any(code in codes[own] for code in _INDICATOR_CODE.findall(sentence)):
            return True
        if any(code in measure_codes[own] for code in _MEASURE_CODE.findall(sentence)):
            return True
        return bool(_grams(sentence) & (own_grams if own else outside_grams))

    def readable(text: str) -> str:
        if not text:
            return text
        sentences = [s for s in _SENTENCE_END.split(text) if s]
        kept = []
        for sentence in sentences:
            plain = unicodedata.normalize("NFKC", sentence)  # Ｉ１.２.１ is I1.2.1
            if names_of(plain, True) and not names_of(plain, False):
                kept.append(sentence)
        if len(kept) == len(sentences):
            return text
        return "".join(kept).strip() + _("(Parts not about your department's measures are not shown.)")

    return readable
