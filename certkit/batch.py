"""One batch engine: every command that answers many items (check and inspect over files,
dn-match over CSV rows) runs them here.

Each item's answer is computed by a ``work`` function, guarded: a :class:`CertkitError` (bad input)
or any other exception (a certkit bug) becomes that item's :class:`Failure`, never the batch's —
the other items complete, the :class:`Summary` counts it, and :meth:`Summary.exit_code` gives the
worst outcome (3 when any item hit an internal error, 2 for bad input).

No printing and no click here: results come back in input order, chunk by chunk (a command
writes a chunk's output at once), progress through a callback, so a web application can run the
same batches. Large batches spread over the cores with :func:`certkit.parallel.ordered_map` (a fork
pool: ``work`` and what it closes over are inherited by the workers, never pickled; only items and
results cross between processes).
"""

from __future__ import annotations

import itertools
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from certkit.errors import CertkitError

if TYPE_CHECKING:
    from cryptography import x509

    from certkit.checks import CheckOptions, Report
    from certkit.sources import CertificateBundle, Password

T = TypeVar("T")

Answer = tuple[str, Any]
"""An item's answer: its status (``pass``, ``ok``, ``attention``...) and what to output for it."""


@dataclass(frozen=True, slots=True)
class Failure:
    """Why one item got no answer: certkit's own error (code and message parameters, the item's
    one line) or, with ``internal``, a certkit bug (exit 3 for the batch)."""

    code: str
    params: dict[str, Any]
    internal: bool = False

    @classmethod
    def of(cls, exc: BaseException) -> Failure:
        if isinstance(exc, CertkitError):
            internal = exc.exit_code == 3
            return cls(exc.code, {k: _plain(v) for k, v in exc.params.items()}, internal)
        error = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        return cls("batch.internal_error", {"error": error}, True)

    def message(self, lang: str | None = None) -> str:
        from certkit.i18n import t

        return t(self.code, lang, **self.params)

    def to_json(self, lang: str | None = None) -> dict[str, str]:
        """The ``error`` object of the item's entry: ``{"code", "message"}``."""
        return {"code": self.code, "message": self.message(lang)}

    def entry(self, path: str, lang: str | None = None) -> dict[str, Any]:
        """The item's JSON entry: ``{"path", "error": {"code", "message"}}``."""
        return {"path": path, "error": self.to_json(lang)}


def _plain(value: Any) -> Any:
    """A message parameter that crosses process boundaries unchanged (str for anything else)."""
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


Result = Answer | Failure


@dataclass(slots=True)
class Summary:
    """What a batch came to: how many items, how many of each status (``error`` for failures),
    how many failures were internal errors."""

    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    internal: int = 0

    def add(self, result: Result) -> None:
        self.total += 1
        status = "error" if isinstance(result, Failure) else result[0]
        self.counts[status] = self.counts.get(status, 0) + 1
        if isinstance(result, Failure) and result.internal:
            self.internal += 1

    @property
    def errors(self) -> int:
        return self.counts.get("error", 0)

    def exit_code(self, answered: int, *, error_code: int = 2) -> int:
        """The batch's exit code: 3 if any internal error, else ``error_code`` if any item failed,
        else ``answered`` (what the answers themselves say)."""
        if self.internal:
            return 3
        return error_code if self.errors else answered


def guarded(work: Callable[[T], Answer], item: T) -> Result:
    """``work(item)``, or the :class:`Failure` it raised. ``CERTKIT_DEBUG=1`` lets a certkit bug
    through, with its traceback, for developers."""
    try:
        return work(item)
    except CertkitError as exc:
        if exc.exit_code == 3 and os.environ.get("CERTKIT_DEBUG"):
            raise
        return Failure.of(exc)
    except Exception as exc:  # a certkit bug on one item: that item's answer, not the batch's
        if os.environ.get("CERTKIT_DEBUG"):
            raise
        return Failure.of(exc)


# Work functions of the batches running in this process, by batch: forked workers inherit them.
_JOBS: dict[int, Callable[[Any], Answer]] = {}
_job_ids = itertools.count(1)


def _run_chunk(job: tuple[int, Sequence[Any]]) -> list[Result]:
    work = _JOBS[job[0]]
    return [guarded(work, item) for item in job[1]]


def _run_one(job: int, item: Any) -> Result:
    return guarded(_JOBS[job], item)


