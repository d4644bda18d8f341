"""docs/client.md's status -> error table is errors.STATUS_ERRORS, as the code has it (one table, copied once)."""

from __future__ import annotations

import re
from pathlib import Path

from hamr_client import errors
from hypothesis import given
from hypothesis import strategies as st

DOCS = Path(__file__).resolve().parents[2] / "docs" / "client.md"
_ROW = re.compile(r"^\| (\d{3}|other 5xx) \| `(\w+)`", re.MULTILINE)


def _documented() -> dict[str, str]:
    table = DOCS.read_text().split('<a id="status-errors"></a>', 1)[1].split("\n\n", 2)[1]
    return dict(_ROW.findall(table))


def test_the_docs_table_is_the_codes() -> None:
    documented = _documented()
    other = documented.pop("other 5xx")
    assert {int(status): name for status, name in documented.items()} == {
        status: cls.__name__ for status, cls in errors.STATUS_ERRORS.items()
    }
    assert other == errors.InternalServerError.__name__


@given(st.integers(500, 599))
def test_every_5xx_without_a_row_raises_the_other_5xx_row(status: int) -> None:
    expected = errors.STATUS_ERRORS.get(status, errors.InternalServerError)
    assert errors.error_class(status) is expected
    assert expected.__name__ in _documented().values()
