"""Test helpers for code that talks to the Messages API: a mock server handle and a pytest
plugin (`sendwire.testing.pytest_plugin`, enabled automatically when sendwire is installed).
"""

from .handle import MockServer
from .process import MockProcess

__all__ = ["MockProcess", "MockServer"]
