from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("<int:year>/<code:code>/<int:action>.<int:number>/", views.unit_notes, name="unit-notes"),
]
