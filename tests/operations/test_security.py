"""Sign-in lockout, API throttling, Content-Security-Policy, JSON errors for API clients, the product's error pages,
and the API docs behind login."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories as f

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def dora(db):
    user = f.UserFactory(username="dora")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client: Client, password: str, username: str = "dora", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_wrong_passwords_lock_the_account_and_the_right_one_then_fails(settings, dora):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    for _ in range(5):
        assert _login(client, "wrong").status_code in (200, 429)
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    # Russian by default, the product's own page.
    assert "Слишком много неудачных попыток входа" in response.content.decode()


def test_the_lockout_is_said_in_english_too(settings, dora):
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(3):
        response = _login(client, "wrong")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_a_few_wrong_passwords_do_not_lock(settings, dora):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    for _ in range(3):
        assert _login(client, "wrong").status_code == 200
    assert _login(client, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(dora.pk)


def test_failures_from_one_address_lock_it_for_other_accounts(settings, dora):
    settings.AXES_FAILURE_LIMIT = 4
    f.UserFactory(username="erik")
    client = Client(REMOTE_ADDR="10.9.8.7")
    for name in ("a1", "a2", "a3", "a4"):
        _login(client, "wrong", username=name)
    assert _login(client, PASSWORD).status_code == 429
    # Another address is not locked out.
    assert _login(Client(REMOTE_ADDR="10.9.8.6"), PASSWORD).status_code == 302


def test_token_requests_share_the_lockout_and_answer_json(settings, dora):
    settings.AXES_FAILURE_LIMIT = 3
    api = APIClient()
    url = "/api/v1/auth/token/"
    codes = [api.post(url, {"username": "dora", "password": "wrong"}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]  # the failure that reaches the limit is answered with the lockout
    response = api.post(url, {"username": "dora", "password": PASSWORD})
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_token_requests_are_throttled_per_address(settings, dora):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "token": "3/minute"}
    api = APIClient()
    codes = [api.post("/api/v1/auth/token/", {"username": "dora", "password": PASSWORD}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_the_api_is_throttled_per_user(settings, alice, bob):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "user": "3/minute"}
    first, second = APIClient(), APIClient()
    first.force_authenticate(alice)
    second.force_authenticate(bob)
    assert [first.get("/api/v1/campaigns/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert second.get("/api/v1/campaigns/").status_code == 200  # the count is per user


@pytest.mark.parametrize("page", ["/", "/order/"])
def test_pages_carry_a_content_security_policy_with_a_nonce(client, alice, page):
    client.force_login(alice)
    response = client.get(page, follow=True)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    html = response.content.decode()
    found = re.search(r"'nonce-([^']+)'", policy)
    nonce = found.group(1) if found else "no nonce was sent"
    # Every inline script and style element carries this response's nonce; no inline handlers remain.
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        if "src=" in tag or 'type="application/json"' in tag:
            continue
        assert f'nonce="{nonce}"' in tag, tag
    assert not re.search(r"\son(?:click|submit|change|load)=", html)


def test_no_template_has_inline_handlers_or_scripts_without_a_nonce():
    from pathlib import Path

    import cityorder

    root = Path(cityorder.__file__).parent
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\son(?:click|submit|change|input|load)=", text), template
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
            if "src=" in tag or "json" in tag or "request.csp_nonce" in tag:
                continue
            raise AssertionError(f"{template}: {tag} has no nonce")


def test_api_errors_are_json_whatever_debug_says(settings, alice):
    settings.DEBUG = True
    api = APIClient()
    api.force_authenticate(alice)
    missing = api.get("/api/v1/no-such-resource/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert api.get("/api/v1/campaigns/999999/").json()["detail"]


def test_an_unexpected_api_error_is_a_json_500(settings, alice, monkeypatch):
    from cityorder.api import demand

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(demand.CampaignViewSet, "list", broken)
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(alice)
    response = api.get("/api/v1/campaigns/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "boom" not in response.content.decode()


def test_pages_show_the_products_own_404_in_russian(client, alice):
    client.force_login(alice)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Страница не найдена" in html and "Not Found" not in html


def test_a_refused_page_is_the_products_own_403(client, bob):
    client.force_login(bob)
    response = client.get("/admin/")  # a customer is not staff: sent to the admin login, not an error
    assert response.status_code in (302, 403)
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from cityorder.web.errors import forbidden

    request = RequestFactory().get("/registry/")
    request.user = bob
    page = forbidden(request, PermissionDenied())
    assert page.status_code == 403 and "Доступ запрещён" in page.content.decode()


def test_the_500_page_needs_no_context_and_api_500_is_json():
    from django.test import RequestFactory

    from cityorder.web.errors import server_error

    page = server_error(RequestFactory().get("/order/"))
    assert page.status_code == 500 and "Ошибка сервера" in page.content.decode()
    api = server_error(RequestFactory().get("/api/v1/orders/"))
    assert api["Content-Type"] == "application/json"


def test_the_schema_and_the_docs_are_for_signed_in_users(client, alice):
    assert APIClient().get("/api/v1/schema/").status_code in (401, 403)
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 302 and reverse("login") in docs["Location"]
    client.force_login(alice)
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    # Swagger UI comes from the sidecar's static files, never from a CDN; its start script is a separate request.
    assert "swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
