"""Every main page of every role in headless Chromium, in Russian: no English word from the engine's or Django's
texts, no table cut off at 1440 or 1280 px, the row's actions of every table that has them in view (screenshots
of both widths are kept), and the analyst's home page lists what waits for it and sends reminders to late
customers."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from cityorder.accounts.models import User
from cityorder.cooperation.demo import load_cooperation_demo
from cityorder.cooperation.models import Project
from cityorder.demand import services as demand_services
from cityorder.demand.models import Submission
from cityorder.engine.messages import templates
from cityorder.order.models import CityOrder, MatchDecision, Verdict
from cityorder.registry.models import Cluster, Organization
from cityorder.substitution import services as substitution_services
from cityorder.substitution.models import Analog
from cityorder.tenders import demo as tender_demo
from cityorder.tenders.models import Bid, OffsetTender
from tests.substitution.helpers import demo_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORDS = {"analyst": "demo-analyst-2026", "mosgortrans": "demo-customer-2026", "hospital": "demo-customer-2026",
             "battery": "demo-maker-2026", "coordinator": "demo-coordinator-2026",
             tender_demo.COMMITTEE[0]: tender_demo.COMMITTEE[1], tender_demo.BIDDERS[0][0]: tender_demo.BIDDERS[0][1]}
# Latin words that are Russian usage or names, not English left in the interface.
ALLOWED = {"xlsx", "csv", "json", "pdf", "api", "demo", *PASSWORDS}  # login names are shown as they are
# Django's own texts a page must never show in Russian.
DJANGO_TEXTS = {"forbidden", "found", "server", "error", "required", "field", "this", "page"}
# Values the engine's notes once held in English beside the Russian (a Soviet microcircuit's function, a discrete
# device's class and grade, the parameters a part number encodes): named here so they cannot come back, whatever
# the templates declare. (10000 Ω is ENGLISH_UNIT's.)
ENGINE_VALUES = {"regulator", "amplifier", "diode", "transistor", "optocoupler", "resistor", "capacitor", "silicon",
                 "germanium", "gallium", "arsenide", "indium", "military", "acceptance", "grade", "series",
                 "encodes", "value", "tolerance", "size", "rated", "dielectric"}


# A value the engine writes with an English unit symbol (4.7 kΩ, 100 nF) where Russian writes кОм, нФ.
ENGLISH_UNIT = re.compile(r"\d\s?[GMkmµnp]?[ΩFH]\b|\d\s?Ω")
# What a page says is read word by word: words in lower case, and codes in capitals (LEADACID) lowered; a token with
# a digit in it is an identifier (akb-offset-2026, RC0805FR), shown as it is.
TOKEN = re.compile(r"[\w\-./]+")
WORD = re.compile(r"\b(?:[a-z]{3,}|[A-Z]{3,})\b")


def words_of(text: str) -> set[str]:
    return {w.lower() for token in TOKEN.findall(text) if not re.search(r"\d", token) for w in WORD.findall(token)}


def english_words() -> set[str]:
    """The lower-case words of the engine's and jobs' declared English texts, plus Django's and the unit codes."""
    words = {w for text in templates() for w in re.findall(r"\b[a-z]{4,}\b", re.sub(r"%\(\w+\)[sd]", " ", text))}
    return (words | DJANGO_TEXTS | ENGINE_VALUES | {"pcs", "row", "rows", "none", "short", "covered"}) - ALLOWED


# Domestic products that replace demo positions with differences a reason must state: a lead-acid battery of a larger
# capacity, a capacitor of a higher rated voltage, a resistor of a tighter tolerance and higher power. Uploaded as
# the upload card names the catalog's columns in Russian.
PARAMETRIC_CATALOG = (
    "Обозначение;Производитель;Наименование;Категория;Происхождение;Реестровый номер\n"
    "АКБ-СК-12-7,5;АО «Демо-Компонент»;Аккумулятор свинцово-кислотный 12 В 7,5 А·ч;battery;отечественный;\n"
    "КМ-0805-104-100;АО «Демо-Компонент»;Конденсатор керамический 100 нФ 100 В X7R 0805;passive.capacitor;"
    "отечественный;\n"
    "РТ-0805-103-05;АО «Демо-Компонент»;Резистор 10 кОм 0805 0,5 % 0,25 Вт;passive.resistor;отечественный;\n"
)


