import pytest
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def english_messages():
    """Service and import messages are asserted in their source language; pages test the Russian ones."""
    with translation.override("en"):
        yield


@pytest.fixture
def api():
    """api(user) is a client sending the user's token; api() sends none."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for
