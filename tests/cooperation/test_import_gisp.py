"""`cityorder import_gisp`: the PP 719 registry from GISP's open-data file, all rows or none."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_import_gisp_loads_the_registry_all_rows_or_none(tmp_path):
    from cityorder.cooperation.models import RegistryEntry

    path = tmp_path / "reestr.csv"
    path.write_text("ИНН;Наименование организации;Реестровый номер;Наименование продукции\n"
                    "7701000010;ООО «Ячейка»;10123456;Ячейки LTO\n", encoding="utf-8")
    out = StringIO()
    call_command("import_gisp", str(path), stdout=out)
    assert "1 registry entries imported" in out.getvalue()
    path.write_text(path.read_text(encoding="utf-8") + "12;ООО «Б»;10123457;Модули\n", encoding="utf-8")
    with pytest.raises(CommandError, match="row 3"):
        call_command("import_gisp", str(path), stdout=StringIO())
    assert RegistryEntry.objects.count() == 1
