"""Shared fixtures: the named characters of the permission tests and the path to ../shared/data.

Alice is an analyst of the department; Bob works for customer A; Carol for customer B, who must never
see Bob's data; Max is a manufacturer; Cora coordinates the EV cluster.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cityorder.accounts.roles import Role
from tests import factories as f

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Django's default PBKDF2 costs about half a second a password by design; the demo alone sets seven, in every
    # test that loads it. What a test checks of passwords does not depend on the hasher's cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside this checkout")
    return SHARED_DATA


@pytest.fixture
def department(db):
    return f.OrganizationFactory(
        kind="government_body", short_name="Департамент", full_name="Департамент инвестиционной и промышленной политики"
    )


@pytest.fixture
def alice(department):
    return f.UserFactory(username="alice", role=Role.ANALYST, organization=department)


@pytest.fixture
def bob(db):
    return f.UserFactory(username="bob", role=Role.CUSTOMER, organization=f.CustomerOrganizationFactory())


@pytest.fixture
def carol(db):
    return f.UserFactory(username="carol", role=Role.CUSTOMER, organization=f.CustomerOrganizationFactory())


@pytest.fixture
def max_maker(db):
    return f.UserFactory(username="max", role=Role.MANUFACTURER, organization=f.OrganizationFactory())


@pytest.fixture
def cora(db):
    return f.UserFactory(username="cora", role=Role.COORDINATOR, organization=f.OrganizationFactory())


@pytest.fixture(autouse=True)
def _isolated_media_and_tasks(settings, tmp_path):
    """Uploads go to a fresh directory per test, and so does the key-encryption key of sealed tender bids;
    background jobs run at once, inside the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CITYORDER_TENDER_KEK_FILE = str(tmp_path / "tender-kek.key")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_throttles_and_lockouts(settings):
    """Throttle counts live in the cache and sign-in failures in the database: each test starts with none, and
    with rates no test of the rest of the suite reaches (the throttling tests set their own)."""
    from django.core.cache import cache

    cache.clear()
    settings.API_THROTTLE_RATES = {"user": "100000/minute", "anon": "100000/minute", "token": "100000/minute"}
    yield
    cache.clear()
