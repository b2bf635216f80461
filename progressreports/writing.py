"""A progress report's words: the draft's starting text from its snapshot, and the report as it reads (the page and
the .docx print the same), from the snapshot's figures and the coordinator's choices in ``content``.

The figures are never typed: each action's paragraph is written from the progress API's answer frozen in the
snapshot, with the bulletin's own sentences (``bulletins.wording``), so the report says what the API says.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from bulletins.wording import points
from bulletins.writing import Table, bulletin_text

from .selectors import period_label, sentences

NUMERALS = "一二三四五六七八九十"


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    # Under 工作进展情况: each action's own heading (（一）…) and paragraphs.
    parts: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class ReportText:
    title: str
    intro: str
    sections: list[Section]
    closing: str
    attachment_title: str
    indicator_table: Table


def default_title(*, year: int, month_from: int, month_to: int) -> str:
    return _("Report on the progress of the New Citizens at Work action in %(period)s of %(year)s") % {
        "year": year,
        "period": period_label(month_from=month_from, month_to=month_to),
    }


def default_recipients() -> str:
    return _("The provincial Department of Human Resources and Social Security")


def _labelled(unit: str, text: str) -> str:
    return _("%(unit)s: %(text)s") % {"unit": unit, "text": text}


def draft_content(snapshot: dict) -> dict:
    """What a new draft says before the coordinator edits it: every sentence of every note chosen, every featured
    practice, the assessments in a sentence, and the problems and next steps the units wrote."""
    problems, next_steps = [], []
    measures = []
    for measure in snapshot["measures"]:
        chosen = []
        for note in measure["notes"]:
            chosen.extend({"unit": note["unit"], "text": s, "chosen": True} for s in sentences(note["note"]))
            if note.get("problems"):
                problems.append(_labelled(note["unit"], note["problems"]))
            if note.get("next_steps"):
                next_steps.append(_labelled(note["unit"], note["next_steps"]))
        measures.append({"code": measure["code"], "sentences": chosen})
    return {
        "measures": measures,
        "practices": [{"id": p["id"], "chosen": True} for p in snapshot["practices"]],
        "assessments": assessments_sentence(snapshot["assessments"]),
        "problems": "\n".join(dict.fromkeys(problems)),
        "next_steps": "\n".join(dict.fromkeys(next_steps)),
    }


def assessments_sentence(assessments: list[dict]) -> str:
    """本期对8个单位开展督导评估，评定结果：环翠区优秀、文登区良好。 (empty when none was made)."""
    if not assessments:
        return ""
    graded = [f"{a['unit']}{a['grade_label']}" for a in assessments if a.get("grade_label")]
    text = _("%(count)s assessments of the units' work were made in the period") % {"count": len(assessments)}
    if graded:
        text = _("%(text)s; results: %(grades)s") % {"text": text, "grades": "、".join(graded)}
    return _("%(sentence)s.") % {"sentence": text}


def _action_paragraph(action: dict, lines: list, month: int, share: str) -> str:
    objective = _("Main objective: %(objective)s.") % {"objective": action["objective"].rstrip("。.")}
    if not lines:
        return objective
    findings = _("; ").join(_("across the city, %(finding)s") % {"finding": line.sentence} for line in lines)
    return objective + _("By the end of month %(month)s (schedule %(share)s%%), %(findings)s.") % {
        "month": month,
        "share": share,
        "findings": findings,
    }


def _measure_paragraphs(snapshot: dict, content: dict, action_number: int) -> list[str]:
    """Per measure of the action, the chosen sentences, each unit's together: 环翠区：…。文登区：…。"""
    written = {m["code"]: m["sentences"] for m in content.get("measures", [])}
    paragraphs = []
    for measure in snapshot["measures"]:
        if measure["action"] != action_number:
            continue
        by_unit: dict[str, list[str]] = {}
        for sentence in written.get(measure["code"], []):
            text = (sentence.get("text") or "").strip()
            if sentence.get("chosen") and text:
                by_unit.setdefault(sentence["unit"], []).append(text)
        if by_unit:
            paragraphs.append("".join(_labelled(unit, "".join(texts)) for unit, texts in by_unit.items()))
    return paragraphs


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def report_text(*, snapshot: dict, content: dict, title: str) -> ReportText:
    """The report's words and its indicator table, from its snapshot and the coordinator's ``content``."""
    progress = snapshot["progress"]
    month = snapshot["month_to"]
    bulletin = bulletin_text(progress)  # the bulletin's sentences and indicator table, from the same payload
    actions_of = {item["code"]: item["action"] for item in progress["indicators"]}
    share = points(progress["schedule_share"])
    progress_section = Section(heading=_("Progress of the work"))
    for i, action in enumerate(snapshot["actions"]):
        lines = [line for line in bulletin.lines if actions_of.get(line.code) == action["number"]]
        paragraphs = [_action_paragraph(action, lines, month, share)]
        paragraphs += _measure_paragraphs(snapshot, content, action["number"])
        progress_section.parts.append((f"（{NUMERALS[i % 10]}）{action['title']}", paragraphs))

    chosen = {p["id"] for p in content.get("practices", []) if p.get("chosen")}
    practices = [
        _labelled(p["unit"], f"{p['title'].rstrip('。')}。{p['body']}")
        for p in snapshot["practices"]
        if p["id"] in chosen
    ]
    sections = [progress_section]
    for heading, paragraphs in (
        (_("Good practice"), practices),
        (_("Supervision and assessment"), _paragraphs(content.get("assessments", ""))),
        (_("Problems"), _paragraphs(content.get("problems", ""))),
        (_("Next steps"), _paragraphs(content.get("next_steps", ""))),
    ):
        if paragraphs:
            sections.append(Section(heading=heading, paragraphs=paragraphs))
    for i, section in enumerate(sections):
        section.heading = f"{NUMERALS[i]}、{section.heading}"

    period = period_label(month_from=snapshot["month_from"], month_to=month)
    return ReportText(
        title=title,
        intro=_(
            "As the provincial department asked, we report on how the city's New Citizens at Work action "
            "progressed in %(period)s of %(year)s:"
        )
        % {"period": period, "year": snapshot["year"]},
        sections=sections,
        closing=_("We hereby report."),
        attachment_title=_("Indicators of the New Citizens at Work action, January to month %(month)s of %(year)s")
        % {"month": month, "year": snapshot["year"]},
        indicator_table=bulletin.indicator_table,
    )
