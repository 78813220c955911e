"""Fixtures for tests that assert messages in their source language (English); pages are Russian by default.

A test package's conftest imports what it needs: ``from tests.english import client, english_messages``.
"""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client, settings):
    """The test client with English chosen by the language switch."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
