from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .services import MESSAGE_MAX_LENGTH


class ReminderForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput)
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        choices=[],
        error_messages={"invalid_choice": _("Choose a month from the list.")},
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form so the labels follow the language of the request (11月 in Chinese).
        self.fields["month"].choices = [(m, gettext("month %(m)s") % {"m": m}) for m in range(1, 13)]


class ProfileForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        max_length=254,
        help_text=_("Notifications are also sent here, in Chinese, with a link to the return."),
    )
    email_opt_out = forms.BooleanField(
        label=_("No e-mails, please"),
        required=False,
        help_text=_("Notifications still appear under the bell in the app."),
    )
