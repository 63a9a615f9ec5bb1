"""How answers are written (api/render.py): money to the fen, persons masked for rm; and keys hashed."""

from __future__ import annotations

import pytest

from api.render import MASKED_ID, mask_name, rows_of, tidy
from liantu.config import Role
from liantu.keys import KeyStore, hash_key, key_matches

PERSON = "a" * 63 + "f"


@pytest.mark.parametrize(("name", "masked"), [("张三明", "张*明"), ("欧阳小明", "欧**明"), ("李四", "李*"), ("王", "*"),
                                              ("", "*")])
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_money_is_rounded_to_the_fen_wherever_it_sits() -> None:
    answer = {"total": 18262952.360000003, "partners": [{"amount": 0.1 + 0.2, "tie_share": 0.123456789,
                                                          "evidence": [{"total": 1.005000001}]}],
              "month_totals": {"2024-01": 2.675000000001}, "paid_in_total": float("nan"), "pagerank": 0.333333333}
    out = tidy(answer, mask=False)
    assert out["total"] == 18262952.36 and out["partners"][0]["amount"] == 0.3
    assert out["partners"][0]["evidence"][0]["total"] == 1.01 and out["month_totals"]["2024-01"] == 2.68
    assert out["partners"][0]["tie_share"] == 0.123456789 and out["pagerank"] == 0.333333333  # not money
    assert out["paid_in_total"] is None


def test_masking_hides_person_names_and_ids_only_when_asked() -> None:
    answer = {"uscc": "91410100MA00000019", "name": "郑州宇通客车制造股份有限公司", "legal_representative": "张伟",
              "holders": [{"kind": "person", "id": PERSON, "name": "王芳", "stake": 0.6},
                          {"kind": "enterprise", "id": "91410100MA00000027", "name": "河南中原钢铁有限公司"}],
              "leads": [{"uscc": PERSON, "name": "李娜"}], "path": ["91410100MA00000019", PERSON],
              "person_id": PERSON}
    masked = tidy(answer, mask=True)
    assert masked["name"] == answer["name"] and masked["legal_representative"] == "张*"
    assert masked["holders"][0] == {"kind": "person", "id": MASKED_ID, "name": "王*", "stake": 0.6}
    assert masked["holders"][1]["name"] == "河南中原钢铁有限公司" and masked["holders"][1]["id"] == "91410100MA00000027"
    assert masked["leads"][0] == {"uscc": MASKED_ID, "name": "李*"} and masked["path"][1] == MASKED_ID
    assert masked["person_id"] is None and PERSON not in repr(masked)
    assert tidy(answer, mask=False) == answer


def test_rows_counts_the_longest_list() -> None:
    assert rows_of({"uscc": "x", "partners": [1, 2, 3], "notes": [1]}) == 3
    assert rows_of([1, 2]) == 2 and rows_of({"status": "ok"}) == 1


def test_keys_are_stored_as_scrypt_hashes_and_checked(tmp_path: object) -> None:
    stored = hash_key("lt_0123456789ab_secret")
    assert stored.startswith("scrypt$16384$8$1$") and "secret" not in stored
    assert key_matches("lt_0123456789ab_secret", stored) and not key_matches("lt_0123456789ab_secreT", stored)
    assert hash_key("same") != hash_key("same")  # salted


def test_key_store_create_identify_revoke(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    store = KeyStore(Path(str(tmp_path)) / "keys.json")
    identity, key = store.create(Role.RM, rm_id="RM0100001", name="RM app")
    assert store.identify(key) == identity and identity.rm_id == "RM0100001"
    assert store.identify(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert store.identify("not-a-key") is None
    store.revoke(identity.key_id)
    assert store.identify(key) is None
    with pytest.raises(Exception, match="needs its book"):
        store.create(Role.RM)
    with pytest.raises(Exception, match="only role rm"):
        store.create(Role.RISK, rm_id="RM1")
