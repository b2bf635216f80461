"""Password rules for a government system (等保 2.0 level 2): complexity, nothing guessable from the person."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _classes(password: str) -> int:
    groups = [
        any(c in string.ascii_lowercase for c in password),
        any(c in string.ascii_uppercase for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() or not c.isascii() for c in password),
    ]
    return sum(groups)


class CharacterClassesValidator:
    """At least ``min_classes`` of: lower-case letters, capitals, digits, other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if _classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "Your password must mix at least %(n)d of: lower-case letters, capitals, digits, other characters."
        ) % {"n": self.min_classes}


class NotIdentityValidator:
    """Not containing the username, nor the code or name of the person's unit or department."""

    def validate(self, password, user=None):
        if user is None:
            return
        lowered = password.casefold()
        words = [user.get_username()]
        for unit in (getattr(user, "reporting_unit", None), getattr(user, "responsible_unit", None)):
            if unit is not None:
                words += [unit.code, unit.name]
        for word in words:
            if word and word.casefold() in lowered:
                raise ValidationError(
                    _("Your password must not contain your username or your unit's name or code (%(word)s).")
                    % {"word": word},
                    code="password_contains_identity",
                )

    def get_help_text(self):
        return _("Your password must not contain your username or your unit's name or code.")


# The demo logins' password (the `demo` app): published in this repository, so never anyone's real password.
DEMO_PASSWORD = "Weihai-2023"


class NotDemoPasswordValidator:
    """Not one of the demo passwords this repository publishes."""

    def validate(self, password, user=None):
        if password.casefold() == DEMO_PASSWORD.casefold():
            raise ValidationError(_("This is the published demo password; choose your own."), code="password_demo")

    def get_help_text(self):
        return _("Your password must not be the demo password.")
