"""A small, strict DER reader: just enough to walk certificates fast.

cryptography re-encodes on every ``public_bytes()`` / ``tbs_certificate_bytes`` call (~20 µs) and
builds Python objects for every extension on first access (~150 µs per certificate here). For
batches of thousands, certkit reads the fields it needs straight from the DER it already holds.
Every function raises :class:`DerError` on anything unexpected; callers fall back to cryptography.
"""

from __future__ import annotations


class DerError(ValueError):
    """The bytes are not the DER structure the caller expected."""


def header(data: bytes, pos: int, end: int) -> tuple[int, int, int]:
    """(tag, content start, content end) of the element at ``pos`` that must end by ``end``."""
    if pos + 2 > end:
        raise DerError("truncated element")
    tag = data[pos]
    if tag & 0x1F == 0x1F:
        raise DerError("multi-byte tags are not used in certificates")
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or pos + count > end:
            raise DerError("bad length")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    stop = pos + length
    if stop > end:
        raise DerError("element overruns its container")
    return tag, pos, stop


def tlv(tag: int, content: bytes) -> bytes:
    """One DER element: ``tag``, the minimal length encoding, ``content``."""
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content


def children(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    """Every (tag, content start, content end) directly inside ``data[start:end]``."""
    out = []
    pos = start
    while pos < end:
        # Inline the usual case (one-byte tag, short length): this loop is the hot path.
        if pos + 2 <= end and data[pos + 1] < 0x80 and data[pos] & 0x1F != 0x1F:
            content = pos + 2
            stop = content + data[pos + 1]
            if stop > end:
                raise DerError("element overruns its container")
            out.append((data[pos], content, stop))
        else:
            tag, content, stop = header(data, pos, end)
            out.append((tag, content, stop))
        pos = stop
    return out


def element_bounds(data: bytes, pos: int, end: int) -> tuple[int, int]:
    """(start, stop) of the whole element (header included) at ``pos``."""
    _, _, stop = header(data, pos, end)
    return pos, stop


_OID_CACHE: dict[bytes, str] = {}


def oid(content: bytes) -> str:
    """Dotted form of an OBJECT IDENTIFIER's content octets (memoised: OIDs repeat endlessly)."""
    text = _OID_CACHE.get(content)
    if text is None:
        text = _oid_text(content)
        if len(_OID_CACHE) < 65536:
            _OID_CACHE[content] = text
    return text


def _oid_text(content: bytes) -> str:
    if not content or content[-1] & 0x80:
        raise DerError("bad OID")
    parts: list[int] = []
    value = 0
    for byte in content:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    first = parts[0]
    head = [0, first] if first < 40 else [1, first - 40] if first < 80 else [2, first - 80]
    return ".".join(map(str, head + parts[1:]))


def integer(content: bytes) -> int:
    if not content:
        raise DerError("empty INTEGER")
    return int.from_bytes(content, "big", signed=True)


def certificate_names(data: bytes) -> tuple[bytes, bytes]:
    """(subject DER, issuer DER) of a DER certificate, sliced without decoding anything else."""
    _, start, end = header(data, 0, len(data))
    _, tbs_start, tbs_end = header(data, start, end)
    pos = tbs_start
    bounds: list[tuple[int, int]] = []
    while pos < tbs_end and len(bounds) < 6:
        begin, pos = element_bounds(data, pos, tbs_end)
        bounds.append((begin, pos))
    if data[bounds[0][0]] == 0xA0:  # optional [0] version
        bounds = bounds[1:]
    issuer, subject = bounds[2], bounds[4]
    return data[subject[0] : subject[1]], data[issuer[0] : issuer[1]]
