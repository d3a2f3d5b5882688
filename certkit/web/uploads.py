"""Reading what a browser or an API client posts: multipart forms and JSON, in memory only.

Uploads are never written to disk and never buffered beyond their limit: the body is read as it
arrives and refused (413) as soon as a part, or the whole body, passes its limit — before the rest
is read. Starlette's own form parser spools large files to temporary files, which is why certkit
reads the stream itself with python-multipart's low-level parser.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

KIB = 1024
MIB = 1024 * KIB
# A certificate file (PEM, DER, PKCS#7, PKCS#12): even a long chain is a few tens of KiB.
CERTIFICATE_LIMIT = 2 * MIB
# A spreadsheet of submissions for dn-match.
CSV_LIMIT = 20 * MIB
# Any other form field (a password, a SIREN, a typed DN).
FIELD_LIMIT = 64 * KIB
MAX_PARTS = 64


class UploadError(Exception):
    """A request body certkit will not read: ``status`` 400, 413 or 415, a message code."""

    def __init__(self, status: int, code: str, **params: object) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.params = params


@dataclass(slots=True)
class Part:
    """One field of a form: its name, the file name and type when it is a file, its bytes."""

    name: str
    filename: str | None = None
    content_type: str | None = None
    data: bytearray = field(default_factory=bytearray)


@dataclass(frozen=True, slots=True)
class Form:
    """The fields of a posted form, by name (a name may repeat: several files)."""

    parts: tuple[Part, ...]

    def get(self, name: str) -> Part | None:
        return next((p for p in self.parts if p.name == name), None)

    def all(self, name: str) -> tuple[Part, ...]:
        return tuple(p for p in self.parts if p.name == name)

    def text(self, name: str) -> str | None:
        """A text field, stripped; None when absent or empty."""
        part = self.get(name)
        if part is None:
            return None
        try:
            value = bytes(part.data).decode("utf-8").strip()
        except UnicodeDecodeError:
            raise UploadError(400, "web.field_not_utf8", field=name) from None
        return value or None

    def file(self, name: str) -> tuple[str, bytes] | None:
        """(file name, bytes) of a file field that holds something; None otherwise."""
        part = self.get(name)
        if part is None or not part.data:
            return None
        return part.filename or name, bytes(part.data)


def _boundary(content_type: str) -> bytes:
    from python_multipart.multipart import parse_options_header

    kind, options = parse_options_header(content_type)
    if kind != b"multipart/form-data":
        raise UploadError(415, "web.unsupported_media_type", expected="multipart/form-data")
    boundary = options.get(b"boundary")
    if not boundary:
        raise UploadError(400, "web.bad_multipart")
    return boundary


async def read_multipart(
    content_type: str,
    content_length: str | None,
    stream: AsyncIterator[bytes],
    limits: dict[str, int],
    *,
    default_limit: int = FIELD_LIMIT,
    body_limit: int | None = None,
) -> Form:
    """The form in a multipart body, each field held to ``limits[name]`` (else
    ``default_limit``) bytes and the whole body to ``body_limit`` (default: their sum plus room
    for the headers; a field that repeats — several files — needs it given)."""
    from python_multipart.exceptions import FormParserError
    from python_multipart.multipart import MultipartParser, MultipartState, parse_options_header

    boundary = _boundary(content_type)
    if body_limit is None:
        body_limit = sum(limits.values()) + default_limit * 4 + 64 * KIB
    if content_length is not None:
        try:
            declared = int(content_length)
        except ValueError:
            raise UploadError(400, "web.bad_request") from None
        if declared > body_limit:
            raise UploadError(413, "web.too_large", limit=_size(body_limit))
    parts: list[Part] = []
    header_field = bytearray()
    header_value = bytearray()
    headers: dict[bytes, bytes] = {}
    current: list[Part | None] = [None]
    limit = [default_limit]

    def on_part_begin() -> None:
        if len(parts) >= MAX_PARTS:
            raise UploadError(400, "web.too_many_fields", limit=MAX_PARTS)
        headers.clear()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_field.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        headers[bytes(header_field).lower()] = bytes(header_value)
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        _, options = parse_options_header(headers.get(b"content-disposition", b""))
        name = options.get(b"name")
        if name is None:
            raise UploadError(400, "web.bad_multipart")
        filename = options.get(b"filename")
        part = Part(
            name.decode("utf-8", "replace"),
            filename.decode("utf-8", "replace") if filename is not None else None,
            headers.get(b"content-type", b"").decode("latin-1") or None,
        )
        current[0] = part
        limit[0] = limits.get(part.name, default_limit)
        parts.append(part)

    def on_part_data(data: bytes, start: int, end: int) -> None:
        part = current[0]
        if part is None:
            return
        if len(part.data) + (end - start) > limit[0]:
            raise UploadError(413, "web.field_too_large", field=part.name, limit=_size(limit[0]))
        part.data.extend(data[start:end])

    def on_part_end() -> None:
        current[0] = None

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    received = 0
    try:
        async for chunk in stream:
            received += len(chunk)
            if received > body_limit:
                raise UploadError(413, "web.too_large", limit=_size(body_limit))
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise UploadError(400, "web.bad_multipart") from None
    if parser.state != MultipartState.END:  # the body stopped before its closing boundary
        raise UploadError(400, "web.bad_multipart")
    return Form(tuple(parts))


async def read_json(
    content_length: str | None, stream: AsyncIterator[bytes], limit: int
) -> dict[str, Any]:
    """A JSON object body of at most ``limit`` bytes."""
    if content_length is not None and content_length.isdigit() and int(content_length) > limit:
        raise UploadError(413, "web.too_large", limit=_size(limit))
    body = bytearray()
    async for chunk in stream:
        body.extend(chunk)
        if len(body) > limit:
            raise UploadError(413, "web.too_large", limit=_size(limit))
    try:
        data = json.loads(bytes(body).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise UploadError(400, "web.bad_json") from None
    if not isinstance(data, dict):
        raise UploadError(400, "web.bad_json")
    return data


def _size(limit: int) -> str:
    return f"{limit // MIB} MiB" if limit >= MIB else f"{limit // KIB} KiB"
