"""`cityorder consolidate` end to end: spreadsheets made here and the real BOMs in ../shared/data, no database.

None of these tests asks for the database: pytest-django fails any test that touches it unasked.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command

BIN = Path(sys.executable).parent


def make_csv(path: Path) -> Path:
    path.write_text(
        "Наименование;Part number;Производитель;Ед. изм.;Количество\n"
        "Микросхема;STM32F103C8T6;ST;шт;10\n"
        "Микросхема;STM32F103CBT6;STMicroelectronics;шт;4\n"
        "Резистор 10 кОм 0805 1%;;;шт;100\n"
        "Конденсатор;;;шт;много\n",
        encoding="utf-8",
    )
    return path


def make_xlsx(path: Path) -> Path:
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("Потребность")
        rows = [
            ["Наименование", "Part number", "Производитель", "Ед. изм.", "2025", "2026"],
            ["Микросхема", "stm32f103c8t6", "STMicroelectronics", "шт", 5, 6],
            ["Аккумулятор LiFePO4 3,2 В 100 Ач", "", "", "шт", 20, 0],
        ]
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def consolidate(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("consolidate", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_consolidates_csv_and_xlsx_into_the_contract_files(tmp_path):
    files = [str(make_csv(tmp_path / "school.csv")), str(make_xlsx(tmp_path / "hospital.xlsx"))]
    summary = consolidate(*files, "--out", str(tmp_path / "out"), "--year", "2026")
    for name in ("lines.csv", "positions.csv", "matches.csv", "order.xlsx"):
        assert (tmp_path / "out" / name).is_file()
    lines = read_csv(tmp_path / "out" / "lines.csv")
    assert {(row["file"], row["row"]) for row in lines} >= {("school.csv", str(r)) for r in range(2, 6)} | {
        ("hospital.xlsx", "2"), ("hospital.xlsx", "3")}
    error = next(row for row in lines if row["file"] == "school.csv" and row["row"] == "5")
    assert error["status"] == "error" and error["position_id"] == "" and error["message"]
    customers = {row["file"]: row["customer"] for row in lines if row["status"] == "ok"}
    assert customers == {"school.csv": "school", "hospital.xlsx": "hospital"}
    stm = {row["position_id"] for row in lines if row["row"] == "2"}
    assert len(stm) == 1  # STM32F103C8T6 from both files is one position
    positions = {row["position_id"]: row for row in read_csv(tmp_path / "out" / "positions.csv")}
    assert positions[stm.pop()]["customers"] == "2"
    assert "positions" in summary and "errors 1" in summary


def test_decisions_from_the_matches_file_are_honoured_on_the_next_run(tmp_path):
    source = str(make_csv(tmp_path / "school.csv"))
    consolidate(source, "--out", str(tmp_path / "first"), "--year", "2026")
    matches = read_csv(tmp_path / "first" / "matches.csv")
    stm = next(m for m in matches if "STM32F103C8T6" in m["key_a"] + m["key_b"] or "8" in m["reason"])
    with (tmp_path / "decisions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(matches[0]))
        writer.writeheader()
        writer.writerow({**stm, "decision": "same"})
    consolidate(source, "--out", str(tmp_path / "second"), "--year", "2026",
                "--decisions", str(tmp_path / "decisions.csv"))
    first = read_csv(tmp_path / "first" / "positions.csv")
    second = read_csv(tmp_path / "second" / "positions.csv")
    assert len(second) == len(first) - 1
    assert {stm["position_a"], stm["position_b"]} & {row["position_id"] for row in second}


def test_unreadable_files_are_named_and_only_all_unreadable_fails(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    good = make_csv(tmp_path / "school.csv")
    from io import StringIO

    err = StringIO()
    call_command("consolidate", str(broken), str(good), "--out", str(tmp_path / "out"), stdout=StringIO(), stderr=err)
    assert "broken.xlsx" in err.getvalue()
    with pytest.raises(CommandError, match="no file could be read"):
        call_command("consolidate", str(broken), str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o2"),
                     stdout=StringIO(), stderr=StringIO())


def test_the_installed_command_runs_without_a_database(tmp_path):
    env_home = tmp_path / "home"
    done = subprocess.run(
        [str(BIN / "cityorder"), "consolidate", str(make_csv(tmp_path / "a.csv")), "--out", str(tmp_path / "out"),
         "--customer", "Школа №1"],
        capture_output=True, text=True, check=False,
        env={"PATH": str(BIN), "CITYORDER_VAR_DIR": str(env_home), "DATABASE_URL": "postgres://nobody@127.0.0.1:1/x"},
    )
    assert done.returncode == 0, done.stderr
    assert "positions" in done.stdout
    assert {row["customer"] for row in read_csv(tmp_path / "out" / "lines.csv") if row["status"] == "ok"} == {
        "Школа №1"}
    failed = subprocess.run([str(BIN / "cityorder"), "consolidate", str(tmp_path / "none.csv"), "--out",
                             str(tmp_path / "o")], capture_output=True, text=True, check=False)
    assert failed.returncode != 0 and "none.csv" in failed.stderr


@pytest.mark.shared_data
def test_every_row_of_the_real_boms_is_in_lines_csv(shared_data, tmp_path):
    boms = sorted((shared_data / "boms").glob("*.csv"))
    consolidate(*map(str, boms), "--out", str(tmp_path / "out"))
    lines = read_csv(tmp_path / "out" / "lines.csv")
    for bom in boms:
        with bom.open(encoding="utf-8", newline="") as handle:
            count = sum(1 for _ in csv.reader(handle))
        rows = sorted(int(row["row"]) for row in lines if row["file"] == bom.name)
        assert set(range(2, count + 1)) <= set(rows), bom.name
    ok = [row for row in lines if row["status"] == "ok"]
    assert ok and all(row["position_id"] for row in ok)
    positions = read_csv(tmp_path / "out" / "positions.csv")
    assert sum(int(row["lines"]) for row in positions) == len(ok)
