"""The xlsx form a customer fills in for a campaign: a header the reader recognizes, one column per campaign year,
and a sheet of instructions in Russian (the customers' language, whatever the page language is)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cityorder.demand.models import Campaign, DemandKind
from cityorder.registry.models import Organization

DATA_SHEET = "Потребность"
INSTRUCTIONS_SHEET = "Инструкция"
HEADER_ROW = 4
BLANK_ROWS = 200

# (header as the reader knows it, width, hint shown as the cell's note). The header texts are synonyms of
# engine.reading.headers; a test reads a filled-in copy to keep the two in step.
COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("№", 6, "Номер строки по порядку (необязательно)."),
    ("Наименование", 40, "Наименование изделия, как в спецификации: «Микроконтроллер 32-бит», "
                         "«Аккумуляторная батарея LiFePO4 12,8 В 100 А·ч»."),
    ("Обозначение", 24, "Обозначение (part number) по документации производителя: NE555P, STM32F103C8T6, "
                        "К561ЛА7. Если обозначения нет — оставьте пустым и подробно заполните наименование."),
    ("Производитель", 24, "Производитель, если он важен: Texas Instruments, АО «Ангстрем»."),
    ("Ед. изм.", 10, "Единица измерения: шт, компл, м, кг."),
    ("Характеристики", 36, "Основные характеристики, если обозначения нет: номинал, напряжение, ёмкость, корпус."),
)
QUANTITY_HINT = "Потребность в {year} году, в единицах измерения строки; только число. Пустая ячейка — нет потребности."

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="9BB7D4")


def campaign_template(campaign: Campaign, customer: Organization | None = None) -> bytes:
    """The filled-in-nothing form of ``campaign`` (the customer's name in its title when given) as xlsx bytes."""
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = DATA_SHEET
    _title(sheet, campaign, customer)
    _header(sheet, campaign)
    _instructions(book.create_sheet(INSTRUCTIONS_SHEET), campaign)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _title(sheet: Worksheet, campaign: Campaign, customer: Organization | None) -> None:
    # Each title row holds a single cell, so the reader never takes one for the header.
    sheet.cell(row=1, column=1, value=campaign.title).font = Font(bold=True, size=13)
    details = f"Кампания {campaign.code}, годы {campaign.year_from}–{campaign.year_to}"
    if campaign.deadline:
        details += f", срок представления — {campaign.deadline:%d.%m.%Y}"
    if customer is not None:
        details += f". Заказчик: {customer.short_name}"
    sheet.cell(row=2, column=1, value=details).font = Font(italic=True, color="555555")


def _header(sheet: Worksheet, campaign: Campaign) -> None:
    years = [(year, 12, QUANTITY_HINT.format(year=year)) for year in campaign.years]
    columns: list[tuple[str | int, int, str]] = [*COLUMNS, *years]
    for index, (text, width, hint) in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=text)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(hint, "cityorder", width=300, height=110)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"  # name and part number stay in sight
    first_year = len(COLUMNS) + 1
    last_year = len(COLUMNS) + len(campaign.years)
    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             showErrorMessage=True, errorTitle="Количество",
                             error="Введите число не меньше нуля, без слов и единиц измерения.")
    numbers.add(f"{get_column_letter(first_year)}{HEADER_ROW + 1}:"
                f"{get_column_letter(last_year)}{HEADER_ROW + BLANK_ROWS}")
    sheet.add_data_validation(numbers)


def _instructions(sheet: Worksheet, campaign: Campaign) -> None:
    kinds = ", ".join(str(DemandKind(k).label).lower() for k in campaign.kinds if k in DemandKind.values)
    years = f"{campaign.year_from}–{campaign.year_to}"
    lines = [
        f"Как заполнить форму «{campaign.title}»",
        "",
        f"1. Заполните лист «{DATA_SHEET}»: одна строка — одно изделие. Строки заголовка не меняйте и не удаляйте.",
        "2. Укажите наименование и, если известно, обозначение (part number) и производителя. "
        "Без обозначения опишите изделие в колонке «Характеристики».",
        f"3. В колонках {years} укажите потребность по годам: только число (например, 1500), без слов "
        "«по потребности», «около» и без единиц измерения.",
        "4. Единицу измерения укажите в колонке «Ед. изм.»; количество считается в этой единице.",
        "5. Строки-разделы (например, «Микросхемы») допустимы: строка без количества не считается потребностью.",
        "6. Можно загрузить несколько файлов; один и тот же файл дважды не загружается.",
        "7. После загрузки проверьте на странице заявки строки с ошибками, исправьте их и отправьте заявку.",
    ]
    if kinds:
        lines.insert(2, f"Собирается потребность: {kinds}.")
    if campaign.deadline:
        lines.append(f"Срок представления заявки — {campaign.deadline:%d.%m.%Y}.")
    if campaign.description:
        lines += ["", campaign.description]
    # One cell per row: the reader skips a sheet whose rows never name two fields.
    for row, text in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 120
