"""Forget what the previous report left in a reused kernel (imported inside the kernel).

The runner injects a first cell into every report that calls ``reset_kernel``: it puts the
working folder back, resets IPython (user namespace, the ``In``/``Out`` and folder histories,
``_``/``_i`` and friends) and calls ``clear_library_state``: every ``functools`` cache defined
in a ``beyou_analytics`` module is emptied, every module's ``_reset_report_state()`` hook is
called and the last traceback is dropped. Modules are kept imported: that is what makes a
warm kernel fast.

A library module that keeps patient data elsewhere than in a module-level ``functools``
cache (a dict, a class attribute) must define ``_reset_report_state()`` to clear it.

``skip_iri_grammar`` saves about 2 s per new kernel and per worker (stack-notes P3).

This module imports nothing heavy: it runs at the start of every report.

Examples
--------
>>> import functools, sys, types
>>> probe = types.ModuleType("beyou_analytics._doctest_probe")
>>> probe.remember = functools.cache(lambda value: value)
>>> probe.remember.__module__ = probe.__name__
>>> sys.modules[probe.__name__] = probe
>>> _ = probe.remember("patient 123")
>>> clear_library_state()
>>> probe.remember.cache_info().currsize
0
>>> del sys.modules[probe.__name__]
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

PACKAGE = "beyou_analytics"
HOOK = "_reset_report_state"
KEEP_IRI_ENV = "BEYOU_KEEP_IRI_CHECKS"


def skip_iri_grammar() -> bool:
    """Keep ``jsonschema`` from compiling the ``rfc3987_syntax`` grammar (stack-notes P3).

    ``import nbformat`` (papermill, nbconvert, plotly's first ``fig.show()``) pulls in
    ``jsonschema``, which imports ``rfc3987_syntax`` for its "iri" format checks; that
    import compiles a lark grammar for about 2 s, in every worker and every kernel. Notebook
    schemas use no iri formats, and ``jsonschema`` treats a missing ``rfc3987_syntax`` as
    "skip those checks", so this process marks it as unavailable. Only effective before
    ``jsonschema`` is imported; set ``BEYOU_KEEP_IRI_CHECKS=1`` to leave it alone. Returns
    whether the grammar is skipped.
    """
    if os.environ.get(KEEP_IRI_ENV) or "jsonschema" in sys.modules:
        return sys.modules.get("rfc3987_syntax", False) is None
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
    return sys.modules["rfc3987_syntax"] is None


def reset_kernel(shell: Any, *, cwd: str) -> None:
    """Return to ``cwd``, reset IPython (names and histories), then the library's state.

    The folder comes first because IPython's reset restarts its folder history (``_dh``) from
    the current folder.
    """
    os.chdir(cwd)
    shell.reset(new_session=True)  # also runs a full garbage collection
    clear_library_state()
    skip_iri_grammar()
    # What survives a reset is library code and caches: freeze it out of the cyclic
    # collector, so the next reset's collection scans one report's objects (~10 ms), not the
    # ~130,000 objects of pandas/plotly (~0.15 s). Reference counting still frees as usual.
    gc.freeze()


def clear_library_state() -> None:
    """Empty the library's ``functools`` caches, call its reset hooks, drop the last traceback."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == PACKAGE or name.startswith(PACKAGE + ".")):
            continue
        namespace = vars(module)
        for value in list(namespace.values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
        hook = namespace.get(HOOK)
        if callable(hook):
            hook()
    for attribute in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, attribute):
            delattr(sys, attribute)
