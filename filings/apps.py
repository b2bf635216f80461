from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def filings_perms() -> dict[str, list[str]]:
    """What each role may do with plans, shares, assessments and good practice, on top of accounts.roles."""
    # Imported here: accounts.roles loads auth models, which cannot happen while apps are still loading.
    from accounts.roles import COORDINATOR, DEPARTMENT_VIEWER, DISTRICT_STAFF, PLAN_ADMIN

    return {
        DISTRICT_STAFF: ["filings.file_plan"],
        COORDINATOR: [
            "filings.view_all_filings",
            "filings.review_filing",
            "filings.allocate_targets",
            "filings.record_assessment",
            "filings.feature_practice",
        ],
        DEPARTMENT_VIEWER: ["filings.view_all_filings"],
        # file_plan, like reports.file_return, so that an admin may manage district staff's accounts (accounts.rights).
        PLAN_ADMIN: ["filings.file_plan", "filings.view_all_filings", "filings.allocate_targets"],
    }


def grant_filings_perms(sender, app_config=None, **kwargs):
    # Wait for this app's own turn: its permissions exist by then, and so do those of reports (listed before it in
    # INSTALLED_APPS), so roles_ensure finds every permission it grants.
    if app_config is not None and app_config.label == "filings":
        from accounts.roles import roles_ensure

        roles_ensure(extra=filings_perms())


class FilingsConfig(AppConfig):
    name = "filings"
    verbose_name = _("Implementation plans and assessments")

    def ready(self):
        post_migrate.connect(grant_filings_perms, dispatch_uid="filings_grant_perms")
