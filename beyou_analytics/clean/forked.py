"""A branch of the cleaning run in a forked child process: the other core, without the GIL.

``beyou clean`` spends most of its time in pandas and numpy code that holds the GIL, so a
thread does not help (measured: two threads cost 0.6 s more CPU for at most 0.9 s less
wall time). Check-ins and questionnaires are cleaned independently once the episodes are
known, so the check-ins go to a child process started with ``fork``: it sees the parent's
frames as they are (nothing is pickled on the way in, pages are shared until written),
writes its own store file, and sends back only what the parent needs for the accounting.

``fork`` copies the calling thread only. The caller makes sure that no other thread is
running Python code at that moment (``StoreWriter.flush``; the readers have finished), so
no lock the child needs is held by a thread it does not have; Arrow re-creates its own
thread pools in a forked child. Where ``fork`` does not exist (Windows, and macOS where it
is unsafe) the branch runs in the calling process, with the same result.

Examples
--------
>>> with start(sum, [1, 2, 3]) as branch:
...     branch.result()
6
>>> with start(int, "x") as branch:
...     branch.result()
Traceback (most recent call last):
...
ValueError: invalid literal for int() with base 10: 'x'
"""

from __future__ import annotations

import multiprocessing
import pickle
import signal
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from beyou_analytics.errors import BeyouError

T = TypeVar("T")


def available() -> bool:
    """Whether a branch can run in a forked process here (Linux and the other Unixes)."""
    return sys.platform != "darwin" and "fork" in multiprocessing.get_all_start_methods()


class Branch(Generic[T]):
    """A function running in a forked child; ``result()`` waits for its value or exception."""

    def __init__(self, function: Callable[..., T], args: tuple[Any, ...]) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(send, function, args), daemon=True)
        with warnings.catch_warnings():
            # Python 3.12+ warns about fork() in a process with threads; see the module
            # docstring for why the threads alive here (idle pools) cannot hurt the child.
            warnings.simplefilter("ignore", DeprecationWarning)
            self._process.start()
        send.close()  # the child holds the only writing end: EOF means it died

    def result(self) -> T:
        """The function's return value; its exception is raised here."""
        try:
            failed, value = self._receive.recv()
        except EOFError:
            self._process.join()
            code = self._process.exitcode
            hint = " (killed: out of memory?)" if code == -signal.SIGKILL else ""
            raise BeyouError(f"a cleaning process stopped without a result: exit code {code}"
                             f"{hint}; nothing was written") from None
        finally:
            self._receive.close()
        self._process.join()
        if failed:
            raise value
        return value

    def stop(self) -> None:
        """Kill the child if it still runs (the parent gave up on its result)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receive.close()


class _Done(Generic[T]):
    """A branch that ran in the calling process (no ``fork`` here)."""

    def __init__(self, function: Callable[..., T], args: tuple[Any, ...]) -> None:
        try:
            self._value, self._error = function(*args), None
        except Exception as exc:  # raised from result(), as from a forked branch
            self._value, self._error = None, exc

    def result(self) -> T:
        if self._error is not None:
            raise self._error
        return self._value

    def stop(self) -> None:
        pass


@contextmanager
def start(function: Callable[..., T], *args: Any, fork: bool | None = None) -> Iterator[Branch[T]]:
    """Run ``function(*args)`` in a forked child (``fork=None``: where available).

    Leaving the block before ``result()`` (an error in the parent, Ctrl-C) kills the child,
    so it cannot write into a store folder that is being removed.
    """
    use_fork = available() if fork is None else fork and available()
    branch = Branch(function, args) if use_fork else _Done(function, args)
    try:
        yield branch
    finally:
        branch.stop()


def _run(send: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """In the child: call ``function`` and send ``(failed, value or exception)``."""
    try:
        message = (False, function(*args))
    except BaseException as exc:  # sent to the parent, which raises it
        message = (True, _portable(exc))
    try:
        send.send(message)
    except Exception as exc:  # a result that does not pickle
        send.send((True, RuntimeError(f"{type(exc).__name__} in a cleaning process: {exc}")))
    send.close()


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling (custom signatures may not), else its type and message."""
    try:
        return pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__} in a cleaning process: {exc}")
