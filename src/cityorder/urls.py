from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("cityorder.api.urls")),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("cityorder.registry.urls")),
    path("", include("cityorder.jobs.urls")),
    path("demand/", include("cityorder.demand.urls")),
    path("order/", include("cityorder.order.urls")),
    path("substitution/", include("cityorder.substitution.urls")),
    path("cooperation/", include("cityorder.cooperation.urls")),
    path("tenders/", include("cityorder.tenders.urls")),
    path("", include("cityorder.web.urls")),
]

# The product's own error pages in the reader's language; JSON under /api/.
handler403 = "cityorder.web.errors.forbidden"
handler404 = "cityorder.web.errors.not_found"
handler500 = "cityorder.web.errors.server_error"
