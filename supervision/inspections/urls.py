from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("inspections/", views.inspection_list, name="list"),
    path("inspections/calendar/", views.inspection_calendar, name="calendar"),
    path("inspections/<int:pk>/", views.inspection_detail, name="detail"),
    path("inspections/<int:pk>/step/<slug:action>/", views.inspection_step, name="step"),
    path("inspections/mine/", views.my_inspections, name="mine"),
    path("inspections/<int:pk>/approve/", views.inspection_approve, name="approve"),
    path("inspections/<int:pk>/findings/", views.finding_add, name="finding_add"),
    path("inspections/findings/start/", views.finding_start, name="finding_start"),
    path("inspections/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("inspections/<int:pk>/evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("inspections/<int:pk>/findings/<int:finding_id>/answer/", views.finding_answer, name="finding_answer"),
    path("inspections/<int:pk>/report/", views.inspection_report, name="report"),
    path("inspections/<int:pk>/report.pdf", views.inspection_report_download, name="report_pdf"),
    path("alerts/<int:alert_id>/inspect/", views.inspect_alert, name="inspect_alert"),
]
