from django.urls import path

from cityorder.order import views

app_name = "order"
urlpatterns = [
    path("", views.index, name="index"),
    path("campaigns/<slug:code>/consolidate/", views.consolidate, name="consolidate"),
    path("campaigns/<slug:code>/dashboard/", views.campaign_dashboard, name="campaign_dashboard"),
    path("campaigns/<slug:code>/my-part/", views.my_part, name="my_part"),
    path("versions/<int:pk>/", views.version, name="version"),
    path("versions/<int:pk>/customers/", views.version_customers, name="version_customers"),
    path("versions/<int:pk>/publish/", views.publish, name="publish"),
    path("versions/<int:pk>/positions/<str:position_id>/", views.position, name="position"),
    path("versions/<int:pk>/review/", views.review, name="review"),
    path("versions/<int:pk>/review/<int:match_pk>/decide/", views.decide, name="decide"),
    path("versions/<int:pk>/decisions/<int:decision_pk>/undo/", views.decision_clear, name="decision_clear"),
    path("versions/<int:pk>/diff/", views.diff, name="diff"),
    path("versions/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("versions/<int:pk>/summary/", views.summary, name="summary"),
    path("versions/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("versions/<int:pk>/customers/<int:customer_pk>/export.<str:fmt>", views.customer_export,
         name="customer_export"),
]
