from django.urls import path

import weihai_newcitizen.converters  # noqa: F401 — registers <code:…>

from . import api, views

app_name = "dashboards"
urlpatterns = [
    path("dashboards/", views.progress, name="progress"),
    path("dashboards/matrix/", views.matrix, name="matrix"),
    path("dashboards/timeliness/", views.timeliness, name="timeliness"),
    path("dashboards/indicators/<code:code>/", views.indicator_detail, name="indicator-detail"),
    path("dashboards/indicators/<code:code>/trend/", views.indicator_trend_view, name="indicator-trend"),
    path("dashboards/bulletin/", views.bulletin, name="bulletin"),
    path("dashboards/bulletin.xlsx", views.bulletin_xlsx, name="bulletin-xlsx"),
    path("api/v1/progress", api.progress_api, name="api-progress"),
    path("api/v1/openapi.json", api.openapi_json, name="api-openapi"),
]
