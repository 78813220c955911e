from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cityorder.env import env_bool, env_int, env_list


def test_env_bool_refuses_what_it_cannot_read(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ValueError, match="X_FLAG"):
        env_bool("X_FLAG", True)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), ("off", False), ("", True)])
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", True) is expected


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("X_INT", "12")
    monkeypatch.setenv("X_LIST", "a.example, b.example ,")
    assert env_int("X_INT", 0) == 12
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("X_INT", "twelve")
    with pytest.raises(ValueError, match="X_INT"):
        env_int("X_INT", 0)


def _cityorder(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # The subprocess sees a production-like environment, not what other tests may have set.
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "cityorder.cli", *args], env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check():
    result = _cityorder(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="false", SECRET_KEY="x" * 64 + "production-secret-for-the-check-only", ALLOWED_HOSTS="cityorder.example",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_the_default_secret_key():
    result = _cityorder("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_every_setting_read_from_the_environment_is_in_env_example():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    source = (root / "src/cityorder/settings.py").read_text()
    used = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', source))
    documented = set(re.findall(r"^([A-Z_]+)=", (root / ".env.example").read_text(), re.M))
    assert used - documented == set()
