"""Token and session authentication of /api/v1/, and the api_token command."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_it_gives_a_token_for_username_and_password(bob):
    response = APIClient().post("/api/v1/auth/token/", {"username": "bob", "password": "correct-horse-battery"})
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=bob).key

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/v1/organizations/").status_code == 200


def test_it_refuses_a_wrong_password(bob):
    response = APIClient().post("/api/v1/auth/token/", {"username": "bob", "password": "wrong"})
    assert response.status_code == 400
    assert "token" not in response.json()
    assert not Token.objects.filter(user=bob).exists()


@pytest.mark.parametrize("path", ["/api/v1/organizations/", "/api/v1/products/", "/api/v1/clusters/",
                                  "/api/v1/memberships/", "/api/v1/zones/"])
def test_it_answers_401_without_credentials(api, path):
    response = api().get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_it_refuses_an_unknown_token(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert client.get("/api/v1/organizations/").status_code == 401


def test_it_accepts_the_browser_session(bob):
    client = APIClient()
    client.force_login(bob)
    assert client.get("/api/v1/organizations/").status_code == 200


def test_api_token_command_prints_the_same_token_twice(capsys, bob):
    call_command("api_token", "bob")
    first = capsys.readouterr().out.strip()
    call_command("api_token", "bob")
    assert capsys.readouterr().out.strip() == first == Token.objects.get(user=bob).key


def test_api_token_command_resets_on_request(capsys, bob):
    old = Token.objects.create(user=bob).key
    call_command("api_token", "bob", "--reset")
    new = capsys.readouterr().out.strip()
    assert new != old and Token.objects.get(user=bob).key == new


def test_api_token_command_rejects_an_unknown_user(db):
    with pytest.raises(CommandError, match="nobody"):
        call_command("api_token", "nobody")
