"""The monthly return form: one field per indicator (two for a ratio) and a status and note per measure."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .figure_rules import figure_problems, typed_number_problem
from .models import ProgressStatus
from .questions import QuestionInput
from .selectors import IndicatorHistory
from .services import FigureInput, ProgressInput
from .writes import plain_number

GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")


class FigureField(forms.DecimalField):
    """A number as people type it: full-width digits, thousands separators and spaces are accepted."""

    default_error_messages = {
        "invalid": gettext_lazy("Enter a number, such as 1200 or 35.5."),
        "min_value": gettext_lazy("Figures cannot be negative."),
        "max_digits": gettext_lazy("This number is too large."),
        "max_whole_digits": gettext_lazy("This number is too large."),
        "max_decimal_places": gettext_lazy("Use at most %(max)s decimal places."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "figure"})

    def to_python(self, value):
        if isinstance(value, str):
            problem = typed_number_problem(value.strip())
            if problem:
                raise forms.ValidationError(problem, code="invalid")
            value = unicodedata.normalize("NFKC", value).replace(" ", "").strip()
            # Only well-placed separators (1,200 or 13,000.5) are dropped; "12,,3" is a slip, not 123.
            if GROUPED.fullmatch(value):
                value = value.replace(",", "")
        return super().to_python(value)


def _field_names(indicator) -> list[str]:
    return [f"num_{indicator.pk}", f"den_{indicator.pk}"] if indicator.is_ratio else [f"val_{indicator.pk}"]


class MonthlyReturnForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "invalid": gettext_lazy(
                "The form was changed outside this page: reload the return and enter your changes again."
            ),
            "required": gettext_lazy(
                "The form was changed outside this page: reload the return and enter your changes again."
            ),
        },
    )

    def __init__(
        self,
        *args,
        structure,
        figures,
        progress,
        history: dict[int, IndicatorHistory],
        carried=None,
        submitting: bool = True,
        department: bool = False,
        questions=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # A department's return says per measure also what stands in the way and what comes next.
        self.department = department
        # A draft keeps one's work: a figure far outside the history needs its comment to be submitted, not saved.
        self.submitting = submitting
        self.unconfirmed: list = []  # indicators saved in a draft without the comment submitting will need
        self.structure = structure
        self.history = history
        # Status and notes start from the unit's latest earlier month when this one has none yet, marked as such.
        self.carried = carried or {}
        self.carried_measures: set[int] = set()
        # The coordinator's questions of the latest send-back, each answered beside the field it is about.
        self.questions = {"indicator": {}, "measure": {}}
        for question in questions:
            kind, item = (
                ("indicator", question.indicator_id) if question.indicator_id else ("measure", question.measure_id)
            )
            self.questions[kind].setdefault(item, []).append(question)
            self.fields[f"ans_{question.pk}"] = forms.CharField(
                label=_("Your answer on %(item)s")
                % {
                    "item": question.indicator.name
                    if question.indicator_id
                    else f"{question.measure.action.number}.{question.measure.number}"
                },
                required=False,
                max_length=2000,
                initial=question.answer,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.indicators = []
        self.measures = []
        for action in structure:
            for indicator in action.indicator_list:
                self._add_indicator(indicator, figures.get(indicator.pk))
            for measure in action.measure_list:
                self._add_measure(measure, progress.get(measure.pk))

    def _add_indicator(self, indicator, figure) -> None:
        self.indicators.append(indicator)
        label = f"{indicator.name}（{indicator.unit}）"
        if indicator.is_ratio:
            self.fields[f"num_{indicator.pk}"] = FigureField(
                label=indicator.numerator_label or _("Numerator"), initial=plain_number(figure and figure.numerator)
            )
            self.fields[f"den_{indicator.pk}"] = FigureField(
                label=indicator.denominator_label or _("Denominator"),
                initial=plain_number(figure and figure.denominator),
            )
        else:
            self.fields[f"val_{indicator.pk}"] = FigureField(label=label, initial=plain_number(figure and figure.value))
        self.fields[f"cmt_{indicator.pk}"] = forms.CharField(
            label=_("Comment on %(indicator)s") % {"indicator": indicator.name},
            required=False,
            max_length=500,
            initial=figure.comment if figure else "",
        )

    def _add_measure(self, measure, entry) -> None:
        self.measures.append(measure)
        if entry is None and measure.pk in self.carried:
            entry = self.carried[measure.pk]
            self.carried_measures.add(measure.pk)
        elif entry is not None and entry.carried:
            self.carried_measures.add(measure.pk)
        if measure.pk in self.carried_measures:
            self.fields[f"confirm_{measure.pk}"] = forms.BooleanField(
                label=_("Still true (confirm the note carried over from last month)"), required=False
            )
        self.fields[f"st_{measure.pk}"] = forms.ChoiceField(
            label=_("Status of measure %(code)s") % {"code": f"{measure.action.number}.{measure.number}"},
            choices=ProgressStatus.choices,
            initial=entry.status if entry else ProgressStatus.NOT_STARTED,
        )
        self.fields[f"note_{measure.pk}"] = forms.CharField(
            label=_("Progress made on measure %(code)s") % {"code": f"{measure.action.number}.{measure.number}"},
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
            initial=entry.note if entry else "",
        )
        if self.department:
            code = f"{measure.action.number}.{measure.number}"
            for prefix, name, label in (
                ("prob", "problems", _("Problems with measure %(code)s")),
                ("next", "next_steps", _("Next steps on measure %(code)s")),
            ):
                self.fields[f"{prefix}_{measure.pk}"] = forms.CharField(
                    label=label % {"code": code},
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=getattr(entry, name, "") if entry else "",
                )

    def clean(self):
        cleaned = super().clean()
        for indicator in self.indicators:
            names = dict(zip(("value", "numerator", "denominator"), ("val", "num", "den"), strict=True))
            names["comment"] = "cmt"
            parts = {part: cleaned.get(f"{prefix}_{indicator.pk}") for part, prefix in names.items()}
            if any(f"{prefix}_{indicator.pk}" in self.errors for prefix in names.values()):
                continue
            problems = figure_problems(
                indicator=indicator,
                value=parts["value"],
                numerator=parts["numerator"],
                denominator=parts["denominator"],
                comment=parts["comment"] or "",
                history=self.history.get(indicator.pk),
            )
            if not self.submitting and problems and all(p.code == "outlier" for p in problems):
                self.unconfirmed.append(indicator)
                continue
            for problem in problems:
                self.add_error(f"{names[problem.part]}_{indicator.pk}", problem.message)
        if self.submitting:
            for measure_id in self.still_carried():
                self.add_error(
                    f"note_{measure_id}",
                    _("Carried over from last month: tick “still true” or edit the note before submitting."),
                )
        return cleaned

    def still_carried(self) -> set[int]:
        """The carried-over notes neither edited nor confirmed in this post: they keep their mark."""
        data = self.cleaned_data
        return {
            pk
            for pk in self.carried_measures
            if not data.get(f"confirm_{pk}")
            and (data.get(f"note_{pk}") or "").strip() == (self.fields[f"note_{pk}"].initial or "").strip()
        }

    def answer_inputs(self) -> dict[int, str]:
        """Question pk → the answer typed beside its field (only the fields the form shows: an answer whose item is
        not on the form, such as a since deactivated indicator, is left as it was)."""
        shown = {"indicator": {i.pk for i in self.indicators}, "measure": {m.pk for m in self.measures}}
        return {
            q.pk: self.cleaned_data.get(f"ans_{q.pk}", "")
            for kind, by_item in self.questions.items()
            for item, qs in by_item.items()
            if item in shown[kind]
            for q in qs
        }

    def figure_inputs(self) -> dict[int, FigureInput]:
        data = self.cleaned_data
        inputs = {}
        for indicator in self.indicators:
            comment = data.get(f"cmt_{indicator.pk}", "").strip()
            if indicator.is_ratio:
                inputs[indicator.pk] = FigureInput(
                    numerator=data.get(f"num_{indicator.pk}"),
                    denominator=data.get(f"den_{indicator.pk}"),
                    comment=comment,
                )
            else:
                inputs[indicator.pk] = FigureInput(value=data.get(f"val_{indicator.pk}"), comment=comment)
        return inputs

    def progress_inputs(self) -> dict[int, ProgressInput]:
        data = self.cleaned_data
        carried = self.still_carried()
        return {
            m.pk: ProgressInput(
                status=data[f"st_{m.pk}"],
                note=data.get(f"note_{m.pk}", "").strip(),
                problems=data.get(f"prob_{m.pk}", "").strip(),
                next_steps=data.get(f"next_{m.pk}", "").strip(),
                carried=m.pk in carried,
            )
            for m in self.measures
        }

    # Bound fields grouped for the template, so it never builds field names itself.
    def rows(self):
        for action in self.structure:
            yield (
                action,
                [self._indicator_row(i) for i in action.objective_indicators],
                [
                    (
                        m,
                        [self._indicator_row(i) for i in m.indicator_list],
                        self[f"st_{m.pk}"],
                        self[f"note_{m.pk}"],
                        m.pk in self.carried_measures,
                        [self[f"{p}_{m.pk}"] for p in ("prob", "next") if f"{p}_{m.pk}" in self.fields],
                        self[f"confirm_{m.pk}"] if m.pk in self.carried_measures else None,
                        self._questions("measure", m.pk),
                    )
                    for m in action.measure_list
                ],
            )

    def error_summary(self) -> list[dict]:
        """Every field's errors in the form's order, each with the id of its field, for the summary at the top."""
        summary = []
        for name, field in self.fields.items():
            for message in self.errors.get(name, []):
                summary.append({"id": self[name].id_for_label, "label": field.label, "message": message})
        return summary

    def _indicator_row(self, indicator):
        return {
            "indicator": indicator,
            "fields": [self[name] for name in _field_names(indicator)],
            "comment": self[f"cmt_{indicator.pk}"],
            "history": self.history.get(indicator.pk),
            "questions": self._questions("indicator", indicator.pk),
        }

    def _questions(self, kind: str, pk: int):
        return [(q, self[f"ans_{q.pk}"]) for q in self.questions[kind].get(pk, [])]


class UnitCheckForm(forms.Form):
    """The unit's checker's decision: on to the city, or back inside the unit with a reason."""

    decision = forms.ChoiceField(
        choices=[
            ("submit", gettext_lazy("Submit to the city")),
            ("check_back", gettext_lazy("Send back inside the unit")),
        ]
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "check_back" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why, so that the filer knows what to change."))
        return cleaned


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", gettext_lazy("Approve")),
            ("send_back", gettext_lazy("Return for revision")),
            ("reopen", gettext_lazy("Reopen")),
        ]
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, structure=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A question on one figure or one measure's note, typed beside it in the page's tables: the inputs sit
        # outside the decision box and join its form through their ``form`` attribute.
        self.indicator_asks, self.measure_asks = {}, {}
        for action in structure:
            for indicator in action.indicator_list:
                self.indicator_asks[indicator.pk] = self._ask(
                    f"ask_i{indicator.pk}", _("Question on %(item)s") % {"item": indicator.name}
                )
            for measure in action.measure_list:
                code = f"{action.number}.{measure.number}"
                self.measure_asks[measure.pk] = self._ask(
                    f"ask_m{measure.pk}", _("Question on measure %(item)s") % {"item": code}
                )

    def _ask(self, name: str, label: str):
        self.fields[name] = forms.CharField(
            label=label,
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2, "form": "review-form", "class": "ask"}),
        )
        return self[name]

    def question_inputs(self) -> list[QuestionInput]:
        data = self.cleaned_data
        asks = [QuestionInput(text=data.get(f"ask_i{pk}", ""), indicator_id=pk) for pk in self.indicator_asks]
        asks += [QuestionInput(text=data.get(f"ask_m{pk}", ""), measure_id=pk) for pk in self.measure_asks]
        return [q for q in asks if q.text.strip()]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") in ("send_back", "reopen") and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why, so that the unit knows what to change."))
        if cleaned.get("decision") != "send_back" and self.is_bound and not self.errors and self.question_inputs():
            self.add_error(None, _("Questions on single items go to the unit with a return for revision."))
        return cleaned
