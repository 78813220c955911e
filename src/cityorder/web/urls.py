from django.urls import path

from cityorder.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("campaigns/<slug:code>/remind/", views.remind, name="remind"),
]
