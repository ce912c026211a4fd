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

import contextlib
import multiprocessing.connection
import os
import pickle
import signal
import sys
import warnings
from collections.abc import Callable
from typing import Any, Generic, Self, TypeVar

from beyou_analytics.errors import BeyouError

T = TypeVar("T")


def available() -> bool:
    """Whether a branch can run in a forked process here (Linux and the other Unixes)."""
    return hasattr(os, "fork") and sys.platform != "darwin"


class _Stoppable:
    """A branch is its own context: leaving the block stops it."""

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class Branch(_Stoppable, Generic[T]):
    """A function running in a forked child; ``result()`` waits for its value or exception.

    The parent keeps no reference to the function's arguments: the frames handed to the
    child are freed here as soon as the caller drops them. ``pid`` is the child's process id.
    """

    def __init__(self, function: Callable[..., T], args: tuple[Any, ...]) -> None:
        self._receive, send = multiprocessing.connection.Pipe(duplex=False)
        with warnings.catch_warnings():
            # Python 3.12+ warns about fork() in a process with threads; see the module
            # docstring for why the threads alive here (idle pools) cannot hurt the child.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            code = 0
            try:
                self._receive.close()
                _run(send, function, args)
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        self.pid, self._running = pid, True
        send.close()  # the child holds the only writing end: EOF means it died

    def result(self) -> T:
        """The function's return value; its exception is raised here."""
        try:
            failed, value = self._receive.recv()
        except EOFError:
            code = self._reap()
            hint = " (killed: out of memory?)" if code == -signal.SIGKILL else ""
            raise BeyouError(f"a cleaning process stopped without a result: exit code {code}"
                             f"{hint}; nothing was written") from None
        finally:
            self._receive.close()
        self._reap()
        if failed:
            raise value
        return value

    def stop(self) -> None:
        """Kill the child if it still runs (the parent gave up on its result)."""
        if self._running:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap()
        self._receive.close()

    def _reap(self) -> int:
        """Wait for the child to end; its exit code (minus the signal that ended it)."""
        if not self._running:
            return 0
        self._running = False
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)


class _Done(_Stoppable, Generic[T]):
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


def start(
    function: Callable[..., T], *args: Any, fork: bool | None = None
) -> Branch[T] | _Done[T]:
    """Run ``function(*args)`` in a forked child (``fork=None``: where available).

    Use it as a context: leaving the block before ``result()`` (an error in the parent,
    Ctrl-C) kills the child, so it cannot write into a store folder that is being removed.
    Neither kind of branch keeps ``args``, so the caller's ``del`` frees them.
    """
    use_fork = available() if fork is None else fork and available()
    return Branch(function, args) if use_fork else _Done(function, args)


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
