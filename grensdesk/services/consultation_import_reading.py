"""Reading the rows of a consultation import file: CSV with a header line, or a JSON list.

Each row keeps the line it starts on, so that every problem can be reported by line.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Final

from grensdesk.i18n import _
from grensdesk.services.consultation_import_types import (
    COLUMNS,
    REQUIRED_COLUMNS,
    ConsultationImportError,
    ImportProblem,
    Record,
    WrongWidth,
)

_JSON_SPACE: Final = re.compile(r"[ \t\n\r]*")


def read_csv(text: str) -> list[Record]:
    """The rows of a CSV text with a header line; ``,``, ``;`` or tab between values."""
    lines = io.StringIO(text, newline="")
    header_line = lines.readline()
    if not header_line.strip():
        raise ConsultationImportError([ImportProblem(1, None, _("The file is empty."))])
    delimiter = max(",;\t", key=header_line.count)
    lines.seek(0)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
        _check_header(header)
        records: list[Record] = []
        line = reader.line_num + 1
        for values in reader:
            start, line = line, reader.line_num + 1
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                records.append((start, WrongWidth(len(values), len(header))))
            else:
                records.append((start, dict(zip(header, values, strict=True))))
    except csv.Error as error:
        raise ConsultationImportError(
            [
                ImportProblem(
                    reader.line_num,
                    None,
                    _("This is not valid CSV: {reason}").format(reason=str(error)),
                )
            ]
        ) from None
    return records


def _check_header(header: list[str]) -> None:
    problems = [
        ImportProblem(1, name, _("Unknown column {name}.").format(name=name))
        for name in header
        if name not in COLUMNS
    ]
    problems += [
        ImportProblem(1, name, _("The column {name} appears twice.").format(name=name))
        for name in sorted({name for name in header if header.count(name) > 1})
    ]
    problems += [
        ImportProblem(1, name, _("The column {name} is missing.").format(name=name))
        for name in REQUIRED_COLUMNS
        if name not in header
    ]
    if problems:
        raise ConsultationImportError(problems)


def read_json(text: str) -> list[Record]:
    """The objects of a JSON list, each with the line its ``{`` is on."""
    decoder = json.JSONDecoder()
    counter = _LineCounter(text)

    def skip(position: int) -> int:
        found = _JSON_SPACE.match(text, position)
        return found.end() if found else position

    def fail(position: int, message: str) -> ConsultationImportError:
        return ConsultationImportError([ImportProblem(counter.line_at(position), None, message)])

    position = skip(0)
    if not text.startswith("[", position):
        raise fail(position, _("A JSON import file is a list of objects: [{...}, {...}]."))
    position = skip(position + 1)
    records: list[Record] = []
    if text.startswith("]", position):
        position += 1
    else:
        while True:
            start = position
            try:
                value, position = decoder.raw_decode(text, position)
            except json.JSONDecodeError as error:
                raise ConsultationImportError(
                    [
                        ImportProblem(
                            error.lineno,
                            None,
                            _("This is not valid JSON: {reason}").format(reason=error.msg),
                        )
                    ]
                ) from None
            records.append((counter.line_at(start), value))
            position = skip(position)
            if text.startswith(",", position):
                position = skip(position + 1)
            elif text.startswith("]", position):
                position += 1
                break
            else:
                raise fail(position, _("Expected , or ] after an object."))
    if skip(position) != len(text):
        raise fail(position, _("Nothing may follow the closing ]."))
    return records


class _LineCounter:
    """Line numbers of increasing positions, counting each newline once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0
        self.line = 1

    def line_at(self, position: int) -> int:
        if position < self.position:
            return self.text.count("\n", 0, position) + 1
        self.line += self.text.count("\n", self.position, position)
        self.position = position
        return self.line
