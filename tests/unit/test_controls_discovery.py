"""Controls are found by listing reports/controls/: every file is picked up, and a new one needs no other edit."""

from __future__ import annotations

from pathlib import Path

import pytest

import reports.controls
from reports.controls import discover, run_controls

FOLDER = Path(reports.controls.__file__).parent


def test_every_file_in_the_folder_is_a_discovered_control() -> None:
    files = {p.stem for p in FOLDER.glob("*.py") if p.stem != "__init__"}
    found = discover()
    assert {m.name for m in found} == files
    assert all(m.checks and m.resources for m in found)


def test_a_new_control_file_is_picked_up_with_no_other_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "zz_probe.py").write_text(
        "from reports.controls import control\n"
        "@control('zz_probe', 'probe', ['1.1'])\n"
        "def check(client, resource):\n    return True, {'seen': resource}\n"
        "RESOURCES = 'probes'\nSERVICE = ''\nCHECKS = [check]\n"
    )
    monkeypatch.setattr(reports.controls, "__path__", [*reports.controls.__path__, str(tmp_path)])
    results = run_controls(lambda name: None, {"probes": ["p1"]})
    assert [(r.id, r.resource, r.status) for r in results] == [("zz_probe", "p1", "pass")]


def test_a_control_file_without_its_declarations_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "zz_broken.py").write_text("CHECKS = []\n")
    monkeypatch.setattr(reports.controls, "__path__", [*reports.controls.__path__, str(tmp_path)])
    with pytest.raises(TypeError, match=r"zz_broken\.py: expected RESOURCES"):
        discover()