@pytest.fixture
def city() -> dict[str, object]:
    """The whole demo (registry, demand, order, analogs, cooperation projects, the offset tender), with parametric
    analogs whose reasons list equal and differing parameters."""
    order = demo_order()
    analyst = User.objects.get(username="analyst")
    load_cooperation_demo(User.objects.get(username="coordinator"))
    tender_demo.load_tender_demo()
    outcome = substitution_services.catalog_import(actor=analyst, name="каталог.csv",
                                                   data=PARAMETRIC_CATALOG.encode())
    assert outcome.ok, outcome.errors
    substitution_services.match_order(order)
    reasons = list(Analog.objects.filter(order=order, item__source="каталог.csv").values_list("reason", flat=True))
    assert any("lead-acid" in r and "(needed" in r for r in reasons), reasons  # what the pages must say in Russian
    assert any(" nF" in r for r in reasons) and any(" kΩ" in r and "(needed" in r for r in reasons), reasons
    # An analyst's decision on two of the version's keys: the review page lists it with its «Undo» button.
    first, second = sorted(order.positions.order_by("position_id").values_list("key", flat=True)[:2])
    MatchDecision.objects.create(key_a=first, key_b=second, verdict=Verdict.DIFFERENT, campaign=order.campaign,
                                 decided_by=analyst)
    return {"order": order, "tender": OffsetTender.objects.get(code=tender_demo.CODE)}


