"""The Python examples of README.md, docs/client.md and the package's README run as written, against the fake.

Each file's blocks run in order in one namespace (a later block uses the ``client`` an earlier one
built), with ``datadog_client`` answering from a ``HamrFake`` that holds a connection: whatever
site, URL or keys an example names, nothing leaves the process. ``log`` and ``page_the_on_call``,
which the guide leaves to the reader, are given.
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path
from typing import Any

import hamr_client
import hamr_client.client
import pytest
from hamr_client import AuthenticatedClient, models
from hamr_client.api.high_availability_multi_region import create_hamr_org_connection
from hamr_client.testing import HamrFake, examples

ROOT = Path(__file__).resolve().parents[2]
GUIDES = [ROOT / "README.md", ROOT / "docs" / "client.md", ROOT / "generated" / "README.md"]
# Where and how an example sends its requests: to the fake, on its transport, whatever it names.
WHERE = ("site", "base_url", "api_key", "app_key", "allow_insecure_http", "async_transport")


def blocks(path: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", path.read_text(), flags=re.DOTALL | re.MULTILINE)


@pytest.mark.parametrize("guide", GUIDES, ids=[str(path.relative_to(ROOT)) for path in GUIDES])
def test_the_guides_examples_run(guide: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = blocks(guide)
    assert found, f"{guide.name} lost its python examples"
    fake = HamrFake()
    body = models.HamrOrgConnectionRequest.from_dict(examples.CONNECTION_REQUEST)
    create_hamr_org_connection.sync(client=fake.client(), body=body)

    def on_the_fake(**options: Any) -> AuthenticatedClient:
        return fake.client(**{name: value for name, value in options.items() if name not in WHERE})

    monkeypatch.setattr(hamr_client, "datadog_client", on_the_fake)
    monkeypatch.setattr(hamr_client.client, "datadog_client", on_the_fake)
    pages: list[str] = []
    namespace: dict[str, Any] = {"log": logging.getLogger("guide"), "page_the_on_call": pages.append}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for index, source in enumerate(found):
            exec(compile(source, f"{guide.name} example {index + 1}", "exec"), namespace)  # noqa: S102 -- our docs
    assert fake.requests > 1, f"{guide.name}'s examples never called the API"
