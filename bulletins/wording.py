"""The bulletin's numbers and sentences, one indicator at a time, after the way the bureau writes them.

Each sentence states one finding and carries no period: the writer joins them, and the .docx ends each paragraph.
A sentence never repeats the month ("截至12月底" is said once, at the head of the overall section) and, in December,
states the year's result (完成 / 未完成年度目标) instead of a gap to a schedule that has reached 100 %.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

MINUS = "\u2212"  # the real minus sign, not the hyphen: −12.9
LAST_MONTH = 12
SCHEDULE_COMPARATORS = (">=", "~")
REACHING = ("on_schedule", "met")
BEHIND = ("slightly_behind", "behind", "far_behind", "not_met")


def _one_decimal(number) -> Decimal:
    # Half up, as the rules round for display (dashboards.rules.display): 0.75 reads 0.8, −0.75 reads −0.8.
    return Decimal(str(number)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def figure(number) -> str:
    """A figure as entered, with thousands separators: 12,345 · 654.99."""
    if number is None:
        return "—"
    return format(Decimal(str(number)), ",")


def points(number) -> str:
    """A percentage or a gap in points, one decimal: 95.0."""
    return format(_one_decimal(number), ",") if number is not None else "—"


def signed(number) -> str:
    """A gap in points with its sign, one decimal: +3.3 · −12.9 · 0.0 (no sign when there is no gap)."""
    if number is None:
        return "—"
    shown = _one_decimal(number)
    if shown > 0:
        return f"+{shown:,}"
    if shown < 0:
        return f"{MINUS}{-shown:,}"
    return "0.0"


def plain(number) -> str:
    """A weight or a share without a trailing .0: 70 · 37.5."""
    if number is None:
        return "—"
    value = Decimal(str(number))
    return format(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize(), ",")


def rank_change(change: int | None) -> str:
    """↑2 moved up two places since the previous bulletin, ↓1 down one, — unchanged; empty when there was none."""
    if change is None:
        return ""
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "—"


def names_list(names) -> str:
    return "、".join(names)


def is_judged(item: dict) -> bool:
    """Whether the indicator has a target its figure was judged against."""
    return (
        item.get("comparator") is not None
        and item["value"] is not None
        and item["status"]
        not in (
            "no_target",
            "no_data",
        )
    )


def is_schedule_flow(item: dict) -> bool:
    """A flow with a year's target: judged against the share of the year gone (序时进度)."""
    return item["kind"] == "flow" and item.get("comparator") in SCHEDULE_COMPARATORS and item["gap"] is not None


def _schedule_clause(gap) -> str:
    gap = Decimal(str(gap))
    if gap > 0:
        return _("%(gap)s points ahead of the schedule") % {"gap": points(gap)}
    if gap < 0:
        return _("%(gap)s points behind the schedule") % {"gap": points(-gap)}
    return _("level with the schedule")


def _year_result(item: dict) -> str:
    return _("the year's target is met") if item.get("met") else _("the year's target is not met")


def _without(item: dict, names: dict, everywhere: set[str]) -> str:
    """ "（未含南海新区）" when this indicator leaves out units the rest of the bulletin counts."""
    missing = [_unit_code(u) for u in item.get("missing_units") or []]
    if not missing or set(missing) == everywhere:
        return ""
    return _(" (without %(units)s)") % {"units": names_list(names.get(code, code) for code in missing)}


def _unit_code(unit) -> str:
    return unit.get("code", "") if isinstance(unit, dict) else str(unit)


def indicator_sentence(item: dict, month: int, *, names: dict | None = None, everywhere: set | None = None) -> str:
    """One indicator's result in one sentence, without the month (said once above) and without the final 。."""
    names = names or {}
    if item["value"] is None:
        return _("%(name)s: no figures counted yet") % {"name": item["name"]}
    sentence = _finding(item, month, names)
    if is_judged(item) and month >= LAST_MONTH:
        sentence = _("%(finding)s, %(result)s") % {"finding": sentence, "result": _year_result(item)}
    return sentence + _without(item, names, everywhere or set())


