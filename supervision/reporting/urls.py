from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/upload/", views.report_upload, name="report_upload"),
    path("reports/layout/", views.report_layout, name="report_layout"),
    path("reports/templates/<str:name>", views.report_template, name="report_template"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/status/", views.report_status, name="report_status"),
    path("reports/<int:pk>/errors.csv", views.report_errors, name="report_errors"),
]
