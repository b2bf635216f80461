from django.urls import path

from . import views

app_name = "bulletins"
urlpatterns = [
    path("", views.archive, name="archive"),
    path("issue/", views.issue, name="bulletin-issue"),
    path("draft.docx", views.draft_docx, name="draft-docx"),
    path("<int:pk>/", views.detail, name="bulletin-detail"),
    path("<int:pk>/docx", views.issued_docx, name="bulletin-docx"),
]
