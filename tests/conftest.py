import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from assessor.framework import Framework, default_framework

from mini_catalogue import mini


@pytest.fixture(scope="session")
def mini_fw() -> Framework:
    return mini()


@pytest.fixture(scope="session")
def framework() -> Framework:
    return default_framework()


@pytest.fixture()
def workspace(tmp_path, monkeypatch) -> Path:
    """A fresh workspace file of the test's own, named by ASSESSOR_WORKSPACE as the app and the CLI read it."""
    path = tmp_path / "workspace.sqlite3"
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(path))
    return path
