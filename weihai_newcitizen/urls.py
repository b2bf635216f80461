from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from actions import views as action_views

from . import views

handler400 = "weihai_newcitizen.views.bad_request"
handler404 = "weihai_newcitizen.views.not_found"

admin.site.site_header = _("New Citizens at Work — progress tracker")
admin.site.site_title = _("New Citizens at Work — progress tracker")

urlpatterns = [
    path("", action_views.plan_overview, name="home"),
    path("healthz", views.health, name="health"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's): answer with ours, not a 404.
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("plan/", include("actions.urls")),
    path("returns/", include("reports.urls")),
    path("excel/", include("imports.urls")),
    path("filings/", include("filings.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("dashboards.urls")),
    path("bulletins/", include("bulletins.urls")),
    path("progress-reports/", include("progressreports.urls")),
    path("desk/", include("desks.urls")),
    path("ledger/", include("ledger.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "weihai_newcitizen.errors.server_error"
