from django.urls import path

from . import views

app_name = "metrics"

urlpatterns = [
    path("metrics/", views.metric_results, name="results"),
    path("metrics/<int:pk>/contacts/", views.contacts_behind, name="contacts_behind"),
    path("metrics/compare/", views.profile_comparison, name="compare"),
    path("metrics/compare/compute/", views.profile_compute, name="compare_compute"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/bulk/", views.alert_bulk, name="alert_bulk"),
]
