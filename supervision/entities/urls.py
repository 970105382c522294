from django.urls import path

from . import views

app_name = "entities"

urlpatterns = [
    path("lenders/", views.LenderListView.as_view(), name="lender_list"),
    path("lenders/<slug:code>/", views.LenderDetailView.as_view(), name="lender_detail"),
    path("agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path("agencies/<slug:code>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("mandates/", views.MandateListView.as_view(), name="mandate_list"),
    path("mandates/<int:pk>/", views.MandateDetailView.as_view(), name="mandate_detail"),
]
