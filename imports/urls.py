from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.excel_home, name="excel-home"),
    path("template/", views.template_download, name="template-download"),
    path("export/", views.figures_export, name="figures-export"),
    path("upload/", views.import_upload, name="import-upload"),
    path("return/<int:pk>/upload/", views.return_upload, name="return-upload"),
    path("<int:pk>/preview/", views.import_preview, name="import-preview"),
    path("<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("log/", views.import_log_list, name="log-list"),
    path("log/<int:pk>/", views.import_log_detail, name="log-detail"),
]
