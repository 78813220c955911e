"""The columns of registry import and export files: one table so that an export re-imports unchanged."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class ImportKind(StrEnum):
    ORGANIZATIONS = "organizations"
    MEMBERS = "members"
    PRODUCTS = "products"


@dataclass(frozen=True)
class Column:
    name: str  # field name
    header: str  # the header an export writes (Russian: the users' language)
    synonyms: tuple[str, ...] = ()
    required: bool = False


COLUMNS: dict[ImportKind, tuple[Column, ...]] = {
    ImportKind.ORGANIZATIONS: (
        Column("inn", "ИНН", ("INN",), required=True),
        Column("ogrn", "ОГРН", ("OGRN", "ОГРНИП")),
        Column("kpp", "КПП", ("KPP",)),
        Column("full_name", "Полное наименование", ("Full name", "Наименование", "Name"), required=True),
        Column("short_name", "Краткое наименование", ("Short name", "Сокращённое наименование")),
        Column("kind", "Вид", ("Kind", "Тип организации", "Вид организации"), required=True),
        Column("legal_address", "Юридический адрес", ("Legal address",)),
        Column("postal_address", "Фактический адрес", ("Actual address", "Почтовый адрес")),
        Column("website", "Сайт", ("Website",)),
        Column("email", "E-mail", ("Email", "Эл. почта", "Электронная почта")),
        Column("phone", "Телефон", ("Phone",)),
        Column("competencies", "Компетенции", ("Competencies",)),
    ),
    ImportKind.MEMBERS: (
        Column("cluster", "Кластер", ("Cluster",), required=True),
        Column("inn", "ИНН", ("INN",), required=True),
        Column("short_name", "Организация", ("Organization",)),
        Column("role", "Роль", ("Role", "Роль в кластере")),
        Column("joined_on", "Дата вступления", ("Joined", "Joined on", "Дата входа")),
        Column("competencies", "Компетенции", ("Competencies",)),
    ),
    ImportKind.PRODUCTS: (
        Column("inn", "ИНН производителя", ("ИНН", "INN", "Manufacturer INN"), required=True),
        Column("name", "Наименование", ("Name", "Наименование продукции"), required=True),
        Column("part_number", "Обозначение", ("Part number", "P/N", "Артикул", "Марка")),
        Column("category", "Категория", ("Category",), required=True),
        Column("unit", "Ед. изм.", ("Unit", "Единица измерения")),
        Column("status", "Статус", ("Status",)),
        Column("readiness_date", "Дата готовности", ("Readiness date", "Ready")),
        Column("okpd2", "ОКПД2", ("OKPD2",)),
        Column("registry_no", "Реестровый номер", ("Registry no", "Registry number", "Номер в реестре")),
    ),
}

# «Мощность 2026», «Capacity 2026», «2026», «2026 г.»
YEAR_COLUMN_RE = re.compile(r"^(?:мощность|capacity)?\s*(?:,\s*)?(?P<year>20\d\d)\s*(?:г\.?|год)?$", re.I)
CAPACITY_HEADER = "Мощность {year}"


def canonical(text: str) -> str:
    """Headers and labels compared without case, punctuation, spaces and ё/е differences."""
    return re.sub(r"[\W_]+", "", text.lower().replace("ё", "е"))
