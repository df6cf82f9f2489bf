"""PyYAML nodes turned into checked values: text, choices, dates, shares and lists.

Parsing walks PyYAML's node tree rather than loaded Python values, so that every problem
is reported with the line it is on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

import yaml

from grensdesk.i18n import _
from grensdesk.services.knowledge_format_documents import KnowledgeFormatError

_NULL_TAG: Final = "tag:yaml.org,2002:null"


class NodeReader:
    """Turns nodes into values, raising KnowledgeFormatError at the node's line."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, node: yaml.Node, reason: str) -> KnowledgeFormatError:
        return KnowledgeFormatError(reason, node.start_mark.line + 1, self.source)

    def mapping(self, node: yaml.Node, keys: dict[str, bool], what: str) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, _("{what} must be a mapping (key: value).").format(what=what))
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key not in keys:
                raise self.fail(
                    key_node,
                    _("unknown field {field} in {what}; known fields: {fields}.").format(
                        field=key, what=what, fields=", ".join(keys)
                    ),
                )
            if key in found:
                raise self.fail(key_node, _("the field {field} appears twice.").format(field=key))
            found[key] = value_node
        for key, required in keys.items():
            if required and (key not in found or self.is_null(found[key])):
                raise self.fail(
                    node, _("{what} lacks the field {field}.").format(what=what, field=key)
                )
        return {key: value for key, value in found.items() if not self.is_null(value)}

    @staticmethod
    def is_null(node: yaml.Node) -> bool:
        return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, _("{what} must be text.").format(what=what))
        return str(node.value).strip()

    def choice(self, node: yaml.Node, what: str, allowed: Sequence[str]) -> str:
        value = self.text(node, what)
        if value not in allowed:
            raise self.fail(
                node,
                _("unknown {what} {value}; choose one of {allowed}.").format(
                    what=what, value=value, allowed=", ".join(allowed)
                ),
            )
        return value

    def date(self, node: yaml.Node, what: str) -> dt.date:
        value = self.text(node, what)
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.fail(
                node,
                _("{what} must be a date of the form YYYY-MM-DD, not {value}.").format(
                    what=what, value=value
                ),
            ) from None

    def share(self, node: yaml.Node, what: str) -> int:
        value = self.text(node, what)
        if not value.isdigit() or not 0 <= int(value) <= 100:
            raise self.fail(
                node, _("{what} must be a whole number from 0 to 100.").format(what=what)
            )
        return int(value)

    def choices(self, node: yaml.Node, what: str, allowed: Sequence[str]) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, _("{what} must be a list, e.g. [NL, DE].").format(what=what))
        return tuple(dict.fromkeys(self.choice(item, what, allowed) for item in node.value))

    def texts_list(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, _("{what} must be a list.").format(what=what))
        return tuple(self.text(item, what) for item in node.value)
