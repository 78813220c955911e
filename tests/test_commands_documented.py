"""Every command of our own shows an example of its use in its help (cityorder --help lists them)."""

from __future__ import annotations

import pytest
from django.core.management import get_commands, load_command_class

OWN_COMMANDS = sorted(name for name, app in get_commands().items() if app.startswith("cityorder."))


def test_there_are_own_commands():
    assert "load_demo" in OWN_COMMANDS


@pytest.mark.parametrize("name", OWN_COMMANDS)
def test_it_documents_an_example(name):
    command = load_command_class(get_commands()[name], name)
    assert command.help, f"{name} has no help text"
    assert f"cityorder {name}" in command.help, f"{name}: add an example like «cityorder {name} …» to its help"
