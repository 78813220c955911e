from django.urls import path  # noqa: F401

from cityorder.demand import views  # noqa: F401

app_name = "demand"
urlpatterns: list = []
