"""Every API endpoint, registered in one router."""

from rest_framework.routers import DefaultRouter

from complaints.api import ComplaintViewSet
from supervision.accounts.api import ApiTokenViewSet
from supervision.entities.api import AgencyViewSet, LenderViewSet, MandateViewSet
from supervision.metrics.api import AlertViewSet, MetricResultViewSet
from supervision.public.api import PublicComplaintViewSet
from supervision.reporting.api import ReportViewSet

# No format suffixes (/reports/1.json): the API speaks JSON only, and every route is one the schema lists.
router = DefaultRouter()
router.include_format_suffixes = False
router.register("lenders", LenderViewSet, basename="lender")
router.register("tokens", ApiTokenViewSet, basename="token")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("mandates", MandateViewSet, basename="mandate")
router.register("reports", ReportViewSet, basename="report")
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("metrics", MetricResultViewSet, basename="metric")
router.register("alerts", AlertViewSet, basename="alert")
router.register("public/complaints", PublicComplaintViewSet, basename="public-complaint")

urlpatterns = router.urls
