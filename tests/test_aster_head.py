"""AsterOCR's reading head fine-tuned on more hands (``ocr_models/asternet_hands``): loaded into
the wheel's own graph, read with, and refused clearly when it is unreadable or does not fit."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import line_crop
from scanner_station.domain.errors import ModelError
from scanner_station.ocr import aster, models
from scanner_station.ocr.aster import AsterRecognizer
from scanner_station.synth.pages import block_hand_fonts, cursive_fonts


def _without_head(monkeypatch) -> None:
    real = models.files_for
    monkeypatch.setattr(models, "files_for",
                        lambda engine, manifest=None: {k: v for k, v in real(engine, manifest).items()
                                                       if k != aster.HEAD})


def test_the_manifest_head_changes_what_the_graph_computes(monkeypatch):
    tuned = AsterRecognizer(lexicon=False)
    assert tuned._head, "the manifest lists the fine-tuned head and the recogniser loads it"
    _without_head(monkeypatch)
    wheel = AsterRecognizer(lexicon=False)
    assert not wheel._head
    x = AsterRecognizer._prep(line_crop("Trần Văn Quang", cursive_fonts()[0], width=1800))[None]
    a = tuned._session.run(None, {tuned._input: x})[0]
    b = wheel._session.run(None, {wheel._input: x})[0]
    assert a.shape == b.shape and np.abs(a - b).max() > 0.01


@pytest.mark.parametrize("text", ["Nguyễn Thị Hằng", "xã Tân Phú, huyện Đức Hòa", "12/03/1985"])
def test_the_tuned_head_reads_development_hands(text):
    """Read exactly in each development hand (a head with its LSTM gates or weights misplaced
    reads garbage)."""
    rec = AsterRecognizer(lexicon=False)
    for font in cursive_fonts() + block_hand_fonts():
        assert rec.read([line_crop(text, font, width=1800)])[0].text == text, font.name


@pytest.mark.parametrize("content", [b"not a zip archive", b"PK\x03\x04" + b"cut short" * 5])
def test_an_unreadable_head_says_which_file_and_how_to_restore_it(tmp_path, content):
    bad = tmp_path / "head.npz"
    bad.write_bytes(content)
    with pytest.raises(ModelError) as exc:
        aster._head_arrays(bad)
    assert "head" in exc.value.message and "asternet_hands" in exc.value.hint


def _head_file(tmp_path, monkeypatch, weights: dict) -> None:
    monkeypatch.setattr(aster, "_cache_dir", lambda: tmp_path / "cache")
    path = tmp_path / "head.npz"
    np.savez(path, **weights)
    real = models.files_for
    monkeypatch.setattr(models, "files_for",
                        lambda engine, manifest=None: {**real(engine, manifest), aster.HEAD: path})


def test_a_head_that_does_not_fit_the_graph_is_refused_at_start(tmp_path, monkeypatch):
    _head_file(tmp_path, monkeypatch, {"classifier.bias": np.zeros(5, np.float32)})  # the graph's has 227
    with pytest.raises(ModelError) as exc:
        AsterRecognizer(lexicon=False)
    assert "does not fit" in exc.value.message and "install" in exc.value.hint


def test_a_head_naming_a_weight_the_graph_lacks_is_refused(tmp_path, monkeypatch):
    """onnxruntime's own initializer override passes over such a name without a word: the head
    would read as the wheel does while the manifest says it is tuned."""
    _head_file(tmp_path, monkeypatch, {"no.such.weight": np.zeros(3, np.float32)})
    with pytest.raises(ModelError) as exc:
        AsterRecognizer(lexicon=False)
    assert "does not fit" in exc.value.message


def test_a_convolutions_tuned_weights_are_read_with(tmp_path, monkeypatch):
    """A head may carry the backbone's last convolutions: they must change what is computed
    (onnxruntime ignores an override of a convolution's weights once it has repacked them)."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(models.files_for("aster")["asternet-vi"])).graph
    conv = next(n for n in graph.node if n.name == "/backbone/layer4/layer4.1/Conv")
    weight = next(i for i in graph.initializer if i.name == conv.input[1])
    x = AsterRecognizer._prep(line_crop("Trần Văn Quang", cursive_fonts()[0], width=1800))[None]
    outputs = []
    for scale in (1.0, 0.5):
        _head_file(tmp_path, monkeypatch, {weight.name: numpy_helper.to_array(weight) * scale})
        rec = AsterRecognizer(lexicon=False)
        assert rec._head == (weight.name,)
        outputs.append(rec._session.run(None, {rec._input: x})[0])
    assert np.abs(outputs[0] - outputs[1]).max() > 0.1


def test_the_tuned_graph_is_kept_and_a_damaged_copy_written_again(tmp_path, monkeypatch):
    """A later start loads the rewritten graph from the cache; a copy that no longer matches its
    SHA-256 is not read with but written again; a former head's graph is not kept."""
    monkeypatch.setattr(aster, "_cache_dir", lambda: tmp_path)
    (tmp_path / "asternet-0123456789abcdef0123.onnx").write_bytes(b"a former head's graph")
    paths = models.files_for("aster")
    first, names = aster.tuned_graph(paths["asternet-vi"], paths[aster.HEAD])
    assert isinstance(first, bytes) and names
    (kept,) = tmp_path.glob("*.onnx")
    again, _ = aster.tuned_graph(paths["asternet-vi"], paths[aster.HEAD])
    assert again == str(kept)
    kept.write_bytes(first[:-100] + b"x" * 100)
    third, _ = aster.tuned_graph(paths["asternet-vi"], paths[aster.HEAD])
    assert third == first and kept.read_bytes() == first
