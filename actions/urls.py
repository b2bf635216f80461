from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("<int:year>/", views.plan_overview, name="plan-detail"),
]
