"""Synthetic export records (the package schema's shape) for import tests and benchmarks.

Deterministic for a seed; every record carries a valid-looking 12-digit ID number
(province code, century/sex digit, birth year, serial), Vietnamese names and places.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Thu", "Quốc", "Bảo"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Hằng", "Hương", "Khôi", "Lan", "Mai", "Nam", "Phúc",
         "Quỳnh", "Sơn", "Thảo", "Tuấn", "Uyên", "Việt", "Xuân", "Yến"]
PLACES = ["xã Tân Phú, huyện Đồng Xoài, tỉnh Bình Phước", "phường Đông Hưng, tỉnh Thái Bình",
          "xã Hoà Bình, huyện Kim Bôi, tỉnh Hoà Bình", "thị trấn Phố Lu, huyện Bảo Thắng, tỉnh Lào Cai"]


def _field(value: str, normalized: str | None = None, status: str = "confirmed") -> dict[str, Any]:
    return {"value": value, "normalized": value if normalized is None else normalized, "status": status,
            "confidence": 0.98, "set_by": "clerk1", "verified_by": "supervisor1", "page": 1,
            "bbox": [120, 300, 900, 340], "messages": []}


def fake_records(n: int, seed: int = 0, office: str = "UBND xã Tân Phú", book: str = "so-ks-2001") -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        year = rng.randint(1950, 2020)
        sex = rng.choice(["Nam", "Nữ"])
        century_sex = (0 if year < 2000 else 2) + (0 if sex == "Nam" else 1)
        pid = f"{rng.choice([1, 26, 34, 79]):03d}{century_sex}{year % 100:02d}{(seed * 1_000_003 + i) % 1_000_000:06d}"
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        dob = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        sha = hashlib.sha256(f"{seed}-{i}".encode()).hexdigest()
        out.append({
            "key": pid, "key_kind": "personal_id", "template": "civil.birth_extract", "state": "verified",
            "persons": [{"personal_id": pid, "role": "subject", "name": name, "birth": dob, "sex": sex}],
            "provenance": {"office": office, "book_type": "khai sinh", "volume": "01", "year": str(year),
                           "batch": book, "file_sha256": sha, "file_name": f"trang-{i + 1:05d}.tif",
                           "pages": [1], "entry": 1},
            "fields": {"full_name": _field(name), "date_of_birth": _field(
                           f"ngày {dob[8:]} tháng {dob[5:7]} năm {dob[:4]}", dob),
                       "sex": _field(sex), "place_of_birth": _field(rng.choice(PLACES), status="uncertain"),
                       "personal_id": _field(pid)}})
    return out
