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


def test_a_repeated_inn_in_one_file_is_an_error_on_the_later_row(alice):
    text = (ORG_HEADER + "7707083893;;;ПАО «Сбербанк»;Сбербанк;Компания;\n"
            + "7707083893;;;ПАО «Сбербанк»;Сбер;Company;\n")
    preview = preview_import(ImportKind.ORGANIZATIONS, text.encode(), "orgs.csv", actor=alice)
    assert [r.action for r in preview.rows] == [Action.CREATE, Action.ERROR]
    assert any("row 3, column «ИНН»" in m and "row 2" in m for m in preview.messages())


def test_english_headers_and_labels_and_forced_encoding(alice):
    reference_data_ensure()
    text = ("INN;OGRN;KPP;Full name;Short name;Kind;Competencies\n"
            "7707083893;1027700132195;773601001;ПАО «Сбербанк»;Сбербанк;Research institute;датчики\n")
    preview = preview_import(ImportKind.ORGANIZATIONS, text.encode("cp1251"), "orgs.csv", actor=alice,
                             encoding="cp1251")
    assert preview.ok, preview.messages()
    apply_import(ImportKind.ORGANIZATIONS, text.encode("cp1251"), "orgs.csv", actor=alice, encoding="cp1251")
    org = Organization.objects.get(inn="7707083893")
    assert org.kind == "research"
    assert [c.code for c in org.competencies.all()] == ["sensors"]
    wrong = preview_import(ImportKind.ORGANIZATIONS, text.encode("cp1251"), "o.csv", actor=alice, encoding="utf-8")
    assert not wrong.ok and "«utf-8»" in wrong.file_errors[0]


def test_a_member_role_is_not_a_kind_of_organization(alice):
    text = ORG_HEADER + "7707083893;;;ПАО «Сбербанк»;Сбербанк;Участник;\n"
    preview = preview_import(ImportKind.ORGANIZATIONS, text.encode(), "orgs.csv", actor=alice)
    assert preview.rows[0].errors[0].column == "Вид"


def test_an_empty_required_cell_says_to_fill_it(alice):
    text = ORG_HEADER + "7707083893;;;;;Компания;\n"
    preview = preview_import(ImportKind.ORGANIZATIONS, text.encode(), "orgs.csv", actor=alice)
    assert "orgs.csv, row 2, column «Полное наименование»: the cell is empty; fill it in" in preview.messages()


def test_an_existing_organization_is_updated_and_an_identical_row_is_unchanged(alice):
    org = f.OrganizationFactory(inn="7707083893", ogrn="", kpp="", short_name="Сбер", full_name="ПАО «Сбербанк»")
    same = ORG_HEADER + f"{org.inn};;;ПАО «Сбербанк»;Сбер;Компания;\n"
    assert preview_import(ImportKind.ORGANIZATIONS, same.encode(), "o.csv", actor=alice).rows[0].action == \
        Action.UNCHANGED
    changed = ORG_HEADER + f"{org.inn};;;ПАО «Сбербанк»;Сбербанк;Компания;\n"
    apply_import(ImportKind.ORGANIZATIONS, changed.encode(), "o.csv", actor=alice)
    org.refresh_from_db()
    assert org.short_name == "Сбербанк"
    assert Organization.objects.filter(full_name="ПАО «Сбербанк»").count() == 1


def test_member_rows_set_competencies_and_coordinator_is_limited_to_her_cluster(cora):
    reference_data_ensure()
    own = f.ClusterFactory(code="ev", name="Кластер электромобилестроения", coordinator=cora.organization)
    f.ClusterFactory(code="pharma", name="Фармацевтический кластер")
    org = f.OrganizationFactory()
    text = ("Кластер;ИНН;Роль;Дата вступления;Компетенции\n"
            f"кластер электромобилестроения;{org.inn};Якорная компания;01.09.2022;\"batteries; электроприводы\"\n")
    apply_import(ImportKind.MEMBERS, text.encode(), "m.csv", actor=cora)
    membership = Membership.objects.get(cluster=own, organization=org)
    assert membership.role == "anchor" and str(membership.joined_on) == "2022-09-01"
    assert {c.code for c in org.competencies.all()} == {"batteries", "electric-drives"}
    foreign = f"Кластер;ИНН\npharma;{org.inn}\n"
    preview = preview_import(ImportKind.MEMBERS, foreign.encode(), "m.csv", actor=cora)
    assert preview.rows[0].errors[0].column == "Кластер"


def test_product_rows_with_bad_values_name_their_columns(alice):
    reference_data_ensure()
    maker = f.OrganizationFactory()
    text = ("ИНН производителя;Наименование;Обозначение;Категория;Статус;Дата готовности;Мощность 2026\n"
            f"{maker.inn};Батарея;B-1;battery.lfp;Серийное производство;01.06.2026;1 500,5\n"
            f"{maker.inn};Батарея;B-2;нет такой;Серия;31.02.2026;много\n"
            f"7707083894;Батарея;B-3;battery.lfp;;;\n")
    preview = preview_import(ImportKind.PRODUCTS, text.encode(), "p.csv", actor=alice)
    assert preview.rows[0].action == Action.CREATE
    bad = {e.column for e in preview.rows[1].errors}
    assert bad == {"Категория", "Дата готовности", "Мощность 2026"}
    assert preview.rows[2].errors[0].column == "ИНН производителя"
    with pytest.raises(ImportFailed):
        apply_import(ImportKind.PRODUCTS, text.encode(), "p.csv", actor=alice)
    assert not Product.objects.exists()


def test_import_command_dry_run_and_failure(alice, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    f.UserFactory(username="root", is_superuser=True, role="admin")
    good = tmp_path / "orgs.csv"
    good.write_bytes((ORG_HEADER + "7707083893;1027700132195;773601001;ПАО «Сбербанк»;Сбербанк;Компания;\n")
                     .encode("cp1251"))
    call_command("import_registry", "organizations", str(good), "--dry-run", "--encoding", "cp1251")
    out = capsys.readouterr().out
    assert "2  create" in out and "Dry run" in out
    assert not Organization.objects.filter(inn="7707083893").exists()
    call_command("import_registry", "organizations", str(good), "--as-user", "alice")
    assert Organization.objects.filter(inn="7707083893").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text(ORG_HEADER + "7707083894;;;X;X;Компания;\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_registry", "organizations", str(bad))
    assert "bad.csv, row 2, column «ИНН»" in capsys.readouterr().err


def test_export_command_then_import_command_round_trip(alice, tmp_path, capsys):
    from django.core.management import call_command

    from cityorder.registry.demo import load_demo

    load_demo()
    for kind in ImportKind:
        for suffix, encoding in ((".xlsx", "utf-8-sig"), (".csv", "cp1251")):
            out = tmp_path / f"{kind}{suffix}"
            call_command("export_registry", str(kind), "--out", str(out), "--encoding", encoding)
            if suffix == ".csv":
                out.read_bytes().decode("cp1251")  # really Windows-1251
            capsys.readouterr()
            call_command("import_registry", str(kind), str(out), "--dry-run")
            report = capsys.readouterr().out
            assert "create: 0, update: 0" in report and "error: 0" in report, report[-500:]
