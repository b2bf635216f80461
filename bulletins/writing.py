"""The bulletin's words, written from its snapshot: the same sentences on the page and in the .docx.

Every number comes from the snapshot, which is the progress API's payload, so the summary sentence says exactly what
``/api/v1/progress`` answers for that month.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from dashboards.rollup import Status

SCHEDULE_COMPARATORS = (">=", "~")


def figure(number) -> str:
    """A figure as entered, with thousands separators: 12,345 · 654.99."""
    if number is None:
        return "—"
    return format(Decimal(str(number)), ",")


def points(number) -> str:
    """A percentage or a gap in points, one decimal: 95.0."""
    return format(Decimal(str(number)).quantize(Decimal("0.1")), ",") if number is not None else "—"


def rank_change(change: int | None) -> str:
    """↑2 moved up two places since the previous bulletin, ↓1 down one, — unchanged; empty when there was none."""
    if change is None:
        return ""
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "—"


@dataclass
class IndicatorLine:
    code: str
    name: str
    sentence: str
    value: str
    target: str
    completion: str
    gap: str
    status: str


@dataclass
class BulletinText:
    title: str
    overall: list[str]  # 全市总体情况
    lines: list[IndicatorLine]  # 各项指标完成情况
    ranking: list[dict]  # the units in rank order, with their words
    named: list[str]  # units named at the top and bottom, and what is far behind
    method: list[str]  # 说明
    month_label: str = ""
    extra: dict = field(default_factory=dict)


def _schedule_clause(gap) -> str:
    gap = Decimal(str(gap))
    if gap > 0:
        return _("%(gap)s points ahead of the schedule") % {"gap": points(gap)}
    if gap < 0:
        return _("%(gap)s points behind the schedule") % {"gap": points(-gap)}
    return _("level with the schedule")


def indicator_sentence(item: dict, month: int) -> str:
    """One indicator's result in a sentence, after the bureau's way of writing it."""
    name, unit = item["name"], item["unit_of_measure"]
    value = item["value"]
    if value is None:
        return _("%(name)s: no figures counted yet") % {"name": name}
    comparator, scope = item.get("comparator"), item.get("scope")
    numbers = {"name": name, "value": figure(value), "unit": unit, "month": month}
    if comparator is None or item["target"] is None and comparator not in ("full",):
        return _("%(name)s %(value)s %(unit)s") % numbers
    if scope == "per_district":
        laggards = item.get("units_not_reaching") or []
        if not laggards:
            return _("%(name)s: every unit has reached the target") % numbers
        return _("%(name)s: %(count)s units have not yet reached the target (%(units)s)") % {
            **numbers,
            "count": len(laggards),
            "units": "、".join(item.get("unit_names", {}).get(c, c) for c in laggards),
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
    if item["kind"] == "flow" and comparator in SCHEDULE_COMPARATORS and item["gap"] is not None:
        return _(
            "By the end of month %(month)s the city's %(name)s reached %(value)s %(unit)s, "
            "%(completion)s%% of the year's target, %(schedule)s"
        ) % {**numbers, "completion": points(item["completion"]), "schedule": _schedule_clause(item["gap"])}
    return _("%(name)s %(value)s %(unit)s, %(completion)s%% of the target") % {
        **numbers,
        "completion": points(item["completion"]),
    }


def _status_label(status: str) -> str:
    try:
        return str(Status(status).label)
    except ValueError:
        return status


def bulletin_text(snapshot: dict) -> BulletinText:
    """The bulletin's title, paragraphs and tables, from its snapshot alone."""
    year, month = snapshot["year"], snapshot["month"]
    names = {u["code"]: u["name"] for u in snapshot["units"]}
    lines, schedule_sentences, other_sentences = [], [], []
    for item in snapshot["indicators"]:
        item = {**item, "unit_names": names}
        sentence = indicator_sentence(item, month)
        lines.append(
            IndicatorLine(
                code=item["code"],
                name=item["name"],
                sentence=sentence,
                value=figure(item["value"]),
                target=item.get("target_text") or "—",
                completion=points(item["completion"]),
                gap=points(item["gap"]),
                status=_status_label(item["status"]),
            )
        )
        if item["value"] is None or item.get("comparator") is None:
            continue
        if item["kind"] == "flow" and item.get("comparator") in SCHEDULE_COMPARATORS and item["gap"] is not None:
            schedule_sentences.append(sentence)
        else:
            other_sentences.append(sentence)
    overall = [
        _("The schedule (the share of the year gone) stands at %(share)s%% at the end of month %(month)s.")
        % {"share": points(snapshot["schedule_share"]), "month": month}
    ]
    if schedule_sentences:
        overall.append("；".join(schedule_sentences) + "。")
    if other_sentences:
        overall.append("；".join(other_sentences) + "。")

    ranking = []
    for unit in snapshot["units"]:
        ranking.append(
            {
                **unit,
                "completion_text": points(unit["completion_score"]),
                "on_time_text": points(unit["on_time_rate"]),
                "composite_text": points(unit["composite"]),
                "change_text": rank_change(unit.get("rank_change")),
            }
        )
    named = []
    if snapshot.get("top"):
        named.append(_("Ahead: %(units)s.") % {"units": "、".join(names[c] for c in snapshot["top"])})
    if snapshot.get("bottom"):
        named.append(_("Behind: %(units)s.") % {"units": "、".join(names[c] for c in snapshot["bottom"])})
    for unit in snapshot["units"]:
        if unit.get("far_behind"):
            named.append(
                _("%(unit)s is far behind on %(indicators)s.")
                % {"unit": unit["name"], "indicators": "、".join(unit["far_behind"])}
            )
    weights = snapshot.get("weights", {})
    method = [
        _(
            "Composite score = %(wc)s%% completion score + %(wt)s%% on-time rate. The completion score is the mean, "
            "over the unit's indicators with a target, of completion divided by what is due by the end of the month "
            "(the schedule, %(share)s%% of a year's flow), capped; indicators without a target are left out."
        )
        % {
            "wc": figure(weights.get("completion")),
            "wt": figure(weights.get("timeliness")),
            "share": figure(snapshot["schedule_share"]),
        },
        (
            _("Figures include submitted returns that have not yet been approved.")
            if snapshot["counted_returns"] != "approved"
            else _("Only approved returns are counted.")
        ),
    ]
    reason = (snapshot.get("completeness") or {}).get("reason", "").strip()
    if reason:  # why it went out with returns missing, in the drafter's words (bulletins.services)
        method.append(reason if reason[-1] in "。.！？" else f"{reason}。")
    previous = snapshot.get("previous")
    if previous:
        method.append(
            _("Changes of rank are measured against bulletin %(number)s (month %(month)s of %(year)s).") % previous
        )
    return BulletinText(
        title=_(
            "Bulletin on the progress of the New Citizens at Work action from January to month %(month)s of %(year)s"
        )
        % {"year": year, "month": month},
        overall=overall,
        lines=lines,
        ranking=ranking,
        named=named,
        method=method,
        month_label=_("month %(month)s of %(year)s") % {"year": year, "month": month},
    )
