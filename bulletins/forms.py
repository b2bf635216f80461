from django import forms
from django.utils.translation import gettext_lazy as _

from actions.models import PlanYear
from weihai_newcitizen import clock

from .validators import validate_document_number


def default_recipients() -> str:
    return str(
        _(
            "The human resources and social security bureaus of the districts and cities, and the HR departments of the development zones"
        )
    )


class _Frozen(forms.Form):
    """What freezing the numbers asks: to whom it goes, what counts, and why it goes on without a missing return."""

    recipients = forms.CharField(label=_("Addressed to (主送)"), max_length=200)
    include_submitted = forms.BooleanField(label=_("Also count submitted returns not yet approved"), required=False)
    completeness_reason = forms.CharField(
        label=_("Reason for going on without the returns listed above"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when a return is missing; printed in the bulletin's notes, e.g. 南海新区12月数据未审核，未纳入本期统计。"
        ),
    )


class DraftForm(_Frozen):
    """拟稿: which month, and what the numbers are frozen with."""

    year = forms.TypedChoiceField(label=_("Plan year"), coerce=int)
    month = forms.TypedChoiceField(
        label=_("Up to the end of"), coerce=int, choices=[(m, _("month %(m)s") % {"m": m}) for m in range(1, 13)]
    )
    field_order = ["year", "month", "recipients", "include_submitted", "completeness_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (y, y) for y in PlanYear.objects.order_by("-year").values_list("year", flat=True)
        ]
        self.fields["recipients"].initial = default_recipients

    def clean(self):
        data = super().clean()
        if data.get("year") is not None:
            data["plan"] = PlanYear.objects.filter(year=data["year"]).first()
        return data


class _Versioned(forms.Form):
    # The version of the bulletin the person saw: a step taken on a page older than the bulletin is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RedraftForm(_Versioned, _Frozen):
    """Refresh the numbers of a draft, or of one sent back."""


class StepForm(_Versioned):
    """审核 or 签发: nothing to fill in but the version."""


class SendBackForm(_Versioned):
    reason = forms.CharField(label=_("Why it is sent back"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class IssueForm(_Versioned):
    """印发: the 文号 and the date it goes out."""

    number = forms.CharField(
        label=_("Document number (文号)"),
        max_length=60,
        validators=[validate_document_number],
        help_text=_("机关代字〔YYYY〕N号 with six-sided brackets 〔〕, for example 威人社字〔2023〕45号."),
    )
    issued_on = forms.DateField(label=_("Issued on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = clock.today
