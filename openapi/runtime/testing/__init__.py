"""A test kit for code that uses ``hamr_client``: ``pip install "hamr-client[testing]"``.

- :class:`HamrFake`: a stateful fake of Datadog's HAMR API, faithful to the spec (the contract
  gate runs schemathesis against it); ``fake.client()`` is a ``datadog_client`` wired to it
  in-process, ``fake.app`` the same fake as an ASGI app, ``fake.fail_next(503)`` injects errors.
- the pytest fixture ``hamr_fake``: a fresh ``HamrFake`` per test (plugin registered on install).
- :func:`serve` and ``python -m hamr_client.testing --port 8126``: the fake over HTTP on loopback.
- :mod:`~hamr_client.testing.examples`: the spec's documented example bodies.

See docs/testing.md.
"""

from __future__ import annotations

from . import examples
from .fake import HamrFake
from .server import serve

__all__ = ["HamrFake", "examples", "serve"]
