"""Reading a stranger's file in a child process with limits, so a hostile or broken file cannot take the web or
job worker (and every customer's queued jobs) down with it.

A sheet can be small on disk and enormous once read (a 5 KB xlsx with one cell at ALL200000 asks calamine for
6 GB), and calamine aborts the whole process when an allocation fails: nothing in the reading process can catch
that. So every platform reading of an uploaded file runs in a child that limits its own address space
(RLIMIT_AS), processor time (RLIMIT_CPU) and clock time (an alarm), and the parent turns the child's death into a
message naming the file, the limit that stopped it and what to do.

``call_isolated(function, *args)`` runs an engine function (importable by name, no Django) in such a child and
returns its result, or raises the exception it raised; both travel back pickled, so they must be picklable. The
demand reader (cityorder.demand.isolated_read) streams its lines instead and uses the same spawning and limits.

Two time limits: processor time (``ReadLimits.seconds``) bounds the work a file can cost; wall time
(``ReadLimits.wall_seconds``, the parent's clock and the child's own alarm) is a larger bound that only catches a
child stuck without working (a file on a hung network mount), because on a loaded machine a legitimate big file
takes far longer by the clock than by the processor.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import IO, Any, TypeVar

from cityorder.engine.messages import msg, template
from cityorder.engine.reading.tabular import UnreadableFile

OUT_OF_MEMORY = template(
    "%(file)s: reading the file needed more than %(limit)s MB of memory and was stopped. The file is probably "
    "damaged or holds far more than its table (cells far beyond it, thousands of formatted empty columns): delete "
    "what lies beyond the table, save the file again as .xlsx, or split it into several files."
)
OUT_OF_TIME = template(
    "%(file)s: reading the file used more than %(seconds)s seconds of processor time and was stopped; split it "
    "into several files and upload them one by one."
)
OUT_OF_WALL_TIME = template(
    "%(file)s: reading the file was not finished after %(seconds)s seconds by the clock and was stopped (the "
    "server may have been very busy); upload it again later, or split it into several files."
)
READER_DIED = template(
    "%(file)s: the reader stopped unexpectedly (%(reason)s); open the file in Excel or LibreOffice, save it "
    "again as .xlsx and upload the new copy."
)
READER_EXITED = template(
    "%(file)s: the reader stopped unexpectedly with exit status %(status)s; open the file in Excel or "
    "LibreOffice, save it again as .xlsx and upload the new copy."
)

# RLIMIT_CPU's hard limit kills with SIGKILL, which cannot be told from the kernel's out-of-memory kill; the soft
# limit sends SIGXCPU. The hard one is set this much above it, so the soft one is what stops a busy child.
CPU_HARD_MARGIN = 5

T = TypeVar("T")


@dataclass(slots=True)
class ReadLimits:
    memory_mb: int
    seconds: int  # processor time
    max_rows: int
    max_columns: int
    wall_seconds: int  # time by the clock; larger than ``seconds`` (see the module's docstring)

    @classmethod
    def from_settings(cls, settings: Any) -> ReadLimits:
        """The platform's limits (the CITYORDER_READ_* settings), given its settings object: the engine knows no
        Django. The clock's bound is never below the processor's, which would then never be the one."""
        return cls(memory_mb=settings.CITYORDER_READ_MEMORY_MB, seconds=settings.CITYORDER_READ_SECONDS,
                   max_rows=settings.CITYORDER_MAX_ROWS_PER_SHEET, max_columns=settings.CITYORDER_MAX_COLUMNS,
                   wall_seconds=max(settings.CITYORDER_READ_WALL_SECONDS, settings.CITYORDER_READ_SECONDS))


class IsolatedReadFailed(UnreadableFile):
    """The reading process was stopped (a limit) or died; the message names the file and says what to do."""


def call_isolated(function: Callable[..., T], *args: Any, filename: str, limits: ReadLimits,
                  waiting: Callable[[], None] = lambda: None, **kwargs: Any) -> T:
    """``function(*args, **kwargs)`` run in a limited child: its result, or the exception it raised (a file it
    finds unreadable, a BOM with bad rows), or IsolatedReadFailed naming ``filename`` when a limit stopped it.
    ``waiting`` is called about once a second meanwhile (a job's sign of life)."""
    payload = pickle.dumps((function, args, kwargs))
    with tempfile.TemporaryFile() as out:
        returncode, stderr = spawn("cityorder.engine.reading.isolated", {}, out, filename=filename, limits=limits,
                                   waiting=waiting, payload=payload)
        out.seek(0)
        outcome: tuple[str, Any] = ("", None)
        try:
            if returncode == 0:
                outcome = pickle.load(out)
        except (EOFError, pickle.UnpicklingError):
            pass  # killed while writing it
    if outcome[0] == "returned":
        return outcome[1]
    if outcome[0] == "raised":
        raise outcome[1]
    raise IsolatedReadFailed(why_died(filename, returncode, stderr, limits))


def spawn(module: str, request: dict[str, Any], out: IO[Any], *, filename: str, limits: ReadLimits,
          waiting: Callable[[], None], payload: bytes = b"") -> tuple[int, str]:
    """Run ``python -m module`` with ``request`` and the limits as its first line of input (then ``payload``), the
    open file ``out`` handed down as ``fd`` for its result; its exit status and the end of its error output. A
    child still working after the wall-time bound is killed here (IsolatedReadFailed)."""
    header = {**request, "fd": out.fileno(), **asdict(limits)}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen([sys.executable, "-m", module], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                 stderr=errors, env=env, pass_fds=(out.fileno(),))
        assert child.stdin is not None
        try:
            child.stdin.write(json.dumps(header).encode() + b"\n" + payload)
            child.stdin.close()
        except BrokenPipeError:
            pass  # it died before reading all of it: its exit status and error output say why
        started = time.monotonic()
        try:
            while child.poll() is None:
                if time.monotonic() - started > limits.wall_seconds:
                    child.kill()
                    child.wait()
                    raise IsolatedReadFailed(msg(OUT_OF_WALL_TIME, file=filename, seconds=limits.wall_seconds))
                waiting()
                try:
                    child.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    pass
        except BaseException:
            if child.poll() is None:  # the job was stopped meanwhile: its reader goes with it
                child.kill()
                child.wait()
            raise
        errors.seek(0)
        return child.returncode, errors.read()[-4000:].decode("utf-8", "replace")


def why_died(filename: str, returncode: int | None, stderr: str, limits: ReadLimits) -> str:
    if returncode == -signal.SIGXCPU:  # its processor time ran out (RLIMIT_CPU)
        return msg(OUT_OF_TIME, file=filename, seconds=limits.seconds)
    if returncode == -signal.SIGALRM:  # its own wall-time alarm: the parent that would have stopped it is gone
        return msg(OUT_OF_WALL_TIME, file=filename, seconds=limits.wall_seconds)
    out_of_memory = ("MemoryError" in stderr or "memory allocation" in stderr or "Cannot allocate" in stderr
                     or returncode in (-6, -9))
    if out_of_memory:
        return msg(OUT_OF_MEMORY, file=filename, limit=limits.memory_mb)
    if not stderr.strip():
        return msg(READER_EXITED, file=filename, status=returncode)
    return msg(READER_DIED, file=filename, reason=stderr.strip().splitlines()[-1][:300])


# The child ------------------------------------------------------------------------------------------------------


def limit_self(request: dict[str, Any]) -> None:
    """The child's first act: its memory, processor time and clock, and the sheet size every read checks."""
    limit = request["memory_mb"] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # Processor time too, and the clock: a child left alone by a killed worker still ends, busy or stuck.
    resource.setrlimit(resource.RLIMIT_CPU, (request["seconds"], request["seconds"] + CPU_HARD_MARGIN))
    signal.alarm(request["wall_seconds"])
    from cityorder.engine.reading import tabular

    tabular.LIMITS = tabular.Limits(max_columns=request["max_columns"], max_rows=request["max_rows"])


def _child() -> None:
    request = json.loads(sys.stdin.buffer.readline())
    # Unpickled before the limits: importing the reading function's modules (ours, not the file's) maps a few
    # hundred MB of address space (numpy, pyarrow, duckdb), which a low limit would refuse as a failed import.
    function, args, kwargs = pickle.loads(sys.stdin.buffer.read())
    import python_calamine  # noqa: F401  (the workbook reader's library, which tabular loads only when needed)

    limit_self(request)
    try:
        outcome: tuple[str, Any] = ("returned", function(*args, **kwargs))
    except MemoryError:
        raise  # dies with it on its error output: the parent names the memory limit
    except Exception as exc:  # noqa: BLE001  (the parent raises it again, whatever it is)
        outcome = ("raised", exc)
    try:
        data = pickle.dumps(outcome)
    except Exception as exc:  # noqa: BLE001  (a result that cannot travel is a bug, told as the reader's)
        data = pickle.dumps(("raised", RuntimeError(f"{type(exc).__name__}: {exc}")))
    with os.fdopen(request["fd"], "wb") as out:
        out.write(data)


if __name__ == "__main__":
    _child()
