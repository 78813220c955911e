"""Russian company identifiers: INN, OGRN/OGRNIP and KPP, checked by their published algorithms.

Each validator raises ``ValidationError`` with a message that names the identifier and says
what is wrong, so an import report and a form show the same words.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_KPP_RE = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(inn: str) -> bool:
    if not inn.isdigit() or not inn.isascii():
        return False
    if len(inn) == 10:
        return _check_digit(inn, _INN10_WEIGHTS) == int(inn[9])
    if len(inn) == 12:
        return (
            _check_digit(inn, _INN12_WEIGHTS_11) == int(inn[10])
            and _check_digit(inn, _INN12_WEIGHTS_12) == int(inn[11])
        )
    return False


def ogrn_is_valid(ogrn: str) -> bool:
    if not ogrn.isdigit() or not ogrn.isascii():
        return False
    if len(ogrn) == 13:
        return int(ogrn[:12]) % 11 % 10 == int(ogrn[12])
    if len(ogrn) == 15:
        return int(ogrn[:14]) % 13 % 10 == int(ogrn[14])
    return False


def kpp_is_valid(kpp: str) -> bool:
    return bool(_KPP_RE.match(kpp))


def validate_inn(value: str) -> None:
    if not value.isdigit() or len(value) not in (10, 12):
        raise ValidationError(
            _("INN must be 10 digits (legal entity) or 12 digits (individual), got «%(value)s»."),
            code="inn_format", params={"value": value},
        )
    if not inn_is_valid(value):
        raise ValidationError(
            _("INN «%(value)s» fails its checksum: check the digits against the registration certificate."),
            code="inn_checksum", params={"value": value},
        )


def validate_ogrn(value: str) -> None:
    if not value.isdigit() or len(value) not in (13, 15):
        raise ValidationError(
            _("OGRN must be 13 digits (OGRN) or 15 digits (OGRNIP), got «%(value)s»."),
            code="ogrn_format", params={"value": value},
        )
    if not ogrn_is_valid(value):
        raise ValidationError(
            _("OGRN «%(value)s» fails its checksum: check the digits against the state register extract."),
            code="ogrn_checksum", params={"value": value},
        )


def validate_kpp(value: str) -> None:
    if not kpp_is_valid(value):
        raise ValidationError(
            _("KPP must be 9 characters: 4 digits, 2 digits or capital Latin letters, 3 digits; got «%(value)s»."),
            code="kpp_format", params={"value": value},
        )


def check_consistency(*, inn: str, ogrn: str, kpp: str) -> None:
    """An entity is either a legal entity (INN 10, OGRN 13, KPP) or an entrepreneur (INN 12, OGRNIP 15)."""
    errors: dict[str, str] = {}
    if len(inn) == 12 and ogrn and len(ogrn) == 13:
        errors["ogrn"] = _("An individual entrepreneur (12-digit INN) has a 15-digit OGRNIP, not a 13-digit OGRN.")
    if len(inn) == 10 and ogrn and len(ogrn) == 15:
        errors["ogrn"] = _("A legal entity (10-digit INN) has a 13-digit OGRN, not a 15-digit OGRNIP.")
    if len(inn) == 12 and kpp:
        errors["kpp"] = _("An individual entrepreneur (12-digit INN) has no KPP.")
    if errors:
        raise ValidationError(errors)


def complete_inn10(first9: str) -> str:
    """The valid 10-digit INN that starts with these nine digits (used to make demo organizations)."""
    return first9 + str(_check_digit(first9, _INN10_WEIGHTS))


def complete_ogrn13(first12: str) -> str:
    return first12 + str(int(first12) % 11 % 10)
