"""`cityorder bom_explode` end to end on files made here; no database (pytest-django fails a test that touches it)."""

from __future__ import annotations

import csv
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command

BIN = Path(sys.executable).parent

ROWS = [
    ["Спецификация электробуса ЭБ-12", None, None, None, None, None],
    ["Уровень", "Обозначение", "Наименование", "Кол-во на ед.", "Ед. изм.", "Потери, %"],
    [1, "BAT-240", "Батарея тяговая 240 кВт·ч", 1, "шт", None],
    [2, "MOD-LTO", "Модуль LTO", 10, "шт", None],
    [3, "КР142ЕН5А", "Стабилизатор", 2, "шт", 5],
    [3, "LTO-66160", "Ячейка LTO 66160", 24, "шт", 2],
    [1, "INV-1", "Инвертор", 1, "шт", None],
    [2, "KR142EN5A", "Стабилизатор", 3, "шт", None],
    [2, "ВВГ-3x16", "Кабель силовой", 2.5, "м", 10],
]


def make_bom(path: Path, rows=ROWS) -> Path:
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("Спецификация")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def bom_explode(*args: str) -> str:
    out = StringIO()
    call_command("bom_explode", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_writes_demand_and_paths(tmp_path):
    out = tmp_path / "out"
    report = bom_explode(str(make_bom(tmp_path / "ebus.xlsx")), "--plan", "2026:150,2027:600", "--out", str(out))
    assert "bought parts 3" in report
    demand = read_csv(out / "demand.csv")
    assert list(demand[0]) == ["key", "part_number", "name", "unit", "qty_2026", "qty_2027"]
    assert demand == [
        {"key": "pn:КР142ЕН5А", "part_number": "КР142ЕН5А", "name": "Стабилизатор", "unit": "pcs",
         "qty_2026": "3600", "qty_2027": "14400"},
        {**demand[1], "part_number": "LTO-66160", "unit": "pcs", "qty_2026": "36720", "qty_2027": "146880"},
        {**demand[2], "part_number": "ВВГ-3x16", "unit": "m", "qty_2026": "412.5", "qty_2027": "1650"},
    ]
    paths = read_csv(out / "paths.csv")
    assert [(p["path"], p["qty_per_product"]) for p in paths] == [
        ("3:BAT-240 > 4:MOD-LTO > 5:КР142ЕН5А", "21"),
        ("3:BAT-240 > 4:MOD-LTO > 6:LTO-66160", "244.8"),
        ("7:INV-1 > 8:KR142EN5A", "3"),
        ("7:INV-1 > 9:ВВГ-3x16", "2.75"),
    ]
    assert {p["key"] for p in paths} == {d["key"] for d in demand}


def test_a_bad_bom_writes_nothing_and_names_row_and_column(tmp_path):
    rows = [*ROWS[:4], [4, "CELL-X", "Ячейка", 24, "шт", None], [2, "MOD-2", "Модуль", None, "шт", None]]
    out = tmp_path / "out"
    with pytest.raises(CommandError) as caught:
        bom_explode(str(make_bom(tmp_path / "bad.xlsx", rows)), "--plan", "2026:150", "--out", str(out))
    text = str(caught.value)
    assert "bad.xlsx, row 5, column «Уровень»: the level jumps from 2 to 4" in text
    assert "bad.xlsx, row 6, column «Кол-во на ед.»: no quantity per parent" in text
    assert not out.exists()


def test_a_bad_plan_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--plan: «2026-150» is not a plan entry"):
        bom_explode(str(make_bom(tmp_path / "b.xlsx")), "--plan", "2026-150", "--out", str(tmp_path / "o"))


def test_the_console_script_runs_it_without_a_database(tmp_path):
    """The installed `cityorder` command, with the database pointed at a path that cannot exist."""
    out = tmp_path / "out"
    env = {"DATABASE_URL": "sqlite:////nonexistent/dir/db.sqlite3", "PATH": str(BIN)}
    done = subprocess.run([str(BIN / "cityorder"), "bom_explode", str(make_bom(tmp_path / "ebus.xlsx")),
                           "--plan", "2026:150", "--out", str(out)], capture_output=True, text=True, env=env,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert (out / "demand.csv").exists() and (out / "paths.csv").exists()


# English headers, a level-0 product row, attrition on an assembly and on a bought line, and a part under two
# parents whose per-path needs (1.1 and 1.3 in 2026) would round up to 4 separately but sum to 2.4, so 3.
ENGLISH = (
    "Level,Part Number,Description,Qty per,Unit,Attrition %\n"
    "0,EVAN-1,E-van,,,\n"
    "1,BAT-1,Battery,1,pcs,10\n"
    "2,CELL-1,Cell,0.2,pcs,\n"
    "1,CELL-1,Cell,0.26,pcs,\n"
    "1,CAB-1,Cable,1.25,m,2\n"
)
PARENT_CHILD = (
    "Parent,Child,Description,Qty per,Unit,Attrition %\n"
    "EVAN-1,BAT-1,Battery,1,pcs,10\n"
    "BAT-1,CELL-1,Cell,0.2,pcs,\n"
    "EVAN-1,CELL-1,Cell,0.26,pcs,\n"
    "EVAN-1,CAB-1,Cable,1.25,m,2\n"
)


@pytest.mark.parametrize(("layout", "text", "paths"), [
    ("level", ENGLISH, ["3:BAT-1 > 4:CELL-1", "5:CELL-1", "6:CAB-1"]),
    ("parent", PARENT_CHILD, ["2:BAT-1 > 3:CELL-1", "4:CELL-1", "5:CAB-1"]),
])
def test_english_headers_in_both_layouts_round_pieces_after_summing(tmp_path, layout, text, paths):
    source = tmp_path / f"{layout}.csv"
    source.write_text(text, encoding="utf-8")
    bom_explode(str(source), "--plan", "2026:5,2027:100", "--out", str(tmp_path / layout))
    demand = read_csv(tmp_path / layout / "demand.csv")
    assert [(d["part_number"], d["name"], d["unit"], d["qty_2026"], d["qty_2027"]) for d in demand] == [
        ("CELL-1", "Cell", "pcs", "3", "48"), ("CAB-1", "Cable", "m", "6.375", "127.5")]
    written = read_csv(tmp_path / layout / "paths.csv")
    assert [(p["path"], p["qty_per_product"]) for p in written] == list(zip(paths, ["0.22", "0.26", "1.275"],
                                                                           strict=True))
