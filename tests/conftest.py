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
