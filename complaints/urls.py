from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/track/<str:receipt_no>/<str:token>/", views.complaint_track, name="track"),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/bulk/", views.complaint_bulk, name="complaint_bulk"),
    path("complaints/views/", views.saved_view_save, name="saved_view_save"),
    path("complaints/views/<int:pk>/delete/", views.saved_view_delete, name="saved_view_delete"),
    path("complaints/export.csv", views.complaint_export, name="complaint_export"),
    path("complaints/personal-data-log/", views.personal_data_log, name="personal_data_log"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/<slug:action>/", views.complaint_action, name="complaint_action"),
    path("complaints/<int:pk>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
]
