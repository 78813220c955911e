"""Every route, with every method its view answers, requested as every role and as a visitor, against the table of
tests/access/rules.py; a route the table does not classify fails here until someone decides who may use it.

In the same walk: every form of every page a role opens offers only what the scoped queries give that role, and
every API list holds only objects the role may see (routes.SCOPES). Each request runs in a savepoint that is
rolled back, so the requests do not depend on each other's changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.template.context import Context
from django.test import Client
from django.urls import reverse
from django_filters import FilterSet
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.access import rules
from tests.access.conftest import ROLES
from tests.access.routes import Route, routes, scoped_pks

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
REFUSED = (403, 404)


class _Rollback(Exception):
    def __init__(self, response: Any) -> None:
        self.response = response


def isolated(send: Any) -> Any:
    """The response of ``send()``, with whatever it changed in the database rolled back."""
    try:
        with transaction.atomic():
            raise _Rollback(send())
    except _Rollback as done:
        return done.response


# --- the admin site: Django's, every page behind the staff check ----------------------------------------------

def admin_kwargs(route: Route, w: Any) -> dict[str, Any]:
    """URL arguments of an admin page: an existing object of the page's model, or the user's own."""
    kwargs: dict[str, Any] = {}
    model = None
    if route.name and route.name.count("_") >= 2 and route.name.startswith("admin:"):
        app_label, _sep, rest = route.name.removeprefix("admin:").partition("_")
        model_name = rest.rsplit("_", 1)[0]
        model = ContentType.objects.filter(app_label=app_label, model=model_name).first()
    for name in route.parameters:
        if name == "object_id" or name == "id":
            kind = model.model_class() if model else type(w.users["admin"])
            obj = kind._default_manager.first() if kind else None
            kwargs[name] = str(obj.pk if obj else w.users["admin"].pk)
        elif name == "app_label":
            kwargs[name] = "registry"
        elif name == "content_type_id":
            kwargs[name] = ContentType.objects.get_for_model(w.campaign).pk
            kwargs["object_id"] = str(w.campaign.pk)
        elif name == "url":
            kwargs[name] = "registry/organization"
    return kwargs


def admin_url(route: Route, w: Any) -> str:
    kwargs = admin_kwargs(route, w)
    if route.name:
        return reverse(route.name, kwargs=kwargs)
    if "(?P<url>" in route.pattern:  # the admin's catch-all: a known page without its slash
        return "/admin/registry/organization"
    # The admin's unnamed redirect from an object's old address to its change page.
    return "/" + route.pattern.replace("<path:object_id>", kwargs.get("object_id", "1"))


ADMIN_QUERIES = {"admin:autocomplete": "app_label=registry&model_name=product&field_name=organization&term=a"}
ADMIN_METHODS = {"admin:logout": "POST"}


# --- requests -------------------------------------------------------------------------------------------------

def page_client(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def api_client(user: Any) -> APIClient:
    client = APIClient(raise_request_exception=False)
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def send(client: Any, method: str, url: str, case: rules.Case | None, w: Any, *, api: bool) -> Any:
    body = case.data.get(method, lambda w: {})(w) if case else {}
    cookies = {key: morsel.value for key, morsel in client.cookies.items()}
    call = getattr(client, method.lower())
    if api and case is not None and case.multipart:
        response = isolated(lambda: call(url, body, format="multipart"))
    elif api:
        response = isolated(lambda: call(url, body, format="json"))
    else:
        response = isolated(lambda: call(url, body))
    client.cookies = SimpleCookie(cookies)  # a logout or a language switch changed the session rolled back
    return response


def expected_refusal(route: Route, response: Any, anonymous: bool) -> str | None:
    """Why ``response`` is not the refusal the rules ask for (None if it is)."""
    status, location = response.status_code, response.get("Location", "")
    if route.is_admin:
        return None if status == 302 and location.startswith(ADMIN_LOGIN) else "the admin's login page"
    if anonymous:
        to_login = status == 302 and location.startswith(LOGIN)
        if route.is_api:  # 401 for a program; the docs, a page for people, send them to log in
            return None if status == 401 or to_login else "401 or the login page"
        return None if to_login else "the login page"
    return None if status in REFUSED else "403 or 404"


# Pages under /api/ for people, opened with a session (the API's other routes are called with a token).
FOR_PEOPLE = {"api:docs"}

# Logging out ends on the login page.
LOGOUTS = {"logout", "admin:logout"}


def refused_anyway(route: Route, response: Any) -> bool:
    """Whether a role the rules allow was turned away. On the admin site only the staff check is the project's:
    what a model's admin forbids to everyone (adding a task result) is Django's."""
    status, location = response.status_code, response.get("Location", "")
    to_login = status == 302 and (location.startswith(LOGIN) or location.startswith(ADMIN_LOGIN))
    if route.key in LOGOUTS:
        return status >= 400
    if route.is_admin:
        return to_login or status >= 500
    return status in (401, 403, 404, 405) or status >= 500 or to_login


def cases_of(route: Route) -> list[rules.Case] | None:
    table = rules.API if route.is_api else rules.PAGES
    return table.get(route.key)


def requests_of(route: Route, w: Any) -> Iterator[tuple[str, str, rules.Case | None, rules.Audience | None]]:
    """(method, url, case, audience) of every request the walk makes for ``route``."""
    if route.is_admin:
        audience = rules.PUBLIC if route.key in ("admin:login", "admin:logout") else rules.ADMINISTRATORS
        query = ADMIN_QUERIES.get(route.key, "")
        yield ADMIN_METHODS.get(route.key, "GET"), admin_url(route, w) + (f"?{query}" if query else ""), None, \
            audience
        return
    for case in cases_of(route) or []:
        kwargs = case.kwargs(w)
        if "format" in route.parameters:
            kwargs["format"] = "json"
        url = reverse(route.name, kwargs=kwargs) if route.name else route.pattern
        query = case.query_string(w)
        for method in route.methods:
            yield method, url + (f"?{query}" if query else ""), case, case.audience(method)


# --- what pages offer and API lists hold --------------------------------------------------------------------

def forms_in(value: Any, depth: int = 0) -> Iterator[forms.BaseForm]:
    if depth > 5:
        return
    if isinstance(value, forms.BaseForm):
        yield value
    elif isinstance(value, forms.BaseFormSet):
        for form in value.forms:
            yield form
    elif isinstance(value, FilterSet):
        yield value.form
    elif isinstance(value, dict):
        for item in value.values():
            yield from forms_in(item, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from forms_in(item, depth + 1)


def context_forms(response: Any) -> list[forms.BaseForm]:
    contexts = response.context
    if contexts is None:
        return []
    found: dict[int, forms.BaseForm] = {}
    for context in contexts if not isinstance(contexts, Context) else [contexts]:
        for form in forms_in(context.flatten()):
            found[id(form)] = form
    return list(found.values())


def choice_problems(response: Any, user: Any) -> list[str]:
    """Choices a page's forms offer beyond what the user may see, and choices of an unclassified model."""
    problems = []
    for form in context_forms(response):
        for name, field in form.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            allowed = scoped_pks(queryset.model, user)
            where = f"{type(form).__name__}.{name}"
            if allowed is None:
                problems.append(f"{where}: choices of {queryset.model.__name__}, a model routes.SCOPES does not "
                                "classify")
                continue
            extra = set(queryset.values_list("pk", flat=True)) - allowed
            if extra:
                problems.append(f"{where}: offers {queryset.model.__name__} {sorted(extra)} the user may not see")
    return problems


