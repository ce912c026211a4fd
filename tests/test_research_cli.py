"""``beyou keygen``: a new private key file, never an overwrite, one-line errors."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from beyou_analytics.cli import main
from beyou_analytics.research import read_key


def test_keygen_creates_a_0600_key_that_read_key_accepts(tmp_path: Path, capsys) -> None:
    target = tmp_path / "practice.key"
    with pytest.raises(SystemExit) as info:
        main(["keygen", "--out", str(target)])
    assert info.value.code == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert len(read_key(target)) == 32
    assert "Created key file" in capsys.readouterr().out


def test_keygen_refuses_to_overwrite_with_one_line(tmp_path: Path, capsys) -> None:
    target = tmp_path / "practice.key"
    target.write_text("a" * 64)
    with pytest.raises(SystemExit) as info:
        main(["keygen", "--out", str(target)])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: key file") and "refusing to overwrite" in err
    assert "\n" not in err and "Traceback" not in err
    assert target.read_text() == "a" * 64


def test_keygen_into_a_missing_folder_is_one_line(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["keygen", "--out", str(tmp_path / "nope" / "k")])
    assert "folder" in capsys.readouterr().err and not (tmp_path / "nope").exists()
