from django.urls import path

from cityorder.cooperation import views

app_name = "cooperation"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("where-used/", views.where_used, name="where_used"),
    path("registry-719/", views.industrial_registry, name="registry"),
    path("<slug:code>/", views.project_card, name="project"),
    path("<slug:code>/participants/", views.participant_add, name="participant_add"),
    path("<slug:code>/participants/<int:pk>/remove/", views.participant_remove, name="participant_remove"),
    path("<slug:code>/milestones/", views.milestone_add, name="milestone_add"),
    path("<slug:code>/milestones/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path("<slug:code>/bom/preview/", views.bom_preview, name="bom_preview"),
    path("<slug:code>/bom/import/", views.bom_import, name="bom_import"),
    path("<slug:code>/bom/subproject/", views.subproject_link, name="subproject_link"),
    path("<slug:code>/bom/v<int:number>.xlsx", views.bom_export, name="bom_export"),
    path("<slug:code>/plan/", views.plan_set, name="plan"),
    path("<slug:code>/explode/", views.explode, name="explode"),
    path("<slug:code>/suppliers/", views.suppliers, name="suppliers"),
    path("<slug:code>/suppliers/assign/", views.assign, name="assign"),
    path("<slug:code>/suppliers/domestic/", views.decide_domestic, name="decide_domestic"),
]