def list_problems(route: Route, response: Any, user: Any) -> list[str]:
    """Objects an API list holds beyond what the user may see."""
    view = getattr(route.callback, "cls", None)
    output = getattr(view, "output_class", None) or getattr(view, "serializer_class", None)
    model = getattr(getattr(output, "Meta", None), "model", None)
    if model is None or response.status_code != 200 or not route.key.endswith("-list"):
        return []
    allowed = scoped_pks(model, user)
    if allowed is None:
        return [f"lists {model.__name__}, a model routes.SCOPES does not classify"]
    shown = {row["id"] for row in response.json().get("results", []) if isinstance(row, dict) and "id" in row}
    return [f"lists {model.__name__} {sorted(shown - allowed)} the user may not see"] if shown - allowed else []


# --- the tests ------------------------------------------------------------------------------------------------

def test_every_route_is_classified():
    unclassified = sorted({r.key for r in routes() if not r.is_admin and cases_of(r) is None})
    assert not unclassified, "routes nobody has classified in tests/access/rules.py: " + ", ".join(unclassified)
    missing = sorted(f"{r.key} {m}" for r in routes() if not r.is_admin for case in cases_of(r) or []
                     for m in r.methods if case.audience(m) is None)
    assert not missing, "methods without an audience in tests/access/rules.py: " + ", ".join(missing)


def test_the_table_names_only_routes_that_exist():
    names = {r.key for r in routes()}
    assert not (set(rules.PAGES) | set(rules.API)) - names


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_every_route_answers_each_role_by_the_rules(role, world):
    user = None if role == "anonymous" else world.users[role]
    pages, api = page_client(user), api_client(user)
    failures: list[str] = []
    requests = 0
    for route in routes():
        for method, url, case, audience in requests_of(route, world):
            if audience is None:
                continue  # reported by test_every_route_is_classified
            requests += 1
            by_token = route.is_api and route.key not in FOR_PEOPLE
            response = send(api if by_token else pages, method, url, case, world, api=by_token)
            said = f"{method} {url} ({route.key}) as {role}: {response.status_code} {response.get('Location', '')}"
            if response.status_code >= 500:
                failures.append(f"{said}: a server error")
            elif role in audience:
                if refused_anyway(route, response):
                    failures.append(f"{said}: refused, though the rules allow it")
                elif route.is_api and method == "GET":
                    failures += [f"{said}: {p}" for p in list_problems(route, response, user)]
                elif not route.is_api and not route.is_admin and method == "GET":
                    failures += [f"{said}: {p}" for p in choice_problems(response, user)]
            else:
                wanted = expected_refusal(route, response, anonymous=user is None)
                if wanted:
                    failures.append(f"{said}: the rules refuse it, expected {wanted}")
    assert requests > 100
    assert not failures, f"{len(failures)} of {requests} requests broke the rules:\n" + "\n".join(failures)


def test_the_checks_see_what_a_role_may_not_be_shown(bob, carol):
    """The walk's own checks can fail: a form offering every organization, and a form of an unclassified model."""
    from types import SimpleNamespace

    from cityorder.registry.models import Organization

    class Every(forms.Form):
        organization = forms.ModelChoiceField(queryset=Organization.objects.all())

    class Unclassified(forms.Form):
        token = forms.ModelChoiceField(queryset=Token.objects.all())

    response = SimpleNamespace(context=Context({"forms": [Every()], "nested": {"f": Unclassified()}}))
    problems = choice_problems(response, bob)
    assert any(p.startswith("Every.organization") and str(carol.organization.pk) in p for p in problems)
    assert any("Token" in p and "does not classify" in p for p in problems)
