from decimal import Decimal

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from actions.models import Measure, format_quantity

from .models import Grade
from .uploads import max_upload_bytes, sniff_upload

# Free text has a limit, shown in the form (maxlength and a note under the field): a plan's targets or schedule fit
# in a few paragraphs; the whole document is the uploaded file.
TEXT_MAX = 2000
COMMENT_MAX = 1000


class PlanFilingForm(forms.Form):
    file = forms.FileField(
        label=_("Implementation plan"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )
    targets = forms.CharField(label=_("Targets"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}))
    schedule = forms.CharField(label=_("Schedule"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, Word (.docx) or a JPEG/PNG scan, at most %(limit)s.") % {
            "limit": filesizeformat(max_upload_bytes())
        }
        self.fields["targets"].help_text = _("The unit's own targets for the year, as its plan sets them.")
        self.fields["schedule"].help_text = _("Milestones and dates, as the unit's plan sets them.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        sniff_upload(upload)
        return upload


class FilingReviewForm(forms.Form):
    ACCEPT, SEND_BACK = "accept", "send_back"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ACCEPT, _("Accept")), (SEND_BACK, _("Send back"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for sending back"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.SEND_BACK and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why, so that the unit knows what to change."))
        return data


class AllocationForm(forms.Form):
    """One optional share per city target; an empty field removes the unit's share."""

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = targets
        for target in targets:
            self.fields[f"target_{target.pk}"] = forms.DecimalField(
                label=f"{target.indicator.name} ({target.indicator.unit})",
                required=False,
                min_value=Decimal(0),
                max_digits=16,
                decimal_places=2,
                initial=target.share,
                help_text=_("City target: %(value)s") % {"value": format_quantity(target.value, target.indicator.unit)},
            )

    def values(self) -> dict[int, Decimal | None]:
        return {t.pk: self.cleaned_data.get(f"target_{t.pk}") for t in self.targets}


class AssessmentForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Reporting unit"), queryset=None)
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))
    overall_grade = forms.ChoiceField(label=_("Overall grade"), choices=[("", "—"), *Grade.choices], required=False)
    comments = forms.CharField(
        label=_("Comments"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, units, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.actions = actions
        for action in actions:
            self.fields[f"score_{action.pk}"] = forms.DecimalField(
                label=_("Score"), required=False, min_value=0, max_value=100, max_digits=5, decimal_places=1
            )
            self.fields[f"grade_{action.pk}"] = forms.ChoiceField(
                label=_("Grade"), choices=[("", "—"), *Grade.choices], required=False
            )
            self.fields[f"comment_{action.pk}"] = forms.CharField(
                label=_("Comment"), required=False, max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data

    def action_rows(self):
        """(action, score field, grade field, comment field) for the template."""
        return [(a, self[f"score_{a.pk}"], self[f"grade_{a.pk}"], self[f"comment_{a.pk}"]) for a in self.actions]

    def items(self):
        from .services import AssessmentItemInput

        return {
            a.pk: AssessmentItemInput(
                score=self.cleaned_data.get(f"score_{a.pk}"),
                grade=self.cleaned_data.get(f"grade_{a.pk}") or "",
                comment=self.cleaned_data.get(f"comment_{a.pk}") or "",
            )
            for a in self.actions
        }


class GoodPracticeForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.none())
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Account"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was done, how, and what came of it; a few paragraphs at most."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        measures = Measure.objects.filter(action__plan=plan).select_related("action")
        self.fields["measure"].queryset = measures
        self.fields["measure"].label_from_instance = lambda m: f"{m.code} {m.text[:40]}"
