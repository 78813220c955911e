from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from cityorder.api import demand, order, substitution, views

router = DefaultRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("products", views.ProductViewSet, basename="product")
router.register("competencies", views.CompetencyViewSet, basename="competency")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("zones", views.ZoneViewSet, basename="zone")
router.register("campaigns", demand.CampaignViewSet, basename="campaign")
router.register("submissions", demand.SubmissionViewSet, basename="submission")
router.register(r"submissions/(?P<submission_pk>\d+)/lines", demand.LineViewSet, basename="submission-line")
router.register(r"submissions/(?P<submission_pk>\d+)/files", demand.FileViewSet, basename="submission-file")
router.register("jobs", demand.JobViewSet, basename="job")
router.register("orders", order.OrderViewSet, basename="order")
router.register(r"orders/(?P<order_pk>\d+)/positions", order.PositionViewSet, basename="order-position")
router.register(r"orders/(?P<order_pk>\d+)/analogs", substitution.AnalogViewSet, basename="order-analog")
router.register("catalog", substitution.CatalogViewSet, basename="catalog-item")
router.register("offers", substitution.OfferViewSet, basename="offer")

app_name = "api"
urlpatterns = [
    path("auth/token/", obtain_auth_token, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("orders/<int:pk>/coverage/", substitution.CoverageView.as_view(), name="order-coverage"),
    path("orders/<int:pk>/match/", substitution.MatchingView.as_view(), name="order-match"),
    path("forecast/", substitution.ForecastView.as_view(), name="forecast"),
    path("", include(router.urls)),
]
