"""The extraction bench pairs a register page's entries with its truth by number."""

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))  # the benches import ``this_code`` beside them
_SPEC = importlib.util.spec_from_file_location(
    "extract_bench", Path(__file__).resolve().parents[1] / "bench" / "extract_bench.py")
bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench)


def _entries(*numbers):
    return [{"register_number": SimpleNamespace(normalized=n)} for n in numbers]


def _truths(*numbers):
    return [{"register_number": n} for n in numbers]


def test_a_form_pairs_by_index():
    assert bench.pair_entries(_truths("1"), _entries("9"), "") == [0]
    assert bench.pair_entries(_truths("1"), [], "register_number") == [None]


def test_an_entry_read_into_the_one_before_is_lost_not_shifted():
    # entry 3 was read into entry 2: the pages's entries 4 and 5 keep their own truths
    assert bench.pair_entries(_truths("1", "2", "3", "4", "5"), _entries("1", "2", "4", "5"),
                              "register_number") == [0, 1, None, 2, 3]


def test_a_misread_number_is_paired_in_its_place():
    assert bench.pair_entries(_truths("1", "2", "3"), _entries("1", "Z", "3"), "register_number") == [0, 1, 2]
    # two truths for one unpaired entry: which one it is is unknown, both lost
    assert bench.pair_entries(_truths("1", "2", "3", "4"), _entries("1", "X", "4"),
                              "register_number") == [0, None, None, 2]


def test_an_entry_split_in_two_leaves_the_extra_one_unpaired():
    assert bench.pair_entries(_truths("1", "2", "3"), _entries("1", "2", "", "3"),
                              "register_number") == [0, 1, 3]


def test_a_bench_run_from_a_copy_of_the_repository_measures_that_copys_code(tmp_path):
    """A snapshot of another commit, its bench run with the environment's Python: the station it
    imports is the snapshot's, not the editable install's (the working tree)."""
    (tmp_path / "bench").mkdir()
    (tmp_path / "scanner_station").mkdir()
    (tmp_path / "scanner_station" / "__init__.py").write_text("SNAPSHOT = True\n")
    shutil.copy(BENCH / "this_code.py", tmp_path / "bench")
    (tmp_path / "bench" / "probe.py").write_text(
        "import this_code\nimport scanner_station\nprint(this_code.CODE, scanner_station.SNAPSHOT)\n")
    out = subprocess.run([sys.executable, str(tmp_path / "bench" / "probe.py")], capture_output=True,
                         text=True, cwd=tmp_path, check=True).stdout.split()
    assert Path(out[0]) == (tmp_path / "scanner_station").resolve() and out[1] == "True"
