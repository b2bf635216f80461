from django.urls import path

from . import views

app_name = "bulletins"
urlpatterns = [
    path("", views.archive, name="archive"),
    path("new/", views.draft, name="bulletin-draft"),
    path("issue/", views.issue, name="bulletin-issue"),  # the old address, kept for bookmarks: goes to new/
    path("draft.docx", views.draft_docx, name="draft-docx"),
    path("<int:pk>/", views.detail, name="bulletin-detail"),
    path("<int:pk>/docx", views.bulletin_docx_download, name="bulletin-docx"),
    path("<int:pk>/xlsx", views.bulletin_xlsx_download, name="bulletin-xlsx"),
    path("<int:pk>/redraft/", views.redraft, name="bulletin-redraft"),
    path("<int:pk>/check/", views.check, name="bulletin-check"),
    path("<int:pk>/sign/", views.sign, name="bulletin-sign"),
    path("<int:pk>/send-back/", views.send_back, name="bulletin-send-back"),
    path("<int:pk>/issue/", views.issue_step, name="bulletin-issue-step"),
]
