from django.urls import path

from . import views

app_name = "enforcement"

urlpatterns = [
    path("enforcement/", views.action_list, name="list"),
    path("enforcement/new/", views.action_new, name="new"),
    path("enforcement/audit/", views.audit_trail, name="audit"),
    path("enforcement/<int:pk>/", views.action_detail, name="detail"),
    path("enforcement/<int:pk>/step/<slug:step>/", views.action_step, name="step"),
    path("enforcement/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("enforcement/<int:pk>/milestones/<int:milestone_id>/submit/", views.milestone_submit, name="milestone_submit"),
    path("enforcement/<int:pk>/milestones/<int:milestone_id>/decide/", views.milestone_decide, name="milestone_decide"),
    path("public/enforcement/", views.public_disclosure, name="public"),
]
