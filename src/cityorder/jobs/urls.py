from django.urls import path

from cityorder.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/<int:pk>/progress/", views.job_progress, name="progress"),
    path("jobs/<int:pk>/retry/", views.job_retry_view, name="retry"),
]
