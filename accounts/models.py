from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person; which unit or department they belong to is data, what they may do is their groups."""

    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    reporting_unit = models.ForeignKey(
        "districts.ReportingUnit",
        verbose_name=_("reporting unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("District staff file returns for this unit."),
    )
    responsible_unit = models.ForeignKey(
        "actions.ResponsibleUnit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("Department viewers see the measures this department is responsible for."),
    )

    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when an admin gives a temporary password; the person changes it at the next login."),
    )
    password_changed_at = models.DateTimeField(_("password changed at"), default=timezone.now)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password):
        """A new password starts its age afresh and is no longer a temporary one (until an admin says so)."""
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()
        self.must_change_password = False

    def check_password(self, raw_password):
        """As Django's, but the rehash under the preferred hasher at login is the same password: it keeps its age and
        its temporary mark, on this object too (Django's goes through ``set_password``, which clears both)."""

        def rehash(raw):
            self.password = make_password(raw)
            self._password = None
            self.save(update_fields=["password"])

        return check_password(raw_password, self.password, rehash)
