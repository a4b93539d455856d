"""OpenAPI schemas of msgspec Structs, written from msgspec's own type information.

Litestar 2.25's Struct plugin loses what msgspec enforces, so its schema promised more than
the service accepts (schemathesis then sent "valid" bodies that got a 400):
- `Meta` bounds below the top level are dropped: inside `X | None` (`headcount ≥ 0`), on
  list items (`judges: list[Code]`, min_length 1) and on dict values (`panel_size` ≥ 1);
- `forbid_unknown_fields=True` is not published as `additionalProperties: false`;
- an empty-list or empty-dict default (`bands: list[Band] = []`) makes it raise TypeError
  (`field.default not in {NODEFAULT, UNSET}` is a set lookup).

This plugin walks `msgspec.inspect` types instead, so every bound msgspec checks is in the
schema. Nested Structs still go through Litestar's registry, so each is one named component.
"""

from __future__ import annotations

from typing import Any

import msgspec
import msgspec.inspect as mi
from litestar.openapi.spec import OpenAPIType, Reference, Schema
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition

from contests.fields import FREE_TEXT_PATTERN

# an exact decimal written as text, e.g. "2.5" or "-0.25": what a Decimal field is sent and answered as
DECIMAL_PATTERN = r"^-?[0-9]{1,12}(\.[0-9]{1,12})?(?![\s\S])"

# msgspec type → (OpenAPI type, format); None: any value
_SIMPLE: dict[type, tuple[OpenAPIType | None, str | None]] = {
    mi.AnyType: (None, None),
    mi.NoneType: (OpenAPIType.NULL, None),
    mi.BoolType: (OpenAPIType.BOOLEAN, None),
    mi.DateTimeType: (OpenAPIType.STRING, "date-time"),
    mi.DateType: (OpenAPIType.STRING, "date"),
    mi.UUIDType: (OpenAPIType.STRING, "uuid"),
}


class StrictStructSchemaPlugin(OpenAPISchemaPlugin):
    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return not field_definition.is_union and field_definition.is_subclass_of(msgspec.Struct)

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        info: mi.StructType = mi.type_info(field_definition.type_)  # type: ignore[assignment]
        required = sorted([f.encode_name for f in info.fields if f.required] + ([info.tag_field] if info.tag_field else []))
        # registers the component (so self-references work) before its properties are built
        schema = schema_creator.create_component_schema(field_definition, required=required, property_fields={})
        properties: dict[str, Schema | Reference] = {}
        if info.tag_field:
            properties[info.tag_field] = Schema(type=OpenAPIType.STRING, const=info.tag, enum=[info.tag])
        for field in info.fields:
            properties[field.encode_name] = _with_default(_schema(field.type, schema_creator), field)
        schema.properties = properties
        if info.forbid_unknown_fields:
            schema.additional_properties = False
        return schema


def _with_default(schema: Schema | Reference, field: mi.Field) -> Schema | Reference:
    if field.required or isinstance(schema, Reference):
        return schema
    if field.default is msgspec.NODEFAULT and field.default_factory is msgspec.NODEFAULT:
        return schema  # an UNSET default: msgspec.inspect reports no default, and the field is left out when unset
    default = field.default if field.default is not msgspec.NODEFAULT else field.default_factory()
    if default is msgspec.UNSET:
        return schema
    schema.default = msgspec.to_builtins(default)
    return schema


def _schema(t: mi.Type, creator: Any) -> Schema | Reference:
    """The OpenAPI schema of one msgspec type, bounds included."""
    if isinstance(t, mi.Metadata):
        schema = _schema(t.type, creator)
        if isinstance(schema, Schema) and t.extra_json_schema:
            for key in ("title", "description", "examples"):
                if key in t.extra_json_schema:
                    setattr(schema, key, t.extra_json_schema[key])
        return schema
    if type(t) in _SIMPLE:
        kind, fmt = _SIMPLE[type(t)]
        return Schema(type=kind, format=fmt)  # type: ignore[arg-type]
    if isinstance(t, mi.DecimalType):
        # msgspec decodes a Decimal from a JSON number or a numeric string, and encodes it as a string
        return Schema(one_of=[Schema(type=OpenAPIType.NUMBER), Schema(type=OpenAPIType.STRING, pattern=DECIMAL_PATTERN)])
    if isinstance(t, mi.IntType):
        return _numeric(OpenAPIType.INTEGER, t)
    if isinstance(t, mi.FloatType):
        return _numeric(OpenAPIType.NUMBER, t)
    if isinstance(t, mi.StrType):
        # a text with no pattern of its own still holds no control character: api.bodies refuses one in any body
        return Schema(type=OpenAPIType.STRING, min_length=t.min_length, max_length=t.max_length, pattern=t.pattern or FREE_TEXT_PATTERN)
    if isinstance(t, mi.LiteralType):
        kinds = {type(v) for v in t.values}
        kind = OpenAPIType.STRING if kinds == {str} else OpenAPIType.INTEGER if kinds == {int} else None
        return Schema(type=kind, enum=list(t.values))
    if isinstance(t, mi.UnionType):
        return Schema(one_of=[_schema(member, creator) for member in t.types])
    if isinstance(t, (mi.ListType, mi.VarTupleType, mi.SetType, mi.FrozenSetType)):
        unique = isinstance(t, (mi.SetType, mi.FrozenSetType)) or None
        return Schema(
            type=OpenAPIType.ARRAY, items=_schema(t.item_type, creator), min_items=t.min_length, max_items=t.max_length, unique_items=unique
        )
    if isinstance(t, mi.TupleType):
        return Schema(
            type=OpenAPIType.ARRAY,
            prefix_items=[_schema(i, creator) for i in t.item_types],
            min_items=len(t.item_types),
            max_items=len(t.item_types),
        )
    if isinstance(t, mi.DictType):
        keys = _schema(t.key_type, creator)
        return Schema(
            type=OpenAPIType.OBJECT,
            additional_properties=_schema(t.value_type, creator),
            property_names=keys if isinstance(keys, Schema) and (keys.pattern or keys.min_length or keys.max_length) else None,
            min_properties=t.min_length,
            max_properties=t.max_length,
        )
    if isinstance(t, (mi.StructType, mi.DataclassType, mi.TypedDictType, mi.NamedTupleType, mi.EnumType, mi.CustomType)):
        return creator.for_field_definition(FieldDefinition.from_annotation(t.cls))
    return Schema()  # bytes, ext types …: not used in bodies; any value


def _numeric(kind: OpenAPIType, t: mi.IntType | mi.FloatType) -> Schema:
    return Schema(
        type=kind,
        minimum=t.ge,
        maximum=t.le,
        exclusive_minimum=t.gt,
        exclusive_maximum=t.lt,
        multiple_of=t.multiple_of,
    )


__all__ = ["StrictStructSchemaPlugin"]
