from django.urls import path  # noqa: F401

from cityorder.order import views  # noqa: F401

app_name = "order"
urlpatterns: list = []
