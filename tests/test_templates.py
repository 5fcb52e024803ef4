"""Form templates as data: the shipped ones load; bad ones are refused with file, line and key."""

import subprocess

import pytest

from conftest import BIN
from scanner_station.extraction.templates import TemplateError, load_all, load_template

GOOD = '''[template]
id = "civil.test"
version = 1
family = "civil_status"
title = "Thử"
cues = ["TRÍCH LỤC"]

[[field]]
key = "full_name"
labels = ["Họ và tên"]
type = "name"
required = true
'''


def test_shipped_templates_load():
    ids = {t.id for t in load_all()}
    assert {"civil.birth_extract", "land.gcn", "procedure.result"} <= ids
    birth = next(t for t in load_all() if t.id == "civil.birth_extract")
    keys = {f.key for f in birth.fields}
    assert {"full_name", "date_of_birth", "personal_id", "registration_date", "book_volume"} <= keys


def test_good_template(tmp_path):
    p = tmp_path / "t.toml"
    p.write_text(GOOD, "utf-8")
    t = load_template(p)
    assert t.fields[0].key == "full_name" and t.fields[0].required


@pytest.mark.parametrize("change, expected", [
    (("required = true", "required = true\ncolour = \"red\""), "line 13, field 1 'full_name': unknown key 'colour'"),
    (('type = "name"', 'type = "nam"'), "unknown type 'nam'"),
    (('family = "civil_status"', 'family = "civil"'), "line 4, unknown family 'civil'"),
    (('id = "civil.test"', 'id = "Civil Test"'), "'template.id' must look like"),
    (("version = 1", "version = \"one\""), "'template.version' must be int"),
    (('title = "Thử"', 'title = "Thử"\nextra = 1'), "unknown key 'template.extra'"),
    (('cues = ["TRÍCH LỤC"]', 'cues = ["TRÍCH LỤC"'), "TOML syntax"),
    (('cues = ["TRÍCH LỤC"]', 'cues = ["TRÍCH LỤC", " "]'), "'template.cues' must be non-empty strings"),
])
def test_bad_template_names_file_line_and_key(tmp_path, change, expected):
    p = tmp_path / "bad.toml"
    p.write_text(GOOD.replace(*change), "utf-8")
    with pytest.raises(TemplateError) as exc:
        load_template(p)
    text = str(exc.value)
    assert "bad.toml" in text and expected in text


def test_templates_cli(tmp_path):
    res = subprocess.run([str(BIN / "scanner-station"), "templates", "list"], capture_output=True, text=True)
    assert res.returncode == 0 and "civil.birth_extract" in res.stdout
    bad = tmp_path / "x.toml"
    bad.write_text(GOOD.replace('type = "name"', 'type = "nam"'), "utf-8")
    res = subprocess.run([str(BIN / "scanner-station"), "templates", "check", str(bad)],
                         capture_output=True, text=True)
    assert res.returncode != 0 and "unknown type 'nam'" in res.stderr and "Traceback" not in res.stderr


def test_a_field_may_name_a_shipped_value_list_and_nothing_else(tmp_path):
    from scanner_station.extraction.templates import field_values, value_lists
    assert {"land_use_form", "land_use_origin", "nationality"} <= set(value_lists())
    assert field_values("land_use_form") == ["Sử dụng riêng", "Sử dụng chung"]
    base = ('[template]\nid = "land.test"\nversion = 1\nfamily = "land"\ntitle = "Thử"\ncues = ["A"]\n\n'
            '[[field]]\nkey = "form"\nlabels = ["Hình thức"]\ntype = "text"\n')
    good = tmp_path / "good.toml"
    good.write_text(base + 'values = "land_use_form"\n', "utf-8")
    assert load_template(good).fields[0].values == "land_use_form"
    bad = tmp_path / "bad.toml"
    bad.write_text(base + 'values = "colours"\n', "utf-8")
    with pytest.raises(TemplateError) as err:
        load_template(bad)
    assert "'values' names a value list" in str(err.value) and "land_use_origin" in str(err.value)
    # a document number's symbols: capitals, for a document number only
    bad.write_text(base + 'symbols = ["GBT"]\n', "utf-8")
    with pytest.raises(TemplateError, match="'symbols' are a document number's symbols"):
        load_template(bad)
    numbered = base.replace('type = "text"', 'type = "document_number"')
    bad.write_text(numbered + 'symbols = ["gbt"]\n', "utf-8")
    with pytest.raises(TemplateError, match="'symbols' are a document number's symbols"):
        load_template(bad)
    good.write_text(numbered + 'symbols = ["GBT", "QĐ-UBND"]\n', "utf-8")
    assert load_template(good).fields[0].symbols == ("GBT", "QĐ-UBND")
