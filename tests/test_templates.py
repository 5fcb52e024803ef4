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
