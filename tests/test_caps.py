"""Every input gets its answer in bounded time and memory: the caps hold (asserted through the caps
and operation counts, never through wall-clock time)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12

from certkit import sources
from certkit.errors import InputError
from certkit.sources import (
    MAX_INPUT_BYTES,
    MAX_PKCS12_ITERATIONS,
    load_bytes,
    pem_blocks,
    pkcs12_iterations,
    read_source,
)
from tests.helpers import run_certkit
from tests.rawcert import certificate, pem, signing_key


def make_pkcs12(rounds: int = 2048) -> bytes:
    from cryptography import x509

    cert = x509.load_der_x509_certificate(certificate())
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(rounds).build(b"secret")
    )
    key: ec.EllipticCurvePrivateKey = signing_key()
    return pkcs12.serialize_key_and_certificates(b"x", key, cert, None, encryption)


def with_mac_iterations(der: bytes, count: int) -> bytes:
    """``der`` with its MAC iteration count rewritten (the MAC no longer verifies: certkit must
    refuse the file before computing anything)."""
    pfx = asn1_pkcs12.Pfx.load(der)
    pfx["mac_data"]["iterations"] = count
    return bytes(pfx.dump())


def test_iteration_counts_are_read_without_decrypting() -> None:
    mac, counts = pkcs12_iterations(make_pkcs12(3000))
    assert mac == 2048  # cryptography writes its MAC with OpenSSL's default count
    assert counts and all(c == 3000 for c in counts)
    assert pkcs12_iterations(with_mac_iterations(make_pkcs12(3000), 70000))[0] == 70000


def test_a_huge_mac_iteration_count_is_refused_before_any_derivation(tmp_path: Path) -> None:
    huge = with_mac_iterations(make_pkcs12(), 2**31 - 1)
    with pytest.raises(InputError) as caught:
        load_bytes(huge, password=b"secret")
    assert caught.value.code == "sources.pkcs12_too_costly"
    assert caught.value.params["iterations"] == 2**31 - 1
    path = tmp_path / "huge.p12"
    path.write_bytes(huge)
    result = run_certkit("inspect", str(path), "--password", "secret")
    assert result.returncode == 2
    assert "iterations" in result.stderr.splitlines()[-1]


def test_counts_up_to_the_cap_are_read(tmp_path: Path) -> None:
    bundle = load_bytes(make_pkcs12(MAX_PKCS12_ITERATIONS // 10), password=b"secret")
    assert bundle.has_private_key and len(bundle.certificates) == 1
    over = with_mac_iterations(make_pkcs12(), MAX_PKCS12_ITERATIONS + 1)
    with pytest.raises(InputError):
        load_bytes(over, password=b"secret")


class CountingBytes(bytes):
    """bytes that count how many bytes their ``find`` calls scan."""

    scanned = 0

    def find(self, sub: bytes, start: int = 0, end: int | None = None) -> int:  # type: ignore[override]
        found = super().find(sub, start, end)
        CountingBytes.scanned += (len(self) if found < 0 else found) - start
        return found


def test_pem_scanning_is_linear_in_unterminated_begin_lines_of_different_labels() -> None:
    # 15,000 BEGIN lines of 15,000 labels, none ended (345 KB took 27 s when each label was
    # searched for to the end of the text).
    text = b"".join(b"-----BEGIN L%05d-----\n" % i for i in range(15000))
    text += pem(certificate())
    data = CountingBytes(text)
    CountingBytes.scanned = 0
    blocks = list(pem_blocks(data))
    assert [label for label, *_ in blocks] == [b"CERTIFICATE"]
    assert CountingBytes.scanned <= 3 * len(text)


def test_dev_zero_is_refused_after_the_cap_not_read_to_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read = os.read
    total = 0

    def counting_read(fd: int, size: int) -> bytes:
        nonlocal total
        chunk = read(fd, size)
        total += len(chunk)
        return chunk

    monkeypatch.setattr(sources.os, "read", counting_read)
    with pytest.raises(InputError) as caught:
        read_source("/dev/zero")
    assert caught.value.code == "sources.too_large"
    assert MAX_INPUT_BYTES < total <= MAX_INPUT_BYTES + (1 << 16)
    assert MAX_INPUT_BYTES == 16 * 1024 * 1024  # the figure README documents


def test_a_fifo_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    # Process substitution (<(cat cert.pem)) hands over a pipe: it must keep working.
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    data = pem(certificate())

    def feed() -> None:
        with open(fifo, "wb") as handle:
            handle.write(data)

    writer = threading.Thread(target=feed)
    writer.start()
    assert read_source(fifo) == data
    writer.join()


def test_a_file_of_more_certificates_than_the_cap_is_refused() -> None:
    from certkit.sources import MAX_CERTIFICATES

    block = pem(certificate())
    assert len(load_bytes(block * 3).certificates) == 3
    with pytest.raises(InputError) as caught:
        load_bytes(block * (MAX_CERTIFICATES + 1))
    assert caught.value.code == "sources.too_many"
    assert MAX_CERTIFICATES == 10_000  # the figure README documents
