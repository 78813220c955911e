"""Import of organizations, cluster members and products from xlsx/xls/ods/csv (UTF-8 or Windows-1251).

Two steps: ``preview_import`` reads and validates every row and says what it would do; ``apply_import``
writes all rows in one transaction or nothing at all. Errors name the file, the row as the spreadsheet
shows it, the column and what to do.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from cityorder.engine.reading.isolated import ReadLimits, call_isolated
from cityorder.engine.reading.tabular import TEXT_EXTENSIONS, Cell, UnreadableFile, read_tables
from cityorder.registry import access, services
from cityorder.registry.columns import COLUMNS, YEAR_COLUMN_RE, Column, ImportKind, canonical
from cityorder.registry.models import (
    Category,
    Cluster,
    Competency,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Product,
    ProductStatus,
    Unit,
)
from cityorder.web.stored_text import shown

__all__ = ["ImportKind", "ImportPreview", "ImportFailed", "preview_import", "apply_import"]


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class RowError:
    column: str
    message: str


@dataclass
class RowResult:
    row: int
    label: str
    action: Action = Action.CREATE
    errors: list[RowError] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    # What makes two rows of one file the same record (None: cannot tell, e.g. the reference is unknown).
    key: tuple[Any, ...] | None = None
    key_column: str = ""


@dataclass
class ImportPreview:
    kind: ImportKind
    filename: str
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(r.action != Action.ERROR for r in self.rows)

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def messages(self) -> list[str]:
        """Every problem as one line naming file, row and column."""
        lines = list(self.file_errors)
        for r in self.rows:
            for e in r.errors:
                lines.append(_("%(file)s, row %(row)s, column «%(column)s»: %(message)s")
                             % {"file": self.filename, "row": r.row, "column": e.column, "message": e.message})
        return lines


class ImportFailed(Exception):
    def __init__(self, preview: ImportPreview) -> None:
        super().__init__("\n".join(preview.messages()))
        self.preview = preview


def preview_import(
    kind: ImportKind | str, data: bytes, filename: str, *, actor: Any, encoding: str | None = None
) -> ImportPreview:
    """Read and check every row without writing anything.

    ``encoding`` forces the text encoding of a csv file (e.g. ``cp1251``); by default it is detected.
    """
    kind = ImportKind(kind)
    preview = ImportPreview(kind=kind, filename=Path(filename).name)
    allowed = access.can_import_products(actor) if kind == ImportKind.PRODUCTS else access.can_import_registry(actor)
    if not allowed:
        preview.file_errors.append(_("You may not import into the registry."))
        return preview
    if encoding and Path(filename).suffix.lower() in TEXT_EXTENSIONS:
        try:
            data = data.decode(encoding).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            preview.file_errors.append(
                _("%(file)s: the file is not in the encoding «%(encoding)s»; leave the encoding out to detect it, "
                  "or save the file as UTF-8 CSV.") % {"file": preview.filename, "encoding": encoding}
            )
            return preview
    try:
        # In the limited reading process: manufacturers upload these, and a hostile file must not take this
        # process down (IsolatedReadFailed is an UnreadableFile naming the file and the limit).
        sheets = call_isolated(read_tables, data, filename, filename=preview.filename,
                               limits=ReadLimits.from_settings(settings))
    except UnreadableFile as exc:
        preview.file_errors.append(shown(str(exc)))
        return preview
    grid = next((s.rows for s in sheets if any(any(c not in (None, "") for c in r) for r in s.rows)), [])
    located = _locate_header(grid, COLUMNS[kind])
    if located is None:
        required = ", ".join(f"«{c.header}»" for c in COLUMNS[kind] if c.required)
        preview.file_errors.append(
            _("%(file)s: no header row with the required columns %(cols)s was found in the first 20 rows; "
              "add them to the first row.") % {"file": preview.filename, "cols": required}
        )
        return preview
    header_index, columns, years = located
    validate = _VALIDATORS[kind]
    seen: dict[tuple[Any, ...], int] = {}
    for index in range(header_index + 1, len(grid)):
        cells = grid[index]
        if all(c in (None, "") or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        values = {name: _text(cells[i]) if i < len(cells) else "" for name, (i, _h) in columns.items()}
        headers = {name: h for name, (_i, h) in columns.items()}
        result = RowResult(row=index + 1, label="")
        year_values = {y: (_text(cells[i]) if i < len(cells) else "", h) for y, (i, h) in years.items()}
        validate(result, values, headers, year_values, actor)
        if result.key is not None:
            if result.key in seen:
                result.errors.append(RowError(result.key_column, _(
                    "the same record as row %(row)s; keep one of the two rows") % {"row": seen[result.key]}))
                result.action = Action.ERROR
            else:
                seen[result.key] = result.row
        preview.rows.append(result)
    return preview


@transaction.atomic
def apply_import(
    kind: ImportKind | str, data: bytes, filename: str, *, actor: Any, encoding: str | None = None
) -> ImportPreview:
    """Write every row or nothing: the preview is re-run inside the transaction and must be clean.

    Raises ``ImportFailed`` (carrying the preview with every error) when anything is wrong; then nothing is written.
    """
    preview = preview_import(kind, data, filename, actor=actor, encoding=encoding)
    if not preview.ok:
        raise ImportFailed(preview)
    writer = _WRITERS[preview.kind]
    for row in preview.rows:
        if row.action == Action.UNCHANGED:
            continue
        try:
            writer(row.values, actor)
        except (ValidationError, PermissionDenied) as exc:
            row.action = Action.ERROR
            row.errors.append(RowError(column="", message=_error_text(exc)))
            transaction.set_rollback(True)
            raise ImportFailed(preview) from exc
    return preview


# ---- reading helpers -------------------------------------------------------------------------------


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _locate_header(
    grid: list[list[Cell]], columns: tuple[Column, ...]
) -> tuple[int, dict[str, tuple[int, str]], dict[int, tuple[int, str]]] | None:
    synonyms = {canonical(s): col.name for col in columns for s in (col.header, *col.synonyms)}
    for index, cells in enumerate(grid[:20]):
        found: dict[str, tuple[int, str]] = {}
        years: dict[int, tuple[int, str]] = {}
        for i, cell in enumerate(cells):
            header = _text(cell)
            name = synonyms.get(canonical(header))
            if name and name not in found:
                found[name] = (i, header)
                continue
            match = YEAR_COLUMN_RE.match(header)
            if match:
                years[int(match.group("year"))] = (i, header)
        if all(c.name in found for c in columns if c.required):
            return index, found, years
    return None


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You may not change this.")


def _field_errors(result: RowResult, exc: ValidationError, headers: dict[str, str], model: Any = None) -> None:
    """Model validation errors as row errors under the header of the column they concern."""
    if not hasattr(exc, "error_dict"):
        result.errors.append(RowError(column="", message=" ".join(exc.messages)))
        return
    for name, errors in exc.error_dict.items():
        if name == NON_FIELD_ERRORS:
            column = ""
        elif name in headers:
            column = headers[name]
        else:
            column = str(model._meta.get_field(name).verbose_name) if model is not None else name
        texts = []
        for error in errors:
            if error.code in ("blank", "required", "null"):
                texts.append(_("the cell is empty; fill it in"))
            else:
                texts.extend(error.messages)
        result.errors.append(RowError(column=column, message=" ".join(texts)))


def _parse_date(raw: str) -> datetime.date | None:
    if not raw:
        return None
    raw = raw.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y"):
        try:
            return datetime.datetime.strptime(raw[:10] if pattern == "%Y-%m-%d" else raw, pattern).date()
        except ValueError:
            continue
    raise ValueError(raw)


def _parse_decimal(raw: str) -> Decimal | None:
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", raw).replace(",", ".")
    if not cleaned:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(raw) from None


def _choice(raw: str, choices: Any, default: str | None = None) -> str | None:
    """A choice by its code, its label in Russian or English, or a common Russian alias."""
    if not raw:
        return default
    key = canonical(raw)
    for value, label in choices.choices:
        if key == canonical(value) or key in _label_keys(label):
            return str(value)
    alias = _CHOICE_ALIASES.get(key)
    return str(alias) if alias is not None and alias in choices.values else None


def _label_keys(label: Any) -> set[str]:
    keys = {canonical(str(label))}
    for language in ("ru", "en"):
        with translation.override(language):
            keys.add(canonical(str(label)))
    return keys


_CHOICE_ALIASES = {canonical(k): v for k, v in {
    "Орган власти": OrganizationKind.GOVERNMENT_BODY, "Орган исполнительной власти": OrganizationKind.GOVERNMENT_BODY,
    "ОИВ": OrganizationKind.GOVERNMENT_BODY, "Подведомственная организация": OrganizationKind.SUBORDINATE,
    "Подведомственное учреждение": OrganizationKind.SUBORDINATE, "Компания": OrganizationKind.COMPANY,
    "Предприятие": OrganizationKind.COMPANY, "НИИ": OrganizationKind.RESEARCH,
    "Научная организация": OrganizationKind.RESEARCH, "Якорная компания": MembershipRole.ANCHOR,
    "Участник": MembershipRole.INDUSTRIAL, "Промышленный участник": MembershipRole.INDUSTRIAL,
    "Научный участник": MembershipRole.RESEARCH, "Инфраструктурный участник": MembershipRole.INFRASTRUCTURE,
    "Партнёр": MembershipRole.PARTNER, "шт": Unit.PIECE, "шт.": Unit.PIECE, "штук": Unit.PIECE,
    "компл": Unit.SET, "компл.": Unit.SET, "комплект": Unit.SET, "кВт·ч": Unit.KWH, "кВтч": Unit.KWH,
    "кг": Unit.KG, "м": Unit.METER, "упак": Unit.PACK, "Серийное производство": ProductStatus.SERIAL,
    "Серия": ProductStatus.SERIAL, "Опытное производство": ProductStatus.PILOT, "Разработка": ProductStatus.DEVELOPMENT,
}.items()}


def _reference(model: Any, ref: str) -> Any:
    """A competency, cluster or category by its code, or by its Russian or English name in any case.

    Names are compared in Python: SQLite folds only ASCII letters, and these tables are small.
    """
    exact = model.objects.filter(code=ref).first()
    if exact is not None:
        return exact
    key = canonical(ref)
    if not key:
        return None
    for obj in model.objects.all():
        if key in (canonical(obj.code), canonical(obj.name), canonical(obj.name_en or "")):
            return obj
    return None


def _competencies(raw: str, result: RowResult, header: str) -> list[Competency] | None:
    if not raw:
        return None
    found = []
    for part in (p.strip() for p in re.split(r"[;\n]", raw) if p.strip()):
        competency = _reference(Competency, part)
        if competency is None:
            result.errors.append(RowError(header, _("unknown competency «%(value)s»; use a code or name from the "
                                                    "competency list") % {"value": part}))
        else:
            found.append(competency)
    return found


def _finish(result: RowResult) -> None:
    if result.errors:
        result.action = Action.ERROR


# ---- organizations ---------------------------------------------------------------------------------

_ORG_FIELDS = ("inn", "ogrn", "kpp", "full_name", "short_name", "kind", "legal_address", "postal_address",
               "website", "email", "phone")


def _validate_organization(result: RowResult, values: dict[str, str], headers: dict[str, str],
                           _years: dict[int, tuple[str, str]], actor: Any) -> None:
    fields = {name: values.get(name, "") for name in _ORG_FIELDS if name in values}
    fields["short_name"] = fields.get("short_name") or fields.get("full_name", "")
    kind = _choice(values.get("kind", ""), OrganizationKind)
    if kind is None:
        result.errors.append(RowError(headers.get("kind", "kind"), _(
            "«%(value)s» is not a kind of organization; use «Орган власти», «Подведомственная организация», "
            "«Компания» or «НИИ»") % {"value": values.get("kind", "")}))
        kind = OrganizationKind.COMPANY
    fields["kind"] = kind
    result.label = fields["short_name"] or fields.get("inn", "")
    if fields.get("inn"):
        result.key, result.key_column = ("inn", fields["inn"]), headers.get("inn", "")
    existing = Organization.objects.filter(inn=fields.get("inn", "")).first()
    organization = existing or Organization()
    before = {name: getattr(organization, name) for name in fields} if existing else None
    registration_changed = access.registration_changes(existing, fields) if existing else []
    for name, value in fields.items():
        setattr(organization, name, value)
    try:
        organization.full_clean(exclude=["parent"])
    except ValidationError as exc:
        _field_errors(result, exc, headers, Organization)
    competencies = _competencies(values.get("competencies", ""), result, headers.get("competencies", ""))
    if existing and not access.can_edit_organization(actor, existing):
        result.errors.append(RowError(headers.get("inn", "inn"), _("you may not change this organization")))
    elif existing and not access.can_edit_registration(actor, existing):
        for name in registration_changed:
            result.errors.append(RowError(headers.get(name, name), _(
                "only the department changes this field; leave the value the registry has")))
    result.values = {"fields": fields, "competencies": competencies, "existing": existing}
    if existing:
        same_competencies = competencies is None or set(existing.competencies.all()) == set(competencies)
        result.action = Action.UNCHANGED if before == fields and same_competencies else Action.UPDATE
    _finish(result)


def _write_organization(values: dict[str, Any], actor: Any) -> None:
    if values["existing"]:
        services.organization_update(actor=actor, organization=values["existing"], competencies=values["competencies"],
                                     **values["fields"])
    else:
        services.organization_create(actor=actor, competencies=values["competencies"], **values["fields"])


# ---- cluster members -------------------------------------------------------------------------------


def _validate_member(result: RowResult, values: dict[str, str], headers: dict[str, str],
                     _years: dict[int, tuple[str, str]], actor: Any) -> None:
    cluster_ref = values.get("cluster", "")
    cluster = _reference(Cluster, cluster_ref) if cluster_ref else None
    if cluster is None:
        result.errors.append(RowError(headers["cluster"], _("unknown cluster «%(value)s»; use its code or name as "
                                                            "the registry shows it") % {"value": cluster_ref}))
    elif not access.can_manage_cluster(actor, cluster):
        result.errors.append(RowError(headers["cluster"], _("you may not change the members of this cluster")))
    # Looked up among the organizations the actor sees: one it may not see is «no organization», as a missing one.
    organization = access.visible_organizations(actor).filter(inn=values.get("inn", "")).first()
    if organization is None:
        result.errors.append(RowError(headers["inn"], _("no organization with INN «%(value)s» in the registry; "
                                                        "import it with the organizations first")
                                      % {"value": values.get("inn", "")}))
    role = _choice(values.get("role", ""), MembershipRole, default=MembershipRole.INDUSTRIAL)
    if role is None:
        result.errors.append(RowError(headers.get("role", ""), _("«%(value)s» is not a member role")
                                      % {"value": values.get("role", "")}))
    try:
        joined_on = _parse_date(values.get("joined_on", ""))
    except ValueError:
        joined_on = None
        result.errors.append(RowError(headers.get("joined_on", ""), _("«%(value)s» is not a date; write it as "
                                                                      "ДД.ММ.ГГГГ") % {"value": values["joined_on"]}))
    competencies = _competencies(values.get("competencies", ""), result, headers.get("competencies", ""))
    result.label = f"{organization or values.get('inn', '')} ∈ {cluster or cluster_ref}"
    if cluster and organization:
        result.key, result.key_column = (cluster.pk, organization.pk), headers["inn"]
        if competencies is not None and not (
            access.can_edit_organization(actor, organization)
            or (access.can_manage_cluster(actor, cluster) and not organization.is_customer)
        ):
            result.errors.append(RowError(headers.get("competencies", ""), _(
                "you may not change the competencies of this organization; leave the cell empty")))
    existing = Membership.objects.filter(cluster=cluster, organization=organization).first() if (
        cluster and organization) else None
    if existing:
        same = existing.role == role and existing.joined_on == joined_on and (
            competencies is None or set(existing.organization.competencies.all()) == set(competencies))
        result.action = Action.UNCHANGED if same else Action.UPDATE
    result.values = {"cluster": cluster, "organization": organization, "role": role, "joined_on": joined_on,
                     "competencies": competencies, "existing": existing}
    _finish(result)


def _write_member(values: dict[str, Any], actor: Any) -> None:
    if values["existing"]:
        services.membership_update(actor=actor, membership=values["existing"], role=values["role"],
                                   joined_on=values["joined_on"])
    else:
        services.membership_add(actor=actor, cluster=values["cluster"], organization=values["organization"],
                                role=values["role"], joined_on=values["joined_on"])
    if values["competencies"] is not None:
        services.organization_set_competencies(actor=actor, organization=values["organization"],
                                               competencies=values["competencies"])


# ---- products ----------------------------------------------------------------------------------------


def _validate_product(result: RowResult, values: dict[str, str], headers: dict[str, str],
                      years: dict[int, tuple[str, str]], actor: Any) -> None:
    # Looked up among the organizations the actor sees: one it may not see is «no organization», as a missing one.
    organization = access.visible_organizations(actor).filter(inn=values.get("inn", "")).first()
    if organization is None:
        result.errors.append(RowError(headers["inn"], _("no organization with INN «%(value)s» in the registry; "
                                                        "import it with the organizations first")
                                      % {"value": values.get("inn", "")}))
    elif not access.can_edit_products_of(actor, organization):
        result.errors.append(RowError(headers["inn"], _("you may not change the products of this organization")))
    category_ref = values.get("category", "")
    category = _reference(Category, category_ref) if category_ref else None
    if category is None:
        result.errors.append(RowError(headers["category"], _("unknown category «%(value)s»; use a code or name of "
                                                             "the nomenclature") % {"value": category_ref}))
    fields: dict[str, Any] = {"name": values.get("name", ""), "part_number": values.get("part_number", ""),
                              "okpd2": values.get("okpd2", ""), "registry_no": values.get("registry_no", ""),
                              "category": category}
    for name, choices, default in (("unit", Unit, Unit.PIECE), ("status", ProductStatus, ProductStatus.SERIAL)):
        fields[name] = _choice(values.get(name, ""), choices, default=default)
        if fields[name] is None:
            result.errors.append(RowError(headers.get(name, name), _("«%(value)s» is not an allowed value")
                                          % {"value": values.get(name, "")}))
    try:
        fields["readiness_date"] = _parse_date(values.get("readiness_date", ""))
    except ValueError:
        result.errors.append(RowError(headers.get("readiness_date", ""), _("«%(value)s» is not a date; write it as "
                                                                           "ДД.ММ.ГГГГ")
                                      % {"value": values["readiness_date"]}))
    capacities: dict[int, Decimal | None] = {}
    for year, (raw, header) in years.items():
        try:
            capacities[year] = _parse_decimal(raw)
        except ValueError:
            result.errors.append(RowError(header, _("«%(value)s» is not a number; enter the yearly capacity in the "
                                                    "product's units") % {"value": raw}))
            continue
        if capacities[year] is not None and capacities[year] < 0:  # type: ignore[operator]
            result.errors.append(RowError(header, _("capacity cannot be negative")))
    result.label = f"{fields['part_number']} {fields['name']}".strip()
    if values.get("inn") and fields["name"]:
        result.key = (values["inn"], fields["part_number"], fields["name"])
        result.key_column = headers["name"]
    existing = Product.objects.filter(organization=organization, name=fields["name"],
                                      part_number=fields["part_number"]).first() if organization else None
    product = existing or Product(organization=organization)
    if organization is not None and category is not None and not result.errors:
        before = {name: getattr(product, name) for name in fields} if existing else None
        for name, value in fields.items():
            setattr(product, name, value)
        try:
            product.full_clean(validate_unique=False)
        except ValidationError as exc:
            _field_errors(result, exc, headers, Product)
        if existing:
            old_caps = {c.year: c.quantity for c in existing.capacities.all()}
            same_caps = all(old_caps.get(y) == q for y, q in capacities.items())
            result.action = Action.UNCHANGED if before == fields and same_caps else Action.UPDATE
    result.values = {"organization": organization, "fields": fields, "capacities": capacities, "existing": existing}
    _finish(result)


def _write_product(values: dict[str, Any], actor: Any) -> None:
    product = values["existing"]
    if product:
        services.product_update(actor=actor, product=product, **values["fields"])
    else:
        product = services.product_create(actor=actor, organization=values["organization"], **values["fields"])
    for year, quantity in values["capacities"].items():
        services.capacity_set(actor=actor, product=product, year=year, quantity=quantity)


_VALIDATORS: dict[ImportKind, Callable[..., None]] = {
    ImportKind.ORGANIZATIONS: _validate_organization,
    ImportKind.MEMBERS: _validate_member,
    ImportKind.PRODUCTS: _validate_product,
}
_WRITERS: dict[ImportKind, Callable[[dict[str, Any], Any], None]] = {
    ImportKind.ORGANIZATIONS: _write_organization,
    ImportKind.MEMBERS: _write_member,
    ImportKind.PRODUCTS: _write_product,
}
