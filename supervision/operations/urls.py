from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("health/live", views.live, name="live"),
    path("health/ready", views.ready, name="ready"),
    path("monitoring/prometheus", views.prometheus, name="prometheus"),
    path("holds/", views.holds, name="holds"),
]
