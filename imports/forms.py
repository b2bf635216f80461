from django import forms
from django.utils import dates
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from actions.models import Action, PlanYear, action_label
from actions.selectors import month_in_progress, plan_in_progress
from reports.scoping import units_for_user

from . import conf
from .selectors import units_for_template

MONTHS = sorted(dates.MONTHS.items())


class _FileField(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload is not None and upload.size > conf.max_upload_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": round(conf.max_upload_bytes() / 1024 / 1024, 1)},
                code="too_large",
            )
        return upload


class ReturnUploadForm(forms.Form):
    file = _FileField(
        label=_("Filled-in template (.xlsx, .xls, .xlsb, .ods or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.xls,.xlsb,.ods,.csv"}),
        help_text=_("You will see a preview of every row before anything is imported."),
    )


class UploadForm(ReturnUploadForm):
    plan = forms.ModelChoiceField(
        label=_("Plan year"),
        queryset=PlanYear.objects.all(),
        required=False,
        empty_label=_("From the file's months"),
        help_text=_("The year of the months in the file decides; choose one only for a file whose months have no year."),
    )

    field_order = ["plan", "file"]


class TemplateForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Plan year"), queryset=PlanYear.objects.all(), empty_label=None)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    month = forms.TypedChoiceField(label=_("Month"), choices=MONTHS, coerce=int)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = units_for_template(user)
        self.fields["unit"].to_field_name = "code"
        plan = plan_in_progress()
        if plan is not None:
            # The month whose return is being filed now, not January.
            self.initial.setdefault("plan", plan.pk)
            self.initial.setdefault("month", month_in_progress(plan))
        if user.has_perm("reports.import_returns"):
            self.fields["unit"].empty_label = _("All units (one sheet each)")
        else:
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None


class ExportForm(forms.Form):
    FORMATS = [("xlsx", "Excel (.xlsx)"), ("csv", "CSV (.csv)")]

    plan = forms.ModelChoiceField(label=_("Plan year"), queryset=PlanYear.objects.all(), empty_label=None)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False, empty_label=_("All units"))
    action = forms.TypedChoiceField(
        label=pgettext_lazy("plan", "Action"), choices=[], required=False, coerce=int, empty_value=None
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=FORMATS)

    def __init__(self, *args, user, **kwargs):
        # Shown on the same page as the template form: ids of their own, so that each label names its own field.
        kwargs.setdefault("auto_id", "export_%s")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_user(user)
        self.fields["unit"].to_field_name = "code"
        numbers = Action.objects.order_by("number").values_list("number", flat=True).distinct()
        self.fields["action"].choices = [("", _("All actions"))] + [
            (n, action_label(n)) for n in numbers
        ]

    def clean(self):
        data = super().clean()
        number, plan = data.get("action"), data.get("plan")
        data["action_object"] = (
            Action.objects.filter(plan=plan, number=number).first() if number and plan is not None else None
        )
        if number and plan is not None and data["action_object"] is None:
            self.add_error("action", _("This plan year has no such action."))
        return data
