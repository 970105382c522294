from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("dashboard/", views.overview, name="overview"),
    path("dashboard/<slug:kind>/<slug:code>/", views.entity_page, name="entity"),
]
