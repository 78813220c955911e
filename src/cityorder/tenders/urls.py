from django.urls import path

from cityorder.tenders import views

app_name = "tenders"
urlpatterns = [
    path("", views.tender_list, name="list"),
    path("new/", views.tender_new, name="new"),
    path("ocds.json", views.ocds_all, name="ocds_all"),
    path("bids/", views.my_bids, name="my_bids"),
    path("bids/<int:pk>/withdraw/", views.bid_withdraw, name="bid_withdraw"),
    path("receipts/<str:number>/", views.receipt, name="receipt"),
    path("milestones/<int:pk>/", views.milestone_update, name="milestone"),
    path("<slug:code>/", views.tender_detail, name="tender"),
    path("<slug:code>/lots/", views.lot_add, name="lot_add"),
    path("<slug:code>/criteria/", views.criteria_edit, name="criteria"),
    path("<slug:code>/publish/", views.tender_publish, name="publish"),
    path("<slug:code>/open/", views.tender_open, name="open"),
    path("<slug:code>/cancel/", views.tender_cancel, name="cancel"),
    path("<slug:code>/questions/", views.question_ask, name="question_ask"),
    path("<slug:code>/questions/<int:pk>/answer/", views.question_answer, name="question_answer"),
    path("<slug:code>/evaluation/", views.evaluation, name="evaluation"),
    path("<slug:code>/evaluate/", views.tender_evaluate, name="evaluate"),
    path("<slug:code>/protocol/", views.protocol, name="protocol"),
    path("<slug:code>/protocol.xlsx", views.protocol_xlsx, name="protocol_xlsx"),
    path("<slug:code>/ocds.json", views.ocds, name="ocds"),
    path("<slug:code>/audit/", views.audit_log, name="audit"),
    path("<slug:code>/audit.csv", views.audit_csv, name="audit_csv"),
    path("<slug:code>/scores/", views.my_scores, name="my_scores"),
    path("<slug:code>/lots/<int:number>/bid/", views.bid_edit, name="bid"),
    path("<slug:code>/lots/<int:number>/award/", views.lot_award, name="award"),
    path("<slug:code>/bids/<int:pk>/documents/<int:index>/", views.bid_document, name="bid_document"),
]
