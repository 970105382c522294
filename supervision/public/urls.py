from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("public/complaints/", views.complaint_search, name="search"),
    path("public/complaints/<int:public_id>/", views.complaint_detail, name="detail"),
    path("public/track/", views.track, name="track"),
    path("public/withhold/<int:complaint_id>/", views.withhold, name="withhold"),
    path("public/<slug:kind>/<slug:code>/", views.entity_profile, name="profile"),
]