def pages_of(order: CityOrder, tender: OffsetTender) -> dict[str, list[str]]:
    versions = f"/substitution/versions/{order.pk}"
    submission = Submission.objects.filter(campaign=order.campaign).order_by("pk").first()
    campaign = f"/demand/campaigns/{order.campaign.code}/"
    # Every position with analogs: their reasons are the engine's texts (cross-references, parameters, names).
    analogs = [f"{versions}/positions/{pid}/analogs/" for pid in Analog.objects.filter(order=order).order_by(
        "position__position_id").values_list("position__position_id", flat=True).distinct()]
    position = Analog.objects.filter(order=order).order_by("position__position_id").first().position
    project = f"/cooperation/{Project.objects.get(code='ebus-600').code}/"  # the demo's project with suppliers
    cluster = Cluster.objects.get(code="ev")
    battery = User.objects.get(username="battery").organization
    bidder = User.objects.get(username=tender_demo.BIDDERS[0][0])
    bid = Bid.objects.filter(tender=tender, bidder=bidder.organization).order_by("lot__number").first()
    tenders = f"/tenders/{tender.code}/"
    return {
        "analyst": ["/", "/demand/campaigns/", campaign, f"/demand/submissions/{submission.pk}/", "/demand/review/",
                    "/order/", f"/order/versions/{order.pk}/", f"/order/versions/{order.pk}/review/",
                    f"/order/versions/{order.pk}/diff/", f"/order/versions/{order.pk}/dashboard/",
                    f"/order/versions/{order.pk}/positions/{position.position_id}/",
                    "/substitution/", "/substitution/catalog/", f"{versions}/coverage/", f"{versions}/capacity/",
                    f"{versions}/gaps/", f"{versions}/roadmap/", *analogs, "/search/?q=l7805", "/search/?q=резистор",
                    "/clusters/", f"/clusters/{cluster.code}/", "/organizations/", "/products/",
                    f"/substitution/producers/{battery.pk}/", "/tenders/", tenders, f"{tenders}protocol/"],
        "mosgortrans": ["/", "/demand/campaigns/", campaign, f"/demand/submissions/{submission.pk}/",
                        "/search/?q=L7805"],
        "hospital": ["/", campaign, f"{campaign}my/"],
        "battery": ["/", "/substitution/forecast/", f"/substitution/producers/{battery.pk}/", "/search/?q=LFP",
                    f"/organizations/{battery.pk}/"],
        "coordinator": ["/", "/cooperation/", project, f"{project}suppliers/", "/cooperation/registry-719/",
                        f"/clusters/{cluster.code}/"],
        "committee": ["/", "/tenders/", tenders, f"{tenders}evaluation/", f"{tenders}protocol/"],
        "bidder": ["/", "/tenders/", "/tenders/bids/", tenders, f"{tenders}scores/",
                   f"{tenders}lots/{bid.lot.number}/bid/"],
    }


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const cut = [];
  if (document.documentElement.scrollWidth > width + 1) cut.push("page " + document.documentElement.scrollWidth);
  for (const table of document.querySelectorAll("main table")) {
    const box = table.getBoundingClientRect();
    const wrap = table.closest(".table-responsive");
    // Inside a scrolling wrapper a wide table is reachable; elsewhere it must fit its parent and the screen.
    const limit = wrap ? null : table.parentElement.getBoundingClientRect().right;
    if (box.width > 0 && ((limit !== null && box.right > limit + 1) || (!wrap && box.right > width + 1)))
      cut.push(table.id || table.className);
  }
  return cut;
}"""


# Tables whose rows end in actions (a form, a button): those actions stay in view, the table scrolling beneath them.
ACTIONS = """() => {
  const width = document.documentElement.clientWidth;
  const found = [], problems = [];
  for (const table of document.querySelectorAll("main table")) {
    const rows = Array.from(table.querySelectorAll(":scope > tbody > tr")).filter(r => r.children.length > 1);
    const acting = rows.find(r => r.lastElementChild.querySelector("form, button, .btn"));
    if (!acting) continue;
    const name = table.id || table.className;
    found.push(name);
    const wrap = table.closest(".table-responsive");
    const cell = acting.lastElementChild;
    if (!wrap) { problems.push(name + ": actions outside a scrolling wrapper"); continue; }
    if (getComputedStyle(cell).position !== "sticky") problems.push(name + ": actions scroll away");
    const box = cell.getBoundingClientRect(), frame = wrap.getBoundingClientRect();
    if (box.width === 0 || box.right > Math.min(width, frame.right) + 1 || box.left < frame.left - 1)
      problems.push(name + ": actions out of view");
  }
  return {found, problems};
}"""


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORDS[username])
    page.click("#login-submit")
    page.wait_for_load_state()


@pytest.fixture
def order():
    return demo_order()


def test_no_english_and_no_table_cut_off_on_any_page_of_any_role(page, live_server, city, tmp_path):
    words = english_words()
    problems = []
    with_actions: set[str] = set()
    for username, urls in pages_of(city["order"], city["tender"]).items():
        page.context.clear_cookies()
        log_in(page, live_server, username)
        for url in urls:
            for width in (1440, 1280):
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(f"{live_server.url}{url}")
                assert response is not None and response.status == 200, (username, url)
                # Code elements hold identifiers (a file's column names, part keys), not interface text.
                text = page.evaluate("""() => { const main = document.querySelector("main").cloneNode(true);
                    main.querySelectorAll("code, .navbar").forEach(e => e.remove()); document.body.append(main);
                    const text = main.innerText; main.remove(); return text; }""")
                english = sorted(words_of(text) & words)
                english += sorted(set(ENGLISH_UNIT.findall(text)))
                if english:
                    problems.append(f"{username} {url}: English {english[:8]}")
                cut = page.evaluate(OVERFLOW)
                if cut:
                    problems.append(f"{username} {url} at {width}px: cut off {cut}")
                actions = page.evaluate(ACTIONS)
                if actions["found"]:
                    with_actions.add(f"{username} {url}")
                problems += [f"{username} {url} at {width}px: {p}" for p in actions["problems"]]
                name = re.sub(r"[^a-z0-9]+", "-", f"{username}{url}{width}").strip("-")
                page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    assert not problems, "\n".join(sorted(set(problems)))
    # The walk met tables with row actions in every part of the product that has them.
    for part in ("/demand/", "/order/", "/substitution/", "/clusters/", "/cooperation/", "/tenders/"):
        assert any(part in where for where in with_actions), f"no table with row actions under {part}: {with_actions}"


def test_the_analyst_home_lists_late_customers_and_sends_reminders(page, live_server, order):
    analyst = User.objects.get(username="analyst")
    late = demand_services.campaign_create(
        actor=analyst, code="late-2026", title="Потребность в кабеле", year_from=2026, year_to=2027,
        deadline=timezone.localdate() - datetime.timedelta(days=3),
        invited=list(Organization.objects.filter(short_name="ГУП «Мосгортранс»")))
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, live_server, "analyst")
    late_card = page.locator("#home-late")
    assert "ГУП «Мосгортранс»" in late_card.inner_text()
    assert "Заявки, ожидающие проверки" in page.locator("#home-review").inner_text()
    page.click(f"[data-remind='{late.code}']")
    page.wait_for_load_state()
    assert "Напоминания отправлены" in page.locator("body").inner_text()
    assert [m.to for m in mail.outbox] == [["mosgortrans@demo.example"]]


def test_a_wide_table_keeps_its_first_column_and_actions_in_view_and_its_columns_can_be_hidden(page, live_server,
                                                                                             order, tmp_path):
    submission = Submission.objects.filter(campaign=order.campaign).order_by("pk").first()
    customer = User.objects.get(username="mosgortrans")
    assert submission.customer_id == customer.organization_id
    submission.status = "draft"  # the customer's own draft: its lines have edit actions
    submission.save(update_fields=["status"])
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "mosgortrans")
    page.goto(f"{live_server.url}/demand/submissions/{submission.pk}/")
    table = page.locator("table#lines")
    first = table.locator("tbody tr").first.locator("td").first
    assert first.evaluate("e => getComputedStyle(e).position") == "sticky"
    actions = table.locator("tbody tr").first.locator("td.row-actions")
    box = actions.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280  # the row's buttons are on screen, not scrolled away
    # The «Столбцы» menu hides a column and remembers it on the next visit.
    page.click(".column-toggle button")
    name = page.locator(".column-toggle .form-check-label").nth(2).inner_text()
    page.locator(".column-toggle .form-check-input").nth(2).uncheck()
    headers = [h.strip() for h in table.locator("thead th:visible").all_inner_texts()]
    assert name not in headers
    page.screenshot(path=str(tmp_path / "lines-1280.png"), full_page=True)
    page.reload()
    assert name not in [h.strip() for h in page.locator("table#lines thead th:visible").all_inner_texts()]
    assert "Столбцы" in page.locator(".column-toggle button").inner_text()
