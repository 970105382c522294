from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from supervision.accounts.views import api_token_revoke, api_tokens, two_factor
from supervision.public.views import front_door

urlpatterns = [
    path("", front_door, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("two-factor/", two_factor, name="two_factor"),
    path("tokens/", api_tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", api_token_revoke, name="api_token_revoke"),
    path("", include("supervision.entities.urls")),
    path("", include("supervision.reporting.urls")),
    path("", include("complaints.urls")),
    path("", include("supervision.metrics.urls")),
    path("", include("supervision.dashboard.urls")),
    path("", include("supervision.inspections.urls")),
    path("", include("supervision.enforcement.urls")),
    path("", include("supervision.public.urls")),
    path("", include("supervision.operations.urls")),
    path("api/v1/", include("supervision.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler404 = "supervision.core.errors.page_not_found"
handler500 = "supervision.core.errors.server_error"