def _crashed_chunk(job: tuple[int, Sequence[Any]]) -> list[Result]:
    """A chunk whose process died even alone: each of its items in a process of its own, so the
    item that kills it is the only one without an answer (an internal failure: exit 3)."""
    from functools import partial

    from certkit.parallel import each_alone

    return each_alone(
        partial(_run_one, job[0]),
        job[1],
        lambda _item: Failure("batch.worker_died", {}, internal=True),
    )


class Batch(Generic[T]):
    """``work`` over items in order, every item answered (see the module docstring).

    ``workers``: processes for large batches (at least ``threshold`` items); ``chunk_size``: items
    per piece of work (default: ≤ 64, small enough to keep every core busy to the end);
    ``progress(n)`` is called as each chunk of ``n`` items is done. :attr:`summary` is complete
    once :meth:`run` is exhausted.
    """

    def __init__(
        self,
        work: Callable[[T], Answer],
        *,
        workers: int = 1,
        threshold: int = 64,
        chunk_size: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.work = work
        self.workers = workers
        self.threshold = threshold
        self.chunk_size = chunk_size
        self.progress = progress
        self.summary = Summary()

    def run(self, items: Sequence[T]) -> Iterator[list[Result]]:
        """The results of ``items``, chunk by chunk, in input order."""
        from certkit.parallel import ordered_map

        workers = self.workers if len(items) >= self.threshold else 1
        size = self.chunk_size or max(8, min(64, len(items) // (max(workers, 1) * 16) or 1))
        job = next(_job_ids)
        _JOBS[job] = self.work
        try:
            chunks = [(job, items[i : i + size]) for i in range(0, len(items), size)]
            pieces = ordered_map(
                _run_chunk,
                chunks,
                workers=workers,
                threshold=2,
                chunksize=1,
                on_crash=_crashed_chunk,
            )
            for results in pieces:
                for result in results:
                    self.summary.add(result)
                if self.progress is not None:
                    self.progress(len(results))
                yield results
        finally:
            del _JOBS[job]

    def results(self, items: Sequence[T]) -> Iterator[Result]:
        """The results of ``items`` one by one, in input order."""
        for chunk in self.run(items):
            yield from chunk


# --------------------------------------------------------------------------------------------------
# What each batch does with one item (the commands render the answers)


def check_file(path: str, options: CheckOptions, password: Password = None) -> Report:
    """``certkit check`` on one file: load it, judge its leaf against the profile."""
    from certkit.checks import evaluate
    from certkit.sources import load_path

    return evaluate(load_path(path, password=password), options)


def inspect_file(path: str, password: Password = None) -> CertificateBundle:
    """``certkit inspect`` on one file: what it holds (facts come from ``bundle.facts(i)``)."""
    from certkit.sources import load_path

    return load_path(path, password=password)


_PEM_CERT = b"-----BEGIN CERTIFICATE-----"


def load_leaf(
    path: str | Path, password: Password = None
) -> tuple[x509.Certificate, bytes, tuple[bytes, bytes]]:
    """The client certificate in ``path`` and its DER. A file holding one PEM certificate (the
    common case in batches) is decoded directly; anything else, and every error, goes through
    certkit.sources."""
    data = _read_small(path)
    if data is None:
        from certkit.sources import read_source

        data = read_source(path)
    if data.startswith(_PEM_CERT) and data.count(b"-----BEGIN") == 1:
        import binascii

        from cryptography import x509

        from certkit import names

        body = data[len(_PEM_CERT) : data.find(b"-----END CERTIFICATE-----")]
        try:
            der = binascii.a2b_base64(body, strict_mode=False)
            cert = x509.load_der_x509_certificate(der)
            subject_der, issuer_der = names.certificate_names_der(der)
            if names.cryptography_can_build(subject_der) and names.cryptography_can_build(
                issuer_der
            ):
                return cert, der, (subject_der, issuer_der)
        except (ValueError, binascii.Error, IndexError):
            pass  # let certkit.sources read it or say what is wrong
    from certkit.registration import leaf_of
    from certkit.sources import load_bytes

    bundle = load_bytes(data, source=str(path), password=password)
    leaf = leaf_of(bundle)
    index = next(i for i, cert in enumerate(bundle.certificates) if cert is leaf)
    return leaf, bundle.ders[index], bundle.name_ders(index)


def _read_small(path: str | Path) -> bytes | None:
    """The bytes of a regular file under 1 MiB; None to let certkit.sources read (and report)."""
    if str(path) == "-":
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError):  # ValueError: a NUL byte in the path, reported by sources
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size >= 1 << 20:
            return None
        # one sized read: file objects and read(n) with a large n cost 2-6x more per small file
        data = os.read(fd, info.st_size + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == info.st_size else None
