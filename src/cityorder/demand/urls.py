from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import RedirectView

from cityorder.demand import views

app_name = "demand"
urlpatterns = [
    path("", login_required(RedirectView.as_view(pattern_name="demand:campaign_list")), name="index"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<slug:code>/", views.campaign_detail, name="campaign"),
    path("campaigns/<slug:code>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<slug:code>/template.xlsx", views.template_download, name="template"),
    path("campaigns/<slug:code>/my/", views.my_submission, name="my_submission"),
    path("review/", views.review_queue, name="review_queue"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/upload/", views.upload, name="upload"),
    path("submissions/<int:pk>/submit/", views.submit, name="submit"),
    path("submissions/<int:pk>/accept/", views.accept, name="accept"),
    path("submissions/<int:pk>/return/", views.return_, name="return"),
    path("submissions/<int:pk>/lines/new/", views.line_add, name="line_add"),
    path("lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:pk>/remove/", views.line_remove, name="line_remove"),
    path("files/<int:pk>/download/", views.file_download, name="file_download"),
    path("files/<int:pk>/remove/", views.file_remove, name="file_remove"),
    path("files/<int:pk>/sheets/<int:sheet>/columns/", views.file_mapping, name="file_mapping"),
]
