from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass as _dataclass
from dataclasses import field as _field
from typing import TYPE_CHECKING, Any, TypeVar

from ..parsing import Check, Expect, as_object, nested, set_checked, wrong_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="JSONAPIErrorItem")


# The check of each field that has one (the JSON key it names, what the spec allows), built once.
_CHECKS: dict[str, Check] = {
    "detail": Expect("detail", "a string", str, optional=True),
    "meta": Expect(
        "meta",
        "a JSONAPIErrorItemMeta",
        lazy=("hamr_client.models.jsonapi_error_item_meta", "JSONAPIErrorItemMeta"),
        optional=True,
    ),
    "source": Expect(
        "source",
        "a JSONAPIErrorItemSource",
        lazy=("hamr_client.models.jsonapi_error_item_source", "JSONAPIErrorItemSource"),
        optional=True,
    ),
    "status": Expect("status", "a string", str, optional=True),
    "title": Expect("title", "a string", str, optional=True),
}


@_dataclass(slots=True, weakref_slot=True)
class JSONAPIErrorItem:
    """API error response.

    Attributes:
        detail (str | Unset): A human-readable explanation specific to this occurrence of the error. Example: Missing
            required attribute in body.
        meta (JSONAPIErrorItemMeta | Unset): Non-standard meta-information about the error
        source (JSONAPIErrorItemSource | Unset): References to the source of the error.
        status (str | Unset): Status code of the response. Example: 400.
        title (str | Unset): Short human-readable summary of the error. Example: Bad Request.
    """

    detail: str | Unset = _field(
        default=UNSET,
        metadata={
            "key": "detail",
            "description": "A human-readable explanation specific to this occurrence of the error.",
        },
    )
    meta: JSONAPIErrorItemMeta | Unset = _field(
        default=UNSET, metadata={"key": "meta", "description": "Non-standard meta-information about the error"}
    )
    source: JSONAPIErrorItemSource | Unset = _field(
        default=UNSET, metadata={"key": "source", "description": "References to the source of the error."}
    )
    status: str | Unset = _field(
        default=UNSET, metadata={"key": "status", "description": "Status code of the response."}
    )
    title: str | Unset = _field(
        default=UNSET, metadata={"key": "title", "description": "Short human-readable summary of the error."}
    )
    # No check: from_dict sets this once per object, and the values are free-form.
    additional_properties: dict[str, Any] = _field(init=False, default_factory=dict)

    if not TYPE_CHECKING:  # hidden from type checkers, which would then let any attribute name be assigned

        def __setattr__(self, name: str, value: Any) -> None:
            set_checked(self, _CHECKS, name, value)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of this model, as the spec writes it (extra properties included)."""
        detail = self.detail

        meta: dict[str, Any] | Unset = UNSET
        if not isinstance(self.meta, Unset):
            meta = self.meta.to_dict()

        source: dict[str, Any] | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.to_dict()

        status = self.status

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if detail is not UNSET:
            field_dict["detail"] = detail
        if meta is not UNSET:
            field_dict["meta"] = meta
        if source is not UNSET:
            field_dict["source"] = source
        if status is not UNSET:
            field_dict["status"] = status
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a JSON document, every property checked; SchemaViolation (with a JSON pointer) if off the spec."""
        d = as_object(src_dict)
        detail = d.pop("detail", UNSET)
        if detail is not UNSET:
            if not isinstance(detail, str):
                raise wrong_type("detail", "a string", detail)

        meta = d.pop("meta", UNSET)
        if meta is not UNSET:
            meta = nested(JSONAPIErrorItemMeta.from_dict, meta, "meta")
        source = d.pop("source", UNSET)
        if source is not UNSET:
            source = nested(JSONAPIErrorItemSource.from_dict, source, "source")
        status = d.pop("status", UNSET)
        if status is not UNSET:
            if not isinstance(status, str):
                raise wrong_type("status", "a string", status)

        title = d.pop("title", UNSET)
        if title is not UNSET:
            if not isinstance(title, str):
                raise wrong_type("title", "a string", title)

        # Every value was checked above: build without re-running the field checks, which guard
        # construction and assignment by users.
        jsonapi_error_item = cls.__new__(cls)
        object.__setattr__(jsonapi_error_item, "detail", detail)
        object.__setattr__(jsonapi_error_item, "meta", meta)
        object.__setattr__(jsonapi_error_item, "source", source)
        object.__setattr__(jsonapi_error_item, "status", status)
        object.__setattr__(jsonapi_error_item, "title", title)

        object.__setattr__(jsonapi_error_item, "additional_properties", d)
        return jsonapi_error_item

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# Imported last, once: models may refer to each other, and an import inside from_dict/to_dict
# would cost more than the rest of parsing a small object.
from ..models.jsonapi_error_item_meta import JSONAPIErrorItemMeta  # noqa: E402
from ..models.jsonapi_error_item_source import JSONAPIErrorItemSource  # noqa: E402
