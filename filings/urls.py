from django.urls import path

import weihai_newcitizen.converters  # noqa: F401 — registers <code:…>

from . import views

app_name = "filings"
urlpatterns = [
    path("", views.filing_list_current, name="filing-current"),
    path("<int:year>/", views.filing_list, name="filing-list"),
    path("<int:year>/units/<code:code>/", views.filing_unit, name="filing-unit"),
    path("<int:year>/units/<code:code>/file/", views.filing_create, name="filing-create"),
    path("versions/<int:pk>/download/", views.filing_download, name="filing-download"),
    path("versions/<int:pk>/review/", views.filing_review, name="filing-review"),
    path("<int:year>/breakdown/", views.breakdown, name="breakdown"),
    path("<int:year>/breakdown/<code:code>/", views.breakdown_edit, name="breakdown-edit"),
    path("<int:year>/assessments/", views.assessment_list, name="assessment-list"),
    path("<int:year>/assessments/new/", views.assessment_create, name="assessment-create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="assessment-edit"),
    path("<int:year>/practice/", views.practice_list, name="practice-list"),
    path("<int:year>/practice/new/", views.practice_create, name="practice-create"),
    path("practice/<int:pk>/", views.practice_detail, name="practice-detail"),
    path("practice/<int:pk>/feature/", views.practice_feature, name="practice-feature"),
]
