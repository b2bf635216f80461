from django.urls import path

from . import views

app_name = "desks"
urlpatterns = [
    path("", views.desk, name="desk"),
]
