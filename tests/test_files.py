"""Output files are written safely: nothing that is not a regular file is ever replaced, a symbolic
link only with --force (which writes its target), ``-o -`` is standard output; folders are walked
without reading FIFOs or devices."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from certkit.errors import InputError
from certkit.files import regular_files, write_atomically
from tests.helpers import run_certkit
from tests.rawcert import certificate, pem


def make_fifo(path: Path) -> Callable[[os.stat_result], bool]:
    os.mkfifo(path)
    return stat.S_ISFIFO


def make_device(path: Path) -> Callable[[os.stat_result], bool]:
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own (as root)
    return stat.S_ISCHR


def make_directory(path: Path) -> Callable[[os.stat_result], bool]:
    path.mkdir()
    return stat.S_ISDIR


def make_socket(path: Path) -> Callable[[os.stat_result], bool]:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return stat.S_ISSOCK


SPECIAL = {"FIFO": make_fifo, "device": make_device, "directory": make_directory,
           "socket": make_socket}  # fmt: skip


@pytest.fixture()
def cert_file(tmp_path: Path) -> Path:
    path = tmp_path / "cert.pem"
    path.write_bytes(pem(certificate()))
    return path


@pytest.mark.parametrize("kind", list(SPECIAL))
def test_export_never_replaces_what_is_not_a_regular_file(
    tmp_path: Path, cert_file: Path, kind: str
) -> None:
    target = tmp_path / "out"
    is_kind = SPECIAL[kind](target)
    for extra in ((), ("--force",)):
        result = run_certkit("export", str(cert_file), "-o", str(target), *extra)
        assert result.returncode == 2, result.stderr
        if kind == "directory":  # click's own check of -o comes first, also exit 2
            assert "is a directory" in result.stderr
        else:
            assert "not a regular file" in result.stderr
            assert result.stderr.count("\n") == 1
        assert is_kind(os.lstat(target).st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file


def test_library_refuses_a_device_even_with_force(tmp_path: Path) -> None:
    device = tmp_path / "null"
    make_device(device)
    with pytest.raises(InputError) as caught:
        write_atomically(device, b"data", force=True)
    assert caught.value.code == "files.output_not_regular"
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_symlink_is_refused_unless_force_which_writes_its_target(
    tmp_path: Path, cert_file: Path
) -> None:
    real = tmp_path / "real.pem"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.pem"
    link.symlink_to(real)
    refused = run_certkit("export", str(cert_file), "-o", str(link))
    assert refused.returncode == 2
    assert "symbolic link" in refused.stderr
    assert link.is_symlink() and real.read_bytes() == b"old\n"
    forced = run_certkit("export", str(cert_file), "-o", str(link), "--force")
    assert forced.returncode == 0, forced.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == cert_file.read_bytes()


def test_a_symlink_to_a_device_is_refused_even_with_force(tmp_path: Path, cert_file: Path) -> None:
    device = tmp_path / "null"
    make_device(device)
    link = tmp_path / "link"
    link.symlink_to(device)
    result = run_certkit("export", str(cert_file), "-o", str(link), "--force")
    assert result.returncode == 2
    assert link.is_symlink() and stat.S_ISCHR(os.stat(link).st_mode)


def test_dash_writes_standard_output(tmp_path: Path, cert_file: Path) -> None:
    result = run_certkit("export", str(cert_file), "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.encode() == cert_file.read_bytes()
    assert not (tmp_path / "-").exists()
    assert "written" in result.stderr


def test_an_existing_regular_file_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "out.pem"
    out.write_bytes(b"keep")
    with pytest.raises(InputError):
        write_atomically(out, b"new")
    assert out.read_bytes() == b"keep"
    write_atomically(out, b"new", force=True, mode=0o600)
    assert out.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_walking_a_folder_skips_fifos_and_devices_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "a.pem").write_bytes(pem(certificate()))
    make_fifo(tmp_path / "fifo.pem")
    make_device(tmp_path / "zero.pem")
    (tmp_path / "link.pem").symlink_to(tmp_path / "fifo.pem")
    skipped: list[tuple[str, str]] = []
    found = [
        e.name for e in regular_files(str(tmp_path), skipped=lambda p, k: skipped.append((p, k)))
    ]
    assert found == ["a.pem"]
    assert sorted((Path(p).name, k) for p, k in skipped) == [
        ("fifo.pem", "FIFO"),
        ("link.pem", "FIFO"),
        ("zero.pem", "character device"),
    ]
    # Without a callback the interface is the one the monitor uses: regular files only.
    assert [e.name for e in regular_files(str(tmp_path))] == ["a.pem"]
    result = run_certkit("check", str(tmp_path), "--jsonl", timeout=60)
    assert "fifo.pem: skipped, not a regular file (FIFO)" in result.stderr
    assert len(result.stdout.splitlines()) == 1  # a.pem only; the FIFO was never opened
