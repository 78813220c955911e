from __future__ import annotations

import io

import openpyxl
import pytest

from cityorder.registry.columns import ImportKind
from cityorder.registry.exporting import export_file
from cityorder.registry.importing import Action, ImportFailed, apply_import, preview_import
from cityorder.registry.models import Capacity, Membership, Organization, Product
from cityorder.registry.services import reference_data_ensure
from tests import factories as f

pytestmark = pytest.mark.django_db

ORG_HEADER = "ИНН;ОГРН;КПП;Полное наименование;Краткое наименование;Вид;Компетенции\n"


def _xlsx(rows: list[list[object]], title: str | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
        ws.merge_cells("A1:D1")
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_it_imports_organizations_from_cp1251_csv(alice):
    reference_data_ensure()
    text = ORG_HEADER + "7707083893;1027700132195;773601001;ПАО «Сбербанк»;Сбербанк;Компания;\"batteries; Датчики\"\n"
    preview = apply_import(ImportKind.ORGANIZATIONS, text.encode("cp1251"), "orgs.csv", actor=alice)
    assert preview.count(Action.CREATE) == 1
    org = Organization.objects.get(inn="7707083893")
    assert org.short_name == "Сбербанк"
    assert {c.code for c in org.competencies.all()} == {"batteries", "sensors"}


def test_a_bad_row_writes_nothing_and_names_row_and_column(alice):
    text = (ORG_HEADER
            + "7707083893;1027700132195;;ПАО «Сбербанк»;Сбербанк;Компания;\n"
            + "7707083894;;;Ошибка;Ошибка;Компания;\n"
            + "7736050003;;;ПАО «Газпром»;Газпром;Космос;\n")
    preview = preview_import(ImportKind.ORGANIZATIONS, text.encode("utf-8"), "orgs.csv", actor=alice)
    assert not preview.ok
    assert [r.action for r in preview.rows] == [Action.CREATE, Action.ERROR, Action.ERROR]
    messages = preview.messages()
    assert any("orgs.csv, row 3, column «ИНН»" in m and "checksum" in m for m in messages)
    assert any("row 4, column «Вид»" in m for m in messages)
    with pytest.raises(ImportFailed):
        apply_import(ImportKind.ORGANIZATIONS, text.encode("utf-8"), "orgs.csv", actor=alice)
    assert not Organization.objects.filter(inn="7707083893").exists()


def test_it_reports_a_missing_required_column(alice):
    preview = preview_import(ImportKind.ORGANIZATIONS, "ИНН;Название\n7707083893;X\n".encode(), "x.csv", actor=alice)
    assert not preview.ok
    assert "Полное наименование" in preview.file_errors[0]


def test_members_from_xlsx_with_title_row_and_unknown_cluster(alice):
    cluster = f.ClusterFactory(code="ev")
    org = f.OrganizationFactory()
    data = _xlsx([["Кластер", "ИНН", "Роль", "Дата вступления"],
                  ["ev", org.inn, "Якорная компания", "01.09.2022"],
                  ["nope", org.inn, "", ""]], title="Участники кластеров")
    preview = preview_import(ImportKind.MEMBERS, data, "members.xlsx", actor=alice)
    assert preview.rows[0].row == 3 and preview.rows[0].action == Action.CREATE
    assert preview.rows[1].action == Action.ERROR
    assert preview.rows[1].errors[0].column == "Кластер"
    with pytest.raises(ImportFailed):
        apply_import(ImportKind.MEMBERS, data, "members.xlsx", actor=alice)
    assert not Membership.objects.filter(cluster=cluster).exists()


def test_manufacturer_imports_its_products_with_capacities(max_maker):
    reference_data_ensure()
    data = _xlsx([["ИНН производителя", "Наименование", "Обозначение", "Категория", "Ед. изм.", "Мощность 2026",
                   "Capacity 2027"],
                  [max_maker.organization.inn, "Батарея LiFePO4 12,8 В 100 А·ч", "B-100", "battery.lfp", "шт",
                   "1 000", 2500]])
    apply_import(ImportKind.PRODUCTS, data, "products.xlsx", actor=max_maker)
    product = Product.objects.get(part_number="B-100")
    assert {c.year: int(c.quantity) for c in Capacity.objects.filter(product=product)} == {2026: 1000, 2027: 2500}


def test_manufacturer_cannot_import_products_of_another(max_maker):
    reference_data_ensure()
    other = f.OrganizationFactory()
    text = f"ИНН;Наименование;Категория\n{other.inn};X;battery.lfp\n"
    preview = preview_import(ImportKind.PRODUCTS, text.encode(), "p.csv", actor=max_maker)
    assert preview.rows[0].action == Action.ERROR


@pytest.mark.parametrize("kind", list(ImportKind))
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_reimports_unchanged(alice, kind, fmt):
    from cityorder.registry.demo import load_demo

    load_demo()
    data = export_file(kind, fmt, actor=alice)
    preview = preview_import(kind, data, f"export.{fmt}", actor=alice)
    assert preview.ok, preview.messages()[:3]
    assert preview.rows and all(r.action == Action.UNCHANGED for r in preview.rows)


def test_export_is_formula_injection_safe(alice):
    f.OrganizationFactory(short_name="=HYPERLINK(\"http://evil\")")
    data = export_file(ImportKind.ORGANIZATIONS, "xlsx", actor=alice)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert '=HYPERLINK("http://evil")' in values  # stored as text, never as a formula
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
