"""The bulletin's words, written from its snapshot: the same sentences and tables on the page and in the .docx.

Every number comes from the snapshot, which is the progress API's payload, so a sentence says exactly what
``/api/v1/progress`` answers for that month. Each section says its own thing: the overall section counts and names,
the indicator section gives each figure once, the units section names who is ahead, behind and far behind (units
behind on one indicator together), and 说明 says how the scores are made and what was counted. Snapshots written
before the counting was recorded (no ``counted``, ``completeness``) read as before, without that line.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from dashboards.rollup import Status

from .wording import (  # noqa: F401 (figure and points were here first; tests and the .docx import them from here)
    LAST_MONTH,
    SCHEDULE_COMPARATORS,
    as_sentence,
    counted_sentence,
    far_behind_sentences,
    figure,
    indicator_sentence,
    names_list,
    overall_paragraph,
    plain,
    points,
    rank_change,
    signed,
)


@dataclass
class IndicatorLine:
    code: str
    name: str
    sentence: str  # one sentence, without the final 。
    value: str
    target: str
    completion: str
    gap: str  # signed: +3.3 · −12.9 · 0.0
    status: str
    unit: str = ""  # the unit of measure: 人, 个, 万元, % for a rate
    counted: str = ""  # units counted for this indicator, "5/8"; empty when the snapshot does not say


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


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
    # The two tables as printed, headers with their units: the page and the .docx print these.
    indicator_table: Table = field(default_factory=lambda: Table([], []))
    ranking_table: Table = field(default_factory=lambda: Table([], []))
    counted: str = ""  # the counted line of 说明 (纳入统计：…), empty for a snapshot without it


def _status_label(status: str) -> str:
    try:
        return str(Status(status).label)
    except ValueError:
        return status


def _count(value) -> int | None:
    """A count given as a number or as the list of what is counted."""
    if value is None:
        return None
    return len(value) if isinstance(value, list | tuple) else int(value)


def _counted_text(item: dict, total) -> str:
    counted = _count(item.get("counted_units"))
    if counted is None:
        return ""
    return f"{counted}/{total}" if total is not None else str(counted)


def _line(item: dict, month: int, names: dict, everywhere: set, total) -> IndicatorLine:
    unit = item["unit_of_measure"] or ("%" if item["kind"] == "ratio" else "")
    return IndicatorLine(
        code=item["code"],
        name=item["name"],
        sentence=indicator_sentence(item, month, names=names, everywhere=everywhere),
        value=figure(item["value"]),
        target=item.get("target_text") or "—",
        completion=points(item["completion"]),
        gap=signed(item["gap"]),
        status=_status_label(item["status"]),
        unit=unit,
        counted=_counted_text(item, total),
    )


def _indicator_table(lines: list[IndicatorLine], month: int, with_counted: bool) -> Table:
    headers = [
        _("Indicator"),
        _("Unit of measure"),
        _("Year to date"),
        _("Target"),
        _("Completion (%)"),
        _("Gap to the year's target (points)") if month >= LAST_MONTH else _("Gap to schedule (points)"),
        _("Status"),
    ]
    rows = [[x.name, x.unit or "—", x.value, x.target, x.completion, x.gap, x.status] for x in lines]
    if with_counted:
        headers.append(_("Units counted"))
        for row, line in zip(rows, lines, strict=True):
            row.append(line.counted or "—")
    return Table([str(h) for h in headers], rows)


def _ranking_table(ranking: list[dict]) -> Table:
    headers = [
        _("Rank"),
        _("Reporting unit"),
        _("Completion score (points)"),
        _("On-time rate (%)"),
        _("Composite score (points)"),
        _("Change of rank"),
    ]
    # The short name (高区, 经区) keeps the unit's column to one line; the sentences use the full name.
    rows = [
        [
            str(u["rank"] or "—"),
            u.get("short_name") or u["name"],
            u["completion_text"],
            u["on_time_text"],
            u["composite_text"],
            u["change_text"] or "—",
        ]
        for u in ranking
    ]
    return Table([str(h) for h in headers], rows)


def _method(snapshot: dict, counted: str) -> list[str]:
    weights = snapshot.get("weights", {})
    method = [
        _(
            "Composite score = completion score × %(wc)s%% + on-time rate × %(wt)s%%. The completion score is the "
            "mean, over the unit's indicators with a target, of completion divided by what is due by the end of the "
            "month (for a year's flow, the schedule: %(share)s%%), capped; indicators without a target are left out."
        )
        % {
            "wc": plain(weights.get("completion")),
            "wt": plain(weights.get("timeliness")),
            "share": plain(snapshot["schedule_share"]),
        },
        (
            _("Figures include submitted returns that have not yet been approved.")
            if snapshot["counted_returns"] != "approved"
            else _("Only approved returns are counted.")
        ),
    ]
    if counted:
        method.append(counted)
    reason = ((snapshot.get("completeness") or {}).get("reason") or "").strip()
    if reason:
        method.append(as_sentence(reason))
    previous = snapshot.get("previous")
    if previous:
        method.append(
            _("Changes of rank are measured against bulletin %(number)s (month %(month)s of %(year)s).") % previous
        )
    return method


def bulletin_text(snapshot: dict) -> BulletinText:
    """The bulletin's title, paragraphs and tables, from its snapshot alone."""
    year, month = snapshot["year"], snapshot["month"]
    names = {u["code"]: u["name"] for u in snapshot["units"]}
    counted_info = snapshot.get("counted") or None
    total = counted_info.get("units_total") if counted_info else None
    everywhere = {u.get("code") for u in (counted_info or {}).get("missing_units") or []}
    lines = [_line(item, month, names, everywhere, total) for item in snapshot["indicators"]]
    overall = [overall_paragraph(snapshot["indicators"], month, snapshot["schedule_share"])]

    ranking = [
        {
            **unit,
            "completion_text": points(unit["completion_score"]),
            "on_time_text": points(unit["on_time_rate"]),
            "composite_text": points(unit["composite"]),
            "change_text": rank_change(unit.get("rank_change")),
        }
        for unit in snapshot["units"]
    ]
    named = []
    if snapshot.get("top"):
        named.append(_("Ahead: %(units)s.") % {"units": names_list(names[c] for c in snapshot["top"])})
    if snapshot.get("bottom"):
        named.append(_("Behind: %(units)s.") % {"units": names_list(names[c] for c in snapshot["bottom"])})
    named.extend(far_behind_sentences(snapshot["units"], month))

    counted = (
        counted_sentence(counted_info, approved_only=snapshot["counted_returns"] == "approved") if counted_info else ""
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
        method=_method(snapshot, counted),
        month_label=_("month %(month)s of %(year)s") % {"year": year, "month": month},
        indicator_table=_indicator_table(lines, month, with_counted=counted_info is not None),
        ranking_table=_ranking_table(ranking),
        counted=counted,
    )
