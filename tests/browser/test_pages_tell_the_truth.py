"""Every main page of every role in headless Chromium, in Russian: no English word from the engine's or Django's
texts, no table cut off at 1440 or 1280 px (screenshots of both widths are kept), and the analyst's home page
lists what waits for it and sends reminders to late customers."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from cityorder.accounts.models import User
from cityorder.demand import services as demand_services
from cityorder.demand.models import Submission
from cityorder.engine.messages import templates
from cityorder.order.models import CityOrder
from cityorder.registry.models import Organization
from tests.substitution.helpers import demo_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORDS = {"analyst": "demo-analyst-2026", "mosgortrans": "demo-customer-2026", "hospital": "demo-customer-2026",
             "battery": "demo-maker-2026", "coordinator": "demo-coordinator-2026"}
# Latin words that are Russian usage or names, not English left in the interface.
ALLOWED = {"xlsx", "csv", "json", "pdf", "api", "demo", *PASSWORDS}  # login names are shown as they are
# Django's own texts a page must never show in Russian.
DJANGO_TEXTS = {"forbidden", "found", "server", "error", "required", "field", "this", "page"}


def english_words() -> set[str]:
    """The lower-case words of the engine's and jobs' declared English texts, plus Django's and the unit codes."""
    words = {w for text in templates() for w in re.findall(r"\b[a-z]{4,}\b", re.sub(r"%\(\w+\)[sd]", " ", text))}
    return (words | DJANGO_TEXTS | {"pcs", "row", "rows", "none", "short", "covered"}) - ALLOWED


def pages_of(order: CityOrder) -> dict[str, list[str]]:
    versions = f"/substitution/versions/{order.pk}"
    submission = Submission.objects.filter(campaign=order.campaign).order_by("pk").first()
    campaign = f"/demand/campaigns/{order.campaign.code}/"
    return {
        "analyst": ["/", "/demand/campaigns/", campaign, f"/demand/submissions/{submission.pk}/", "/demand/review/",
                    "/order/", f"/order/versions/{order.pk}/", f"/order/versions/{order.pk}/review/",
                    f"/order/versions/{order.pk}/diff/", f"/order/versions/{order.pk}/dashboard/",
                    "/substitution/", "/substitution/catalog/", f"{versions}/coverage/", f"{versions}/capacity/",
                    f"{versions}/gaps/", f"{versions}/roadmap/", "/search/?q=l7805", "/search/?q=резистор"],
        "mosgortrans": ["/", "/demand/campaigns/", campaign, f"/demand/submissions/{submission.pk}/",
                        "/search/?q=L7805"],
        "hospital": ["/", campaign, f"{campaign}my/"],
        "battery": ["/", "/substitution/forecast/", "/search/?q=LFP"],
        "coordinator": ["/"],
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


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORDS[username])
    page.click("#login-submit")
    page.wait_for_load_state()


@pytest.fixture
def order():
    return demo_order()


def test_no_english_and_no_table_cut_off_on_any_page_of_any_role(page, live_server, order, tmp_path):
    words = english_words()
    problems = []
    for username, urls in pages_of(order).items():
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
                english = sorted({w for w in re.findall(r"\b[a-z]{3,}\b", text) if w in words})
                if english:
                    problems.append(f"{username} {url}: English {english[:8]}")
                cut = page.evaluate(OVERFLOW)
                if cut:
                    problems.append(f"{username} {url} at {width}px: cut off {cut}")
                name = re.sub(r"[^a-z0-9]+", "-", f"{username}{url}{width}").strip("-")
                page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    assert not problems, "\n".join(sorted(set(problems)))


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
