from django.urls import path

from . import views

app_name = "progressreports"
urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("new/", views.report_start_view, name="report-start"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/docx", views.report_docx, name="report-docx"),
    path("<int:pk>/edit/", views.report_edit_view, name="report-edit"),
    path("<int:pk>/check/", views.report_check_view, name="report-check"),
    path("<int:pk>/sign/", views.report_sign_view, name="report-sign"),
    path("<int:pk>/send-back/", views.report_send_back_view, name="report-send-back"),
    path("<int:pk>/issue/", views.report_issue_view, name="report-issue"),
]
