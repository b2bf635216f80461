from django.urls import path

from . import review_views, views

app_name = "reports"
urlpatterns = [
    path("", views.return_list, name="return-list"),
    path("start/", views.return_start, name="return-start"),
    path("approve/", review_views.returns_approve, name="returns-approve"),
    path("<int:pk>/", review_views.return_detail, name="return-detail"),
    path("<int:pk>/edit/", views.return_edit, name="return-edit"),
    path("<int:pk>/submit/", views.return_submit, name="return-submit"),
    path("<int:pk>/check/", views.return_check, name="return-check"),
    path("<int:pk>/review/", review_views.return_review, name="return-review"),
    path("<int:pk>/history/", views.return_history, name="return-history"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question-answer"),
]
