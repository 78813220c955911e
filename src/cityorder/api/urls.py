from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from cityorder.api import cooperation, demand, files, jobs, lines, order, substitution, tenders, views
from cityorder.api.auth import TokenView

# No «.json» twins of every route: the API speaks JSON only, and the twins reached handlers that take no
# format argument (a POST to /organizations.json was a server error).
router = DefaultRouter()
router.include_format_suffixes = False
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("products", views.ProductViewSet, basename="product")
router.register("competencies", views.CompetencyViewSet, basename="competency")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("zones", views.ZoneViewSet, basename="zone")
router.register("campaigns", demand.CampaignViewSet, basename="campaign")
router.register("submissions", demand.SubmissionViewSet, basename="submission")
router.register(r"submissions/(?P<submission_pk>\d+)/lines", lines.LineViewSet, basename="submission-line")
router.register(r"submissions/(?P<submission_pk>\d+)/files", files.FileViewSet, basename="submission-file")
router.register("jobs", jobs.JobViewSet, basename="job")
router.register("orders", order.OrderViewSet, basename="order")
router.register(r"orders/(?P<order_pk>\d+)/positions", order.PositionViewSet, basename="order-position")
router.register(r"orders/(?P<order_pk>\d+)/analogs", substitution.AnalogViewSet, basename="order-analog")
router.register("catalog", substitution.CatalogViewSet, basename="catalog-item")
router.register("offers", substitution.OfferViewSet, basename="offer")
router.register("projects", cooperation.ProjectViewSet, basename="project")
router.register("tenders", tenders.TenderViewSet, basename="tender")
router.register("bids", tenders.BidViewSet, basename="bid")

app_name = "api"
urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from the sidecar's static files, its start script a separate request (no inline script), for
    # signed-in users: a person without a session is sent to the sign-in page first.
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html")),
        name="docs",
    ),
    path("orders/<int:pk>/coverage/", substitution.CoverageView.as_view(), name="order-coverage"),
    path("orders/<int:pk>/coverage/gaps/", substitution.CoverageGapsView.as_view(), name="order-coverage-gaps"),
    path("orders/<int:pk>/coverage/capacity/", substitution.CoverageCapacityView.as_view(),
         name="order-coverage-capacity"),
    path("orders/<int:pk>/match/", substitution.MatchingView.as_view(), name="order-match"),
    path("forecast/", substitution.ForecastView.as_view(), name="forecast"),
    path("", include(router.urls)),
]
