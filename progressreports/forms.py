from django import forms
from django.utils.translation import gettext_lazy as _

from actions.models import PlanYear

from .selectors import HALF_YEAR, WHOLE_YEAR


class StartForm(forms.Form):
    """Which period: the first half, the whole year, or a range of months."""

    HALF, YEAR, RANGE = "half", "year", "range"
    year = forms.TypedChoiceField(label=_("Plan year"), coerce=int)
    period = forms.ChoiceField(
        label=_("Report period"),
        choices=[(HALF, _("First half (January to June)")), (YEAR, _("Whole year")), (RANGE, _("Months from … to …"))],
        widget=forms.RadioSelect,
        initial=HALF,
    )
    month_from = forms.TypedChoiceField(
        label=_("From month"), coerce=int, required=False, choices=[(m, m) for m in range(1, 13)]
    )
    month_to = forms.TypedChoiceField(
        label=_("To month"), coerce=int, required=False, choices=[(m, m) for m in range(1, 13)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (y, y) for y in PlanYear.objects.order_by("-year").values_list("year", flat=True)
        ]

    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period == self.HALF:
            data["month_from"], data["month_to"] = HALF_YEAR
        elif period == self.YEAR:
            data["month_from"], data["month_to"] = WHOLE_YEAR
        elif period == self.RANGE and not (data.get("month_from") and data.get("month_to")):
            raise forms.ValidationError(_("Choose the first and the last month of the period."), code="months_missing")
        if data.get("year") is not None:
            data["plan"] = PlanYear.objects.filter(year=data["year"]).first()
        return data


class EditForm(forms.Form):
    """The draft's words: per measure each sentence the units wrote, to keep (ticked) and edit; the good practice
    to feature; the assessments, problems and next steps as the coordinator writes them."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(label=_("Title"), max_length=200)
    assessments = forms.CharField(
        label=_("Supervision and assessment"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    problems = forms.CharField(
        label=_("Problems"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One paragraph a line; prefilled from the units' notes."),
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One paragraph a line; prefilled from the units' notes."),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        content = report.content
        texts = {m["code"]: m["text"] for m in report.snapshot["measures"]}
        self.measures = []  # (code, measure text, [(unit, use field name, text field name)])
        for m, measure in enumerate(content.get("measures", [])):
            rows = []
            for i, sentence in enumerate(measure["sentences"]):
                use, text = f"s-{m}-{i}-use", f"s-{m}-{i}-text"
                self.fields[use] = forms.BooleanField(label=_("Keep"), required=False, initial=sentence["chosen"])
                self.fields[text] = forms.CharField(
                    label=sentence["unit"],
                    max_length=2000,
                    required=False,
                    initial=sentence["text"],
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                rows.append((sentence["unit"], self[use], self[text]))
            self.measures.append((measure["code"], texts.get(measure["code"], ""), rows))
        chosen = {p["id"]: p["chosen"] for p in content.get("practices", [])}
        self.practices = []
        for practice in report.snapshot["practices"]:
            name = f"p-{practice['id']}"
            self.fields[name] = forms.BooleanField(
                label=f"{practice['unit']}：{practice['title']}",
                required=False,
                initial=chosen.get(practice["id"], False),
            )
            self.practices.append((practice, self[name]))
        for key in ("assessments", "problems", "next_steps"):
            self.fields[key].initial = content.get(key, "")
        self.fields["title"].initial = report.title
        self.fields["version"].initial = report.version

    def content(self) -> dict:
        """The form's answer as the report's ``content``."""
        data = self.cleaned_data
        measures = []
        for m, measure in enumerate(self.report.content.get("measures", [])):
            measures.append(
                {
                    "code": measure["code"],
                    "sentences": [
                        {"unit": s["unit"], "text": data[f"s-{m}-{i}-text"], "chosen": data[f"s-{m}-{i}-use"]}
                        for i, s in enumerate(measure["sentences"])
                    ],
                }
            )
        return {
            "measures": measures,
            "practices": [{"id": p["id"], "chosen": data[f"p-{p['id']}"]} for p in self.report.snapshot["practices"]],
            "assessments": data["assessments"],
            "problems": data["problems"],
            "next_steps": data["next_steps"],
        }
