from django.urls import path

from cityorder.registry import views

app_name = "registry"
urlpatterns = [
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/<slug:code>/", views.cluster_detail, name="cluster_detail"),
    path("clusters/<slug:code>/members/add/", views.membership_add, name="membership_add"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<int:organization_pk>/products/new/", views.product_create, name="product_create"),
    path("products/", views.product_list, name="product_list"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("products/<int:pk>/delete/", views.product_delete, name="product_delete"),
    path("suppliers/", views.supplier_search, name="supplier_search"),
    path("registry/import/", views.registry_import, name="import"),
    path("registry/import/confirm/", views.registry_import_confirm, name="import_confirm"),
    path("registry/export/<str:kind>.<str:fmt>", views.registry_export, name="export"),
]
