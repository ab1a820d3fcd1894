"""A local, stateful Messages API server driven by the OpenAPI spec (`sendwire[mock]`)."""

from .app import MockApp, create_app
from .config import DEV_ACCOUNT, Account, ApiKey, Faults, MockConfig

__all__ = ["DEV_ACCOUNT", "Account", "ApiKey", "Faults", "MockApp", "MockConfig", "create_app"]
