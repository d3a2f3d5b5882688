"""JSON lines: one line of UTF-8 JSON per record, whatever a certificate puts in its fields."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from certkit.render import json_line


def test_json_line_is_one_compact_utf8_line_that_reads_back() -> None:
    data = {"subject": "CN=Syndic Élysée,O=Copropriété « Les Tilleuls »", "days": 364, "ok": True}
    line = json_line(data)
    assert b"\n" not in line
    assert "Élysée".encode() in line  # readable UTF-8, not \u escapes
    assert json.loads(line) == data


def test_json_line_keeps_what_the_fast_encoder_refuses() -> None:
    serial = 2**159 + 7  # certificate serial numbers go up to 20 octets
    lone = "CN=broken \udc80 BMPString"  # a lone surrogate from a damaged name
    line = json_line({"serial": serial, "name": lone})
    line.decode("utf-8")  # still valid UTF-8
    back = json.loads(line)
    assert back["serial"] == serial
    assert back["name"] == lone


def test_json_line_writes_dates_in_iso_utc_and_other_values_as_text() -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    moment = dt.datetime(2026, 11, 23, 16, 0, tzinfo=paris)
    assert json.loads(json_line({"at": moment, "path": Path("a/b.pem")})) == {
        "at": "2026-11-23T15:00:00Z",
        "path": "a/b.pem",
    }
    # The same on the slow path (a value orjson refuses sends the whole line there).
    assert json.loads(json_line({"at": moment, "big": 2**70}))["at"] == "2026-11-23T15:00:00Z"
