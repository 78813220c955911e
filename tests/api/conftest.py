import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Service and import messages are asserted in their source language; pages test the Russian ones."""
    with translation.override("en"):
        yield
