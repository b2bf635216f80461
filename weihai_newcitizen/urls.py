from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from actions import views as action_views

admin.site.site_header = "新市民乐业行动 进展跟踪"
admin.site.site_title = "新市民乐业行动"

urlpatterns = [
    path("", action_views.plan_overview, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("plan/", include("actions.urls")),
    path("returns/", include("reports.urls")),
    path("excel/", include("imports.urls")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