def _finding(item: dict, month: int, names: dict) -> str:
    name, unit = item["name"], item["unit_of_measure"]
    comparator, scope = item.get("comparator"), item.get("scope")
    numbers = {"name": name, "value": figure(item["value"]), "unit": unit}
    if comparator is None or item["target"] is None and comparator != "full":
        return _("%(name)s %(value)s %(unit)s") % numbers
    if scope == "per_district":
        laggards = item.get("units_not_reaching") or []
        if not laggards:
            return _("%(name)s: every unit has reached the target") % numbers
        return _("%(name)s: %(count)s units have not yet reached the target (%(units)s)") % {
            **numbers,
            "count": len(laggards),
            "units": names_list(names.get(c, c) for c in laggards),
        }
    if comparator == "increase":
        template = (
            _("%(name)s %(value)s %(unit)s, above the baseline of %(target)s %(unit)s")
            if item["met"]
            else _("%(name)s %(value)s %(unit)s, not yet above the baseline of %(target)s %(unit)s")
        )
        return template % {**numbers, "target": figure(item["target"])}
    if comparator == "full":
        return _("%(name)s %(value)s%%, against full coverage (100%%)") % numbers
    completion = points(item["completion"])
    if month >= LAST_MONTH:
        # The whole year is due: the figure against the target, then the result (added by the caller).
        return _("%(name)s %(value)s %(unit)s, %(completion)s%% of the year's target of %(target)s") % {
            **numbers,
            "completion": completion,
            "target": item.get("target_text") or figure(item["target"]),
        }
    if is_schedule_flow(item):
        return _("%(name)s %(value)s %(unit)s, %(completion)s%% of the year's target, %(schedule)s") % {
            **numbers,
            "completion": completion,
            "schedule": _schedule_clause(item["gap"]),
        }
    return _("%(name)s %(value)s %(unit)s, %(completion)s%% of the target") % {**numbers, "completion": completion}


def overall_paragraph(indicators: list[dict], month: int, schedule_share) -> str:
    """全市总体情况 in a few sentences: the schedule, and how many targets are reached, with those that are not.

    It names indicators but repeats none of their figures, which the next section gives one sentence each.
    """
    judged = [i for i in indicators if is_judged(i)]
    reaching = [i for i in judged if i["status"] in REACHING]
    behind = [i for i in judged if i["status"] in BEHIND]
    under_way = [i for i in judged if i not in reaching and i not in behind]
    final = month >= LAST_MONTH
    sentences = []
    if not final:
        sentences.append(
            _("By the end of month %(month)s the schedule stands at %(share)s%%")
            % {"month": month, "share": points(schedule_share)}
        )
    if judged:
        parts = [
            (_("%(count)s have met the year's target") if final else _("%(count)s are on schedule"))
            % {"count": len(reaching)},
        ]
        if behind:
            parts.append(
                (_("%(count)s have not met it (%(names)s)") if final else _("%(count)s are behind (%(names)s)"))
                % {"count": len(behind), "names": names_list(i["name"] for i in behind)}
            )
        if under_way:
            parts.append(
                _("%(count)s are under way (%(names)s)")
                % {"count": len(under_way), "names": names_list(i["name"] for i in under_way)}
            )
        counts = _("of the %(count)s indicators with a target, %(parts)s") % {
            "count": len(judged),
            "parts": pgettext("between clauses", ", ").join(parts),
        }
        if final:
            counts = _("By the end of month %(month)s, %(counts)s") % {"month": month, "counts": counts}
        sentences.append(capfirst(counts))
    elif final:
        sentences.append(_("By the end of month %(month)s no indicator with a target has figures") % {"month": month})
    return "".join(_("%(sentence)s.") % {"sentence": s} for s in sentences)


def far_behind_sentences(units: list[dict], month: int) -> list[str]:
    """Units far behind, one sentence per indicator naming every unit behind on it, in the indicators' order."""
    by_indicator: dict[str, list[str]] = {}
    for unit in units:
        for indicator in unit.get("far_behind") or []:
            by_indicator.setdefault(indicator, []).append(unit["name"])
    template = (
        _("Far short of the year's target on %(indicator)s: %(units)s.")
        if month >= LAST_MONTH
        else _("Far behind the schedule on %(indicator)s: %(units)s.")
    )
    return [template % {"indicator": name, "units": names_list(units)} for name, units in by_indicator.items()]


def counted_sentence(counted: dict, *, approved_only: bool) -> str:
    """纳入统计：8个区市中5个（12月已审核），另有2份待审核、1份未报。"""
    numbers = {"total": counted.get("units_total"), "counted": counted.get("units_counted"), "month": counted["month"]}
    head = (
        _("Counted: %(counted)s of %(total)s units (month %(month)s approved)")
        if approved_only
        else _("Counted: %(counted)s of %(total)s units (month %(month)s approved or submitted)")
    ) % numbers
    others = [
        template % {"count": counted[key]}
        for key, template in (
            ("awaiting_review", _("%(count)s awaiting review")),
            ("sent_back", _("%(count)s sent back")),
            ("not_filed", _("%(count)s not filed")),
        )
        if counted.get(key)
    ]
    if others:
        head += _(", besides %(others)s") % {"others": names_list(others)}
    return _("%(sentence)s.") % {"sentence": head}


def as_sentence(text: str) -> str:
    """A sentence typed by a person, ended with a full stop if it has none."""
    text = text.strip()
    if not text or text[-1] in "。！？.!?":
        return text
    return _("%(sentence)s.") % {"sentence": text}
