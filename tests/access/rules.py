"""The expected-access table: for every route, which roles may use it, derived from the rules of DESIGN.md rather
than copied from what the code answers today.

The rules, each an audience below:
- A visitor gets the login page (pages) or 401 (API) everywhere except logging in, the language switch and
  static files; the admin site is the administrators'.
- The department (administrator, analyst) sees everything; the tender committee and cluster coordinators read the
  whole registry; customers and manufacturers see producers and their own organization, never another customer.
- Raw demand (a submission, its files, lines and their jobs) is its customer's and the department's; a campaign is
  seen by the customers it invites; the city order and its analysis are the department's, a customer gets only its
  own part of the published version; a producer's forecast and offers are its own and the department's.
- An organization's profile is kept by its own users and the department, a producer's also by the coordinator of
  its cluster; a cluster's members by its coordinator and the department; products by the producer, its cluster's
  coordinator and the department.
- Offset tenders (tenders/access.py): the tender committee and administrators prepare, open, evaluate and award
  them; the analyst reads every tender, its submitted bids' metadata and, after the opening, contents and protocol;
  bidders see published tenders, bid, and read their own bids, receipts and scores, never the protocol or
  another bidder's bid; beyond tenders a bidder reads the registry as a manufacturer does (producers and its own
  organization) and sees no demand, order or analysis.
Lists are open to every user and scoped: what they hold is checked against the scoped queries (routes.SCOPES).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from cityorder.registry.identifiers import complete_inn10

Audience = frozenset[str]
PUBLIC: Audience = frozenset({"anonymous", "admin", "analyst", "customer_a", "customer_b", "manufacturer",
                              "coordinator", "tender_committee", "bidder"})
EVERYONE: Audience = PUBLIC - {"anonymous"}
DEPARTMENT: Audience = frozenset({"admin", "analyst"})
ADMINISTRATORS: Audience = frozenset({"admin"})
# Who sees customer A's organization: the department, the registry-wide roles, and A itself.
SEES_A: Audience = DEPARTMENT | {"coordinator", "tender_committee", "customer_a"}
# Who keeps customer A's organization and demand: A's own users and the department.
OWNS_A: Audience = DEPARTMENT | {"customer_a"}
# Who keeps the manufacturer's organization and products: its users, its cluster's coordinator, the department.
KEEPS_M: Audience = DEPARTMENT | {"manufacturer", "coordinator"}
# Whose the manufacturer's catalog products, forecast and offers are: its users and the department.
OWNS_M: Audience = DEPARTMENT | {"manufacturer"}
# Who manages the cluster (coordinated by the coordinator's organization), and who may create organizations and
# import into the registry.
MANAGES_CLUSTER: Audience = DEPARTMENT | {"coordinator"}
REGISTRY_KEEPERS: Audience = DEPARTMENT | {"coordinator"}
# The campaign invites customers A and B.
INVITED: Audience = DEPARTMENT | {"customer_a", "customer_b"}
# Both customers sent demand that went into the published version; each gets its own part of it.
SENT_DEMAND: Audience = frozenset({"customer_a", "customer_b"})
MANUFACTURERS: Audience = frozenset({"manufacturer"})
# The cluster's project: seen by the department, the cluster's coordinator and the organizations taking part (the
# manufacturer supplies it); kept by the coordinator and the department.
SEES_PROJECT: Audience = DEPARTMENT | {"coordinator", "manufacturer"}

# Tenders: the committee is the tender committee and the administrators; the analyst follows what they do.
COMMITTEE: Audience = frozenset({"admin", "tender_committee"})
FOLLOWS_TENDERS: Audience = COMMITTEE | {"analyst"}
# Bidders' own routes; the bidder walked won lot 1 of the world's tender (its bid, receipt and document).
BIDDERS: Audience = frozenset({"bidder"})
# Who sees a published tender (its page, OCDS release) and the bidder's own receipt and opened bid: those who follow
# tenders and the bidders.
SEES_TENDER: Audience = FOLLOWS_TENDERS | BIDDERS
# The other bidder's own bid: no role walked may withdraw it.
OTHER_BIDDER: Audience = frozenset()
# The bidder's organization is kept by its own users and the department.
KEEPS_BIDDER: Audience = DEPARTMENT | BIDDERS

W = Any  # the world of tests/access/conftest.py


@dataclass(frozen=True)
class Case:
    """One way to call a route: its URL arguments, who may use it (for every method, or by method), the query
    string and, by method, a valid body (so a refusal cannot be a mere 400)."""

    who: Audience | Mapping[str, Audience]
    kwargs: Callable[[W], dict[str, Any]] = lambda w: {}
    query: str | Callable[[W], str] = ""
    data: Mapping[str, Callable[[W], Any]] = field(default_factory=dict)
    multipart: bool = False

    def query_string(self, w: W) -> str:
        return self.query(w) if callable(self.query) else self.query

    def audience(self, method: str) -> Audience | None:
        if isinstance(self.who, frozenset):
            return self.who
        return self.who.get(method)


def by_method(**audiences: Audience) -> dict[str, Audience]:
    return {method.upper(): audience for method, audience in audiences.items()}


def _new_organization(w: W) -> dict[str, Any]:
    return {"inn": complete_inn10("779999999"), "full_name": "ООО «Новая»", "short_name": "Новая",
            "kind": "company"}


def _organization_a(w: W) -> dict[str, Any]:
    a = w.org_a
    return {"inn": a.inn, "ogrn": a.ogrn, "kpp": a.kpp, "full_name": a.full_name, "short_name": a.short_name,
            "kind": a.kind, "phone": "+7 495 000-00-00"}


def _line(w: W) -> dict[str, Any]:
    return {"name": "Резистор 10 кОм", "unit": "шт", "quantities": {"2026": 10}}


def _upload(w: W) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("more.csv", "Наименование;2026\nКонденсатор 10 мкФ;5\n".encode())}


def _campaign(w: W) -> dict[str, Any]:
    return {"code": "ekb-2027", "title": "Потребность 2027", "year_from": 2027, "year_to": 2028}


def _product(w: W) -> dict[str, Any]:
    return {"name": "Батарея LFP 200", "part_number": "LFP-200", "category": w.category.code}


A_ORG = Case(SEES_A, lambda w: {"pk": w.org_a.pk})
SUBMISSION_A = {"pk": lambda w: w.submission_a.pk}

PAGES: dict[str, list[Case]] = {
    "login": [Case(PUBLIC)],
    "logout": [Case(PUBLIC)],
    "set_language": [Case(PUBLIC, data={"POST": lambda w: {"language": "en", "next": "/"}})],
    "web:home": [Case(EVERYONE)],
    "web:search": [Case(EVERYONE, query="q=Тест")],
    "registry:cluster_list": [Case(EVERYONE)],
    "registry:cluster_detail": [Case(EVERYONE, lambda w: {"code": w.cluster.code})],
    "registry:membership_add": [Case(MANAGES_CLUSTER, lambda w: {"code": w.cluster.code})],
    "registry:membership_remove": [Case(MANAGES_CLUSTER, lambda w: {"pk": w.membership.pk})],
    "registry:organization_list": [Case(EVERYONE)],
    "registry:organization_create": [Case(REGISTRY_KEEPERS)],
    "registry:organization_detail": [A_ORG, Case(EVERYONE, lambda w: {"pk": w.org_m.pk})],
    "registry:organization_edit": [Case(OWNS_A, lambda w: {"pk": w.org_a.pk}),
                                   Case(KEEPS_M, lambda w: {"pk": w.org_m.pk}),
                                   Case(KEEPS_BIDDER, lambda w: {"pk": w.org_bidder.pk})],
    "registry:product_create": [Case(KEEPS_M, lambda w: {"organization_pk": w.org_m.pk})],
    "registry:product_list": [Case(EVERYONE)],
    "registry:product_edit": [Case(KEEPS_M, lambda w: {"pk": w.product.pk})],
    "registry:product_delete": [Case(KEEPS_M, lambda w: {"pk": w.product.pk})],
    "registry:supplier_search": [Case(EVERYONE, query="q=LFP")],
    "registry:import": [Case(REGISTRY_KEEPERS)],
    "registry:import_confirm": [Case(REGISTRY_KEEPERS)],
    "registry:export": [Case(EVERYONE, lambda w: {"kind": "organizations", "fmt": "csv"})],
    "jobs:progress": [Case(OWNS_A, lambda w: {"pk": w.job_a.pk})],
    "jobs:retry": [Case(OWNS_A, lambda w: {"pk": w.job_a.pk})],
    "demand:index": [Case(EVERYONE)],  # a redirect to the campaigns, which decide for themselves
    "demand:campaign_list": [Case(INVITED)],
    "demand:campaign_create": [Case(DEPARTMENT)],
    "demand:campaign": [Case(INVITED, lambda w: {"code": w.campaign.code})],
    "demand:campaign_edit": [Case(DEPARTMENT, lambda w: {"code": w.campaign.code})],
    "demand:template": [Case(INVITED, lambda w: {"code": w.campaign.code})],
    "demand:my_submission": [Case(INVITED, lambda w: {"code": w.campaign.code})],
    "demand:review_queue": [Case(DEPARTMENT)],
    "demand:submission": [Case(OWNS_A, lambda w: {"pk": w.submission_a.pk})],
    "demand:upload": [Case(OWNS_A, lambda w: {"pk": w.submission_a.pk})],
    "demand:submit": [Case(OWNS_A, lambda w: {"pk": w.submission_a.pk})],
    "demand:accept": [Case(DEPARTMENT, lambda w: {"pk": w.submission_a.pk})],
    "demand:return": [Case(DEPARTMENT, lambda w: {"pk": w.submission_a.pk})],
    "demand:line_add": [Case(OWNS_A, lambda w: {"pk": w.submission_a.pk})],
    "demand:line_edit": [Case(OWNS_A, lambda w: {"pk": w.line_a.pk})],
    "demand:line_remove": [Case(OWNS_A, lambda w: {"pk": w.line_a.pk})],
    "demand:file_download": [Case(OWNS_A, lambda w: {"pk": w.file_a.pk})],
    "demand:file_remove": [Case(OWNS_A, lambda w: {"pk": w.file_a.pk})],
    "demand:file_mapping": [Case(OWNS_A, lambda w: {"pk": w.file_a.pk, "sheet": 0})],
    "order:index": [Case(DEPARTMENT)],
    "order:consolidate": [Case(DEPARTMENT, lambda w: {"code": w.campaign.code})],
    "order:campaign_dashboard": [Case(DEPARTMENT, lambda w: {"code": w.campaign.code})],
    "order:my_part": [Case(SENT_DEMAND, lambda w: {"code": w.campaign.code})],
    "order:version": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "order:version_customers": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk}, query="term=a")],
    "order:publish": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "order:position": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk, "position_id": w.position.position_id})],
    "order:review": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "order:decide": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk, "match_pk": w.match.pk},
                          data={"POST": lambda w: {"verdict": "different"}})],
    "order:decision_clear": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk, "decision_pk": w.decision.pk})],
    "order:diff": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "order:dashboard": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "order:summary": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "order:export": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk, "fmt": "csv"})],
    "order:customer_export": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk, "customer_pk": w.org_a.pk,
                                                          "fmt": "csv"})],
    "substitution:index": [Case(DEPARTMENT)],
    "substitution:catalog": [Case(DEPARTMENT)],
    "substitution:upload": [Case(DEPARTMENT, lambda w: {"kind": "catalog"})],
    "substitution:registry_sync": [Case(DEPARTMENT)],
    "substitution:match": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "substitution:coverage": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "substitution:capacity": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "substitution:gaps": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "substitution:gaps_export": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk, "fmt": "csv"})],
    "substitution:roadmap": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "substitution:position_analogs": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk,
                                                                  "position_id": w.position.position_id})],
    "substitution:my_forecast": [Case(MANUFACTURERS)],
    "substitution:producer": [Case(OWNS_M, lambda w: {"pk": w.org_m.pk})],
    "substitution:offer_edit": [Case(OWNS_M, lambda w: {"pk": w.offer.pk})],
    "substitution:offer_delete": [Case(OWNS_M, lambda w: {"pk": w.offer.pk})],
}

def _project(w: W) -> dict[str, Any]:
    return {"code": w.project.code}


def _participant(w: W) -> dict[str, Any]:
    return {"code": w.project.code, "pk": w.project.participants.get().pk}


def _milestone(w: W) -> dict[str, Any]:
    return {"code": w.project.code, "pk": w.project.milestones.get().pk}


PAGES.update({
    "cooperation:project_list": [Case(by_method(get=SEES_PROJECT, post=MANAGES_CLUSTER))],
    "cooperation:where_used": [Case(SEES_PROJECT)],
    "cooperation:registry": [Case(by_method(get=SEES_PROJECT | REGISTRY_KEEPERS, post=REGISTRY_KEEPERS))],
    "cooperation:project": [Case(SEES_PROJECT, _project)],
    "cooperation:participant_add": [Case(MANAGES_CLUSTER, _project)],
    "cooperation:participant_remove": [Case(MANAGES_CLUSTER, _participant)],
    "cooperation:milestone_add": [Case(MANAGES_CLUSTER, _project)],
    "cooperation:milestone_edit": [Case(MANAGES_CLUSTER, _milestone, data={"POST": lambda w: {
        "title": "Опытная партия", "due": "2027-04-01"}})],
    "cooperation:bom_preview": [Case(MANAGES_CLUSTER, _project)],
    "cooperation:bom_import": [Case(MANAGES_CLUSTER, _project)],
    "cooperation:subproject_link": [Case(MANAGES_CLUSTER, _project, data={"POST": lambda w: {
        "position": w.project.bom_versions.get().items.order_by("position").first().position, "subproject": ""}})],
    "cooperation:bom_export": [Case(SEES_PROJECT, lambda w: {"code": w.project.code, "number": 1})],
    "cooperation:plan": [Case(MANAGES_CLUSTER, _project)],
    "cooperation:explode": [Case(MANAGES_CLUSTER, _project)],
    "cooperation:suppliers": [Case(SEES_PROJECT, _project)],
    "cooperation:assign": [Case(MANAGES_CLUSTER, _project)],
    "cooperation:decide_domestic": [Case(DEPARTMENT, _project, data={"POST": lambda w: {
        "key": w.project.assignments.get().key, "domestic": "1"}})],
})

# The whole published order by category and year, as open data: the department's and the producers'.
PAGES["substitution:forecast_export"] = [Case(DEPARTMENT | MANUFACTURERS, lambda w: {"fmt": "csv"})]
# Reminding a campaign's late customers: the department's button.
PAGES["web:remind"] = [Case(DEPARTMENT, lambda w: {"code": w.campaign.code})]


def _tender(w: W) -> dict[str, Any]:
    return {"code": w.tender.code}


def _question(w: W) -> Any:
    return w.tender.questions.get()


PAGES.update({
    # Seeing tenders (their list, page, OCDS release, receipts of submitted bids): the committee, the analyst and
    # the bidders (published tenders, their own receipts).
    "tenders:list": [Case(SEES_TENDER)],
    "tenders:ocds_all": [Case(SEES_TENDER)],
    "tenders:tender": [Case(SEES_TENDER, _tender)],
    "tenders:ocds": [Case(SEES_TENDER, _tender)],
    "tenders:receipt": [Case(SEES_TENDER, lambda w: {"number": w.receipt}),
                        Case(FOLLOWS_TENDERS, lambda w: {"number": w.other_receipt})],
    # An opened bid's contents (its documents): the committee, the analyst and the bidder whose bid it is; the
    # evaluated tender's protocol: the committee and the analyst.
    "tenders:bid_document": [Case(SEES_TENDER, lambda w: {"code": w.tender.code, "pk": w.bid.pk, "index": 0})],
    "tenders:protocol": [Case(FOLLOWS_TENDERS, _tender)],
    "tenders:protocol_xlsx": [Case(FOLLOWS_TENDERS, _tender)],
    # The tender's full audit log and its CSV, read-only: the committee and the analyst.
    "tenders:audit": [Case(FOLLOWS_TENDERS, _tender)],
    "tenders:audit_csv": [Case(FOLLOWS_TENDERS, _tender)],
    # Preparing, publishing, opening, evaluating, awarding and following the contract: the committee.
    "tenders:new": [Case(COMMITTEE)],
    "tenders:lot_add": [Case(COMMITTEE, _tender)],
    "tenders:criteria": [Case(COMMITTEE, _tender)],
    "tenders:publish": [Case(COMMITTEE, _tender)],
    "tenders:open": [Case(COMMITTEE, _tender)],
    "tenders:evaluate": [Case(COMMITTEE, _tender)],
    "tenders:award": [Case(COMMITTEE, lambda w: {"code": w.tender.code, "number": 2})],
    "tenders:milestone": [Case(COMMITTEE, lambda w: {"pk": w.milestone.pk})],
    # Cancelling before the award, and answering the bidders' questions: the committee; asking: a bidder.
    "tenders:cancel": [Case(COMMITTEE, _tender, data={"POST": lambda w: {"reason": "Потребность изменилась"}})],
    "tenders:question_answer": [Case(COMMITTEE, lambda w: {"code": w.tender.code, "pk": _question(w).pk},
                                     data={"POST": lambda w: {"answer": "Да."}})],
    "tenders:question_ask": [Case(BIDDERS, _tender, data={"POST": lambda w: {"text": "Срок гарантии?"}})],
    # The opened bids are the committee's to read; entering points is its members' (not the administrator's).
    "tenders:evaluation": [Case(by_method(get=COMMITTEE, post=frozenset({"tender_committee"})), _tender)],
    # A bidder's own bids, bid form, withdrawal and scores.
    "tenders:my_bids": [Case(BIDDERS)],
    "tenders:bid": [Case(BIDDERS, lambda w: {"code": w.tender.code, "number": 2})],
    "tenders:bid_withdraw": [Case(BIDDERS, lambda w: {"pk": w.bid.pk}),
                             Case(OTHER_BIDDER, lambda w: {"pk": w.other_bid.pk})],
    "tenders:my_scores": [Case(BIDDERS, _tender)],
})

API: dict[str, list[Case]] = {
    "api:token": [Case(PUBLIC)],
    "api:schema": [Case(EVERYONE)],
    "api:docs": [Case(EVERYONE)],
    "api:api-root": [Case(EVERYONE)],
    "api:organization-list": [Case(by_method(get=EVERYONE, post=REGISTRY_KEEPERS),
                                   data={"POST": _new_organization})],
    "api:organization-detail": [
        Case(by_method(get=SEES_A, put=OWNS_A, patch=OWNS_A), lambda w: {"pk": w.org_a.pk},
             data={"PUT": _organization_a, "PATCH": lambda w: {"phone": "+7 495 000-00-01"}}),
        Case(by_method(get=EVERYONE, put=KEEPS_M, patch=KEEPS_M), lambda w: {"pk": w.org_m.pk},
             data={"PATCH": lambda w: {"description": "Аккумуляторы"},
                   "PUT": lambda w: {"inn": w.org_m.inn, "full_name": w.org_m.full_name,
                                     "short_name": w.org_m.short_name, "kind": w.org_m.kind}}),
        # A bidder's organization is a company: seen by every user, kept by its own users and the department.
        Case(by_method(get=EVERYONE, put=KEEPS_BIDDER, patch=KEEPS_BIDDER), lambda w: {"pk": w.org_bidder.pk},
             data={"PATCH": lambda w: {"phone": "+7 495 000-00-02"},
                   "PUT": lambda w: {"inn": w.org_bidder.inn, "full_name": w.org_bidder.full_name,
                                     "short_name": w.org_bidder.short_name, "kind": w.org_bidder.kind}}),
    ],
    "api:cluster-list": [Case(EVERYONE)],
    "api:cluster-detail": [Case(EVERYONE, lambda w: {"code": w.cluster.code})],
    "api:membership-list": [Case(by_method(get=EVERYONE, post=MANAGES_CLUSTER),
                                 data={"POST": lambda w: {"cluster": w.cluster.code, "organization": w.org_c.pk}})],
    "api:membership-detail": [Case(by_method(get=EVERYONE, put=MANAGES_CLUSTER, patch=MANAGES_CLUSTER,
                                             delete=MANAGES_CLUSTER), lambda w: {"pk": w.membership.pk},
                                   data={"PUT": lambda w: {"note": "СЗ"}, "PATCH": lambda w: {"note": "СЗ"}})],
    "api:product-list": [Case(by_method(get=EVERYONE, post=KEEPS_M),
                              data={"POST": lambda w: {"organization": w.org_m.pk, **_product(w)}})],
    "api:product-detail": [Case(by_method(get=EVERYONE, put=KEEPS_M, patch=KEEPS_M, delete=KEEPS_M),
                                lambda w: {"pk": w.product.pk}, data={"PUT": _product, "PATCH": _product})],
    "api:product-capacity": [Case(KEEPS_M, lambda w: {"pk": w.product.pk},
                                  data={"POST": lambda w: {"year": 2027, "quantity": 5}})],
    "api:competency-list": [Case(EVERYONE)],
    "api:competency-detail": [Case(EVERYONE, lambda w: {"pk": w.competency.pk})],
    "api:category-list": [Case(EVERYONE)],
    "api:category-detail": [Case(EVERYONE, lambda w: {"pk": w.category.pk})],
    "api:zone-list": [Case(EVERYONE)],
    "api:zone-detail": [Case(EVERYONE, lambda w: {"pk": w.zone.pk})],
    "api:campaign-list": [Case(by_method(get=EVERYONE, post=DEPARTMENT), data={"POST": _campaign})],
    "api:campaign-detail": [Case(by_method(get=INVITED, put=DEPARTMENT, patch=DEPARTMENT),
                                 lambda w: {"code": w.campaign.code},
                                 data={"PUT": lambda w: {**_campaign(w), "code": w.campaign.code},
                                       "PATCH": lambda w: {"title": "Потребность 2026–2028"}})],
    "api:campaign-submission": [Case(INVITED, lambda w: {"code": w.campaign.code})],
    "api:campaign-consolidate": [Case(DEPARTMENT, lambda w: {"code": w.campaign.code})],
    "api:submission-list": [Case(EVERYONE)],
    "api:submission-detail": [Case(OWNS_A, lambda w: {"pk": w.submission_a.pk})],
    "api:submission-submit": [Case(OWNS_A, lambda w: {"pk": w.submission_a.pk})],
    "api:submission-accept": [Case(DEPARTMENT, lambda w: {"pk": w.submission_a.pk})],
    "api:submission-return": [Case(DEPARTMENT, lambda w: {"pk": w.submission_a.pk},
                                   data={"POST": lambda w: {"comment": "Уточните"}})],
    "api:submission-line-list": [Case(OWNS_A, lambda w: {"submission_pk": w.submission_a.pk},
                                      data={"POST": _line})],
    "api:submission-line-detail": [Case(OWNS_A, lambda w: {"submission_pk": w.submission_a.pk, "pk": w.line_a.pk},
                                        data={"PUT": _line, "PATCH": lambda w: {"name": "Таймер NE555"}})],
    "api:submission-file-list": [Case(OWNS_A, lambda w: {"submission_pk": w.submission_a.pk},
                                      data={"POST": _upload}, multipart=True)],
    "api:submission-file-detail": [Case(OWNS_A, lambda w: {"submission_pk": w.submission_a.pk,
                                                           "pk": w.file_a.pk})],
    "api:submission-file-mapping": [Case(OWNS_A, lambda w: {"submission_pk": w.submission_a.pk, "pk": w.file_a.pk},
                                         data={"POST": lambda w: {"mapping": {}, "remember": False}})],
    "api:job-detail": [Case(OWNS_A, lambda w: {"pk": w.job_a.pk})],
    "api:job-retry": [Case(OWNS_A, lambda w: {"pk": w.job_a.pk})],
    "api:order-list": [Case(EVERYONE)],
    "api:order-detail": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "api:order-publish": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "api:order-position-list": [Case(DEPARTMENT, lambda w: {"order_pk": w.order.pk})],
    "api:order-position-detail": [Case(DEPARTMENT, lambda w: {"order_pk": w.order.pk,
                                                              "position_id": w.position.position_id})],
    "api:order-analog-list": [Case(DEPARTMENT, lambda w: {"order_pk": w.order.pk})],
    "api:order-analog-detail": [Case(DEPARTMENT, lambda w: {"order_pk": w.order.pk, "pk": w.analog.pk})],
    "api:order-analog-decide": [Case(DEPARTMENT, lambda w: {"order_pk": w.order.pk, "pk": w.analog.pk},
                                     data={"POST": lambda w: {"verdict": "confirmed"}})],
    "api:order-coverage": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "api:order-coverage-gaps": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "api:order-coverage-capacity": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "api:order-match": [Case(DEPARTMENT, lambda w: {"pk": w.order.pk})],
    "api:catalog-item-list": [Case(EVERYONE)],
    "api:catalog-item-detail": [Case(OWNS_M, lambda w: {"pk": w.item.pk})],
    "api:offer-list": [Case(by_method(get=EVERYONE, post=OWNS_M),
                            data={"POST": lambda w: {"organization": w.org_m.pk, "item": w.item.pk,
                                                     "volumes": {"2027": 5}, "from_year": 2027}})],
    "api:offer-detail": [Case(OWNS_M, lambda w: {"pk": w.offer.pk},
                              data={"PUT": lambda w: {"volumes": {"2026": 7}, "from_year": 2026},
                                    "PATCH": lambda w: {"note": "серия"}})],
    "api:project-list": [Case(by_method(get=EVERYONE, post=MANAGES_CLUSTER),
                              data={"POST": lambda w: {"cluster": w.cluster.code, "code": "evan",
                                                       "title": "Электрофургон", "product_name": "Электрофургон"}})],
    "api:project-detail": [Case(SEES_PROJECT, _project)],
    "api:project-assign": [Case(MANAGES_CLUSTER, _project)],
    "api:project-assignments": [Case(SEES_PROJECT, _project)],
    "api:project-bom-import": [Case(MANAGES_CLUSTER, _project, multipart=True)],
    "api:project-bom-lines": [Case(SEES_PROJECT, lambda w: {"code": w.project.code, "number": 1})],
    "api:project-boms": [Case(SEES_PROJECT, _project)],
    "api:project-bom-line": [Case(by_method(get=SEES_PROJECT, patch=MANAGES_CLUSTER),
                                  lambda w: {"code": w.project.code, "number": 1, "position": 0},
                                  data={"PATCH": lambda w: {"subproject": None}})],
    "api:project-demand": [Case(SEES_PROJECT, _project)],
    "api:project-explode": [Case(MANAGES_CLUSTER, _project)],
    "api:project-participants": [Case(MANAGES_CLUSTER, _project,
                                      data={"POST": lambda w: {"organization": w.org_c.pk, "role": "supplier"}})],
    "api:project-plan": [Case(MANAGES_CLUSTER, _project, data={"PUT": lambda w: {"plan": {"2027": 10}}})],
    "api:project-participant": [Case(MANAGES_CLUSTER, lambda w: {"code": w.project.code,
                                                                 "participant": w.project.participants.get().pk})],
    "api:project-milestones": [Case(by_method(get=SEES_PROJECT, post=MANAGES_CLUSTER), _project, data={
        "POST": lambda w: {"title": "Серия", "due": "2027-09-01"}})],
    "api:project-milestone": [Case(by_method(get=SEES_PROJECT, patch=MANAGES_CLUSTER),
                                   lambda w: {"code": w.project.code, "milestone": w.project.milestones.get().pk},
                                   data={"PATCH": lambda w: {"done": True}})],
    # Sourcing reads: whoever sees the project; where-used whoever sees any project (as the page).
    "api:project-candidates": [Case(SEES_PROJECT, _project)],
    "api:project-supply": [Case(SEES_PROJECT, _project)],
    "api:project-localization": [Case(SEES_PROJECT, _project)],
    "api:project-bom-diff": [Case(SEES_PROJECT, lambda w: {"code": w.project.code, "number": 1}, query="against=1")],
    "api:project-where-used": [Case(SEES_PROJECT, query=lambda w: f"key={w.project.assignments.get().key}")],
    "api:forecast": [Case(OWNS_M, query=lambda w: f"organization={w.org_m.pk}")],
    # Tenders are listed scoped; one is seen (with its OCDS release) by the committee and the analyst.
    "api:tender-list": [Case(by_method(get=EVERYONE, post=COMMITTEE), data={"POST": lambda w: {
        "order": w.tender.order_id, "code": "akb-new", "subject": "Новый конкурс",
        "bid_deadline": "2031-01-10T12:00:00Z", "opening_at": "2031-01-11T12:00:00Z"}})],
    "api:tender-detail": [Case(SEES_TENDER, _tender)],
    "api:tender-ocds": [Case(SEES_TENDER, _tender)],
    # Publishing, opening, evaluating and awarding: the committee.
    "api:tender-publish": [Case(COMMITTEE, _tender)],
    "api:tender-open-bids": [Case(COMMITTEE, _tender)],
    "api:tender-evaluate": [Case(COMMITTEE, _tender)],
    "api:tender-award": [Case(COMMITTEE, lambda w: {"code": w.tender.code, "number": 2})],
    # Cancelling and answering: the committee; the questions are seen by whoever sees the tender (asked_by only
    # by those who follow tenders), asked by a bidder.
    # Preparing (lots, criteria), entering points (the members, not the administrator) and following the
    # contract's milestones: the committee.
    "api:tender-lots": [Case(COMMITTEE, _tender, data={"POST": lambda w: {
        "name": "Ещё лот", "max_price": "100", "quantities": {"2027": 5}}})],
    "api:tender-criteria": [Case(COMMITTEE, _tender, data={"PUT": lambda w: {
        "criteria": [{"name": "Цена", "weight": 100}]}})],
    "api:tender-assessments": [Case(frozenset({"tender_committee"}), _tender, data={"POST": lambda w: {
        "bid": w.bid.pk, "criterion": "Опыт", "points": 70}})],
    "api:tender-milestones": [Case(COMMITTEE, _tender)],
    "api:tender-milestone": [Case(COMMITTEE, lambda w: {"code": w.tender.code, "pk": w.milestone.pk},
                                  data={"POST": lambda w: {"status": "done"}})],
    "api:tender-cancel": [Case(COMMITTEE, _tender, data={"POST": lambda w: {"reason": "Потребность изменилась"}})],
    "api:tender-answer": [Case(COMMITTEE, lambda w: {"code": w.tender.code, "pk": _question(w).pk},
                               data={"POST": lambda w: {"answer": "Да."}})],
    "api:tender-questions": [Case(by_method(get=SEES_TENDER, post=BIDDERS), _tender,
                                  data={"POST": lambda w: {"text": "Срок гарантии?"}})],
    # Bids are listed scoped, a submitted bid's metadata seen by the committee and the analyst; bidding and
    # withdrawing are a bidder's own.
    "api:bid-list": [Case(by_method(get=EVERYONE, post=BIDDERS), data={"POST": lambda w: {
        "tender": w.tender.code, "lot": 2, "values": {"Цена": 300, "Инвестиции": 4000, "Срок запуска": 12}}})],
    "api:bid-detail": [Case(SEES_TENDER, lambda w: {"pk": w.bid.pk}),
                       Case(FOLLOWS_TENDERS, lambda w: {"pk": w.other_bid.pk})],
    "api:bid-withdraw": [Case(BIDDERS, lambda w: {"pk": w.bid.pk}),
                         Case(OTHER_BIDDER, lambda w: {"pk": w.other_bid.pk})],
}
