from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cityorder.registry import identifiers as ids

# Real published identifiers of large companies (public registers): they must pass.
VALID_INN = ["7707083893", "7736050003", "500100732259"]
VALID_OGRN = ["1027700132195", "1027700070518", "304500116000157"]


@pytest.mark.parametrize("inn", VALID_INN)
def test_it_accepts_real_inns(inn):
    ids.validate_inn(inn)


@pytest.mark.parametrize("ogrn", VALID_OGRN)
def test_it_accepts_real_ogrns(ogrn):
    ids.validate_ogrn(ogrn)


@pytest.mark.parametrize(("inn", "code"), [("7707083894", "inn_checksum"), ("770708389", "inn_format"),
                                            ("77070838931", "inn_format"), ("77070838ab", "inn_format"),
                                            ("500100732258", "inn_checksum")])
def test_it_rejects_bad_inns_with_a_reason(inn, code):
    with pytest.raises(ValidationError) as exc:
        ids.validate_inn(inn)
    assert exc.value.code == code
    assert "INN" in exc.value.messages[0]


@pytest.mark.parametrize("ogrn", ["1027700132194", "102770013219", "304500116000158"])
def test_it_rejects_bad_ogrns(ogrn):
    with pytest.raises(ValidationError, match="OGRN"):
        ids.validate_ogrn(ogrn)


@pytest.mark.parametrize(("kpp", "ok"), [("770701001", True), ("7707AB001", True), ("77070100", False),
                                          ("7707ab001", False), ("77070100X", False)])
def test_kpp_format(kpp, ok):
    assert ids.kpp_is_valid(kpp) is ok


def test_entrepreneur_has_no_kpp_and_a_15_digit_ogrnip():
    with pytest.raises(ValidationError) as exc:
        ids.check_consistency(inn="500100732259", ogrn="1027700132195", kpp="770701001")
    assert set(exc.value.message_dict) == {"ogrn", "kpp"}


@given(st.from_regex(r"\A[1-9][0-9]{8}\Z"))
def test_completed_inn_is_valid_and_any_digit_change_breaks_it(first9):
    inn = ids.complete_inn10(first9)
    assert ids.inn_is_valid(inn)
    last = int(inn[-1])
    for other in range(10):
        if other != last:
            assert not ids.inn_is_valid(inn[:-1] + str(other))


@given(st.from_regex(r"\A[1-5][0-9]{11}\Z"))
def test_completed_ogrn_is_valid(first12):
    assert ids.ogrn_is_valid(ids.complete_ogrn13(first12))
