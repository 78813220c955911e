import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.english import english_messages  # noqa: F401  (English messages for these tests)


@pytest.fixture
def api(settings):
    """api(user) is a client sending the user's token; api() sends none. Clients chose English with the language
    switch (the API answers in Russian by default), so messages can be asserted as written."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for
