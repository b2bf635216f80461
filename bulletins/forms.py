from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import PlanYear


def default_recipients() -> str:
    return str(
        _(
            "The human resources and social security bureaus of the districts and cities, and the HR departments of the development zones"
        )
    )


class IssueForm(forms.Form):
    """What the coordinator fills in to issue a bulletin: which month, its 文号, its date and to whom it goes."""

    year = forms.TypedChoiceField(label=_("Plan year"), coerce=int)
    month = forms.TypedChoiceField(
        label=_("Up to the end of"), coerce=int, choices=[(m, _("month %(m)s") % {"m": m}) for m in range(1, 13)]
    )
    number = forms.CharField(
        label=_("Document number (文号)"), max_length=60, help_text=_("For example 威人社字〔2023〕45号.")
    )
    issued_on = forms.DateField(label=_("Issued on"), widget=forms.DateInput(attrs={"type": "date"}))
    recipients = forms.CharField(label=_("Addressed to (主送)"), max_length=200)
    include_submitted = forms.BooleanField(label=_("Also count submitted returns not yet approved"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (y, y) for y in PlanYear.objects.order_by("-year").values_list("year", flat=True)
        ]
        self.fields["issued_on"].initial = timezone.localdate
        self.fields["recipients"].initial = default_recipients

    def clean(self):
        data = super().clean()
        if data.get("year") is not None:
            data["plan"] = PlanYear.objects.filter(year=data["year"]).first()
        return data
