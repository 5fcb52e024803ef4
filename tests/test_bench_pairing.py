"""The extraction bench pairs a register page's entries with its truth by number."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

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
