from django.urls import path

from cityorder.substitution import views

app_name = "substitution"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalog/", views.catalog, name="catalog"),
    path("upload/<str:kind>/", views.reference_upload, name="upload"),
    path("registry-sync/", views.registry_sync, name="registry_sync"),
    path("versions/<int:pk>/match/", views.match, name="match"),
    path("versions/<int:pk>/coverage/", views.coverage, name="coverage"),
    path("versions/<int:pk>/capacity/", views.capacity, name="capacity"),
    path("versions/<int:pk>/gaps/", views.gaps, name="gaps"),
    path("versions/<int:pk>/gaps.<str:fmt>", views.gaps_export, name="gaps_export"),
    path("versions/<int:pk>/roadmap/", views.roadmap, name="roadmap"),
    path("versions/<int:pk>/positions/<str:position_id>/analogs/", views.position_analogs, name="position_analogs"),
    path("forecast/", views.my_forecast, name="my_forecast"),
    path("forecast/city-order.<str:fmt>", views.forecast_export, name="forecast_export"),
    path("producers/<int:pk>/", views.producer, name="producer"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/delete/", views.offer_delete, name="offer_delete"),
]
