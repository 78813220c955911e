import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages are asserted in their source language (the pages too, through the client below)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(client, settings):
    """The test client with English chosen by the language switch, as the pages are Russian by default."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
