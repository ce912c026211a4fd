"""Text columns as integer codes: encode once, work on distinct values, compare integers.

Exports repeat themselves: a million check-ins hold twenty thousand patient numbers, a few
hundred thousand date-times and a dozen spellings per measure. ``encode`` turns a text column
into codes into its distinct values (one pyarrow ``dictionary_encode``); parsers then run on
the distinct values only (``per_value``), and identities, duplicates and groups are integer
arithmetic (``combine``, ``first_seen``) instead of pandas operations on text columns.

Examples
--------
>>> codes, values = encode(pd.Series(["12", "7", None, "12"], dtype="str"))
>>> codes.tolist(), values.tolist()
([0, 1, -1, 0], ['12', '7'])
>>> per_value(codes, values.str.len().to_numpy(), missing=0).tolist()
[2, 1, 0, 2]
>>> combine([np.array([0, 1, 0, -1]), np.array([5, 5, 5, 2])]).tolist()
[13, 20, 13, 3]
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

MISSING = -1  # the code of a missing value
THREADS = 2  # columns encoded at once: pyarrow hashes text without holding the GIL


def arrow_text(values: pd.Series, *, contiguous: bool = True) -> pa.Array | pa.ChunkedArray:
    """A text Series as pyarrow ``large_string``: one array (copied together when it is held
    in chunks), or with ``contiguous=False`` the chunks as they are.

    Examples
    --------
    >>> arrow_text(pd.Series(["a", None], dtype="str")).to_pylist()
    ['a', None]
    """
    if isinstance(values.array, pd.arrays.ArrowStringArray):
        text = pa.array(values.array)
    else:
        text = pa.array(values.astype("str"), from_pandas=True)
    if contiguous and isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    return text if text.type == pa.large_string() else text.cast(pa.large_string())


def encode(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes (``int32``, ``MISSING`` for a missing value) into the distinct values, which come
    in order of first appearance as a ``str`` Series."""
    encoded = pc.dictionary_encode(arrow_text(values, contiguous=False))
    if isinstance(encoded, pa.ChunkedArray):  # the chunks share one dictionary
        if not encoded.num_chunks:
            return np.zeros(0, dtype=np.int32), pd.Series([], dtype="str")
        indices = [pc.fill_null(c.indices, MISSING).to_numpy() for c in encoded.chunks]
        dictionary = encoded.chunk(encoded.num_chunks - 1).dictionary
        codes = indices[0] if len(indices) == 1 else np.concatenate(indices)
    else:
        codes, dictionary = pc.fill_null(encoded.indices, MISSING).to_numpy(), encoded.dictionary
    return codes, pd.Series(dictionary.to_pandas(), dtype="str")


def encode_all(columns: Sequence[pd.Series]) -> list[tuple[np.ndarray, pd.Series]]:
    """``encode`` of each column, a few columns at a time on threads.

    Examples
    --------
    >>> [c.tolist() for c, _ in encode_all([pd.Series(["a", "b", "a"]), pd.Series(["x"])])]
    [[0, 1, 0], [0]]
    """
    if len(columns) < 2:
        return [encode(column) for column in columns]
    with ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="encode") as pool:
        return list(pool.map(encode, columns))


def per_value(codes: np.ndarray, results: np.ndarray, *, missing: object) -> np.ndarray:
    """``results[code]`` for each code (one result per distinct value), ``missing`` for
    ``MISSING``."""
    table = np.concatenate([np.asarray(results), np.asarray([missing], dtype=results.dtype)])
    return table[codes]


def text_of(codes: np.ndarray, values: pd.Series) -> pd.Series:
    """The text of each code as a ``str`` Series (missing for ``MISSING``).

    Examples
    --------
    >>> text_of(np.array([1, -1, 0]), pd.Series(["a", "b"], dtype="str")).tolist()
    ['b', nan, 'a']
    """
    dictionary = arrow_text(values)
    taken = dictionary.take(pa.array(codes, mask=codes < 0, type=pa.int64()))
    return pd.Series(pd.arrays.ArrowStringArray(taken), dtype="str")


def combine(parts: Sequence[np.ndarray]) -> np.ndarray:
    """One code per row for the tuple of ``parts`` (integer codes >= ``MISSING`` each): equal
    tuples get equal codes, different tuples different ones. Codes are small non-negative
    integers (below four times the number of rows, or 65,536), fit to index arrays by code.
    """
    n = len(parts[0]) if parts else 0
    parts = [np.asarray(p, dtype=np.int64) + 1 for p in parts]  # MISSING becomes 0
    widths = [int(p.max()) + 1 if n else 1 for p in parts]
    limit = max(4 * n, 1 << 16)
    combinations = float(np.prod(np.array(widths, dtype=float)))
    if combinations <= limit or combinations < _EXACT:
        key = np.zeros(n, dtype=np.int64)
        for part, width in zip(parts, widths, strict=True):
            key = key * width + part
        # Past the limit the tuples are numbered as they first appear (one hash table).
        return key if combinations <= limit else first_seen(key)
    # Too many combinations for a 64-bit number: number the rows by a 64-bit mix of their
    # parts (one hash table), then make sure rows that share a number share every part.
    mixed = np.zeros(n, dtype=np.uint64)
    for part in parts:
        mixed = mixed * _MIX + part.astype(np.uint64)
    key = first_seen(mixed.view(np.int64))
    first = np.full(int(key.max()) + 1, -1, dtype=np.int64)
    first[key[::-1]] = np.arange(n - 1, -1, -1)
    if all(np.array_equal(part, part[first[key]]) for part in parts):
        return key
    key = np.zeros(n, dtype=np.int64)  # two tuples mixed alike: number them exactly
    for part in parts:
        part = first_seen(part)
        key = first_seen(key) * (int(part.max()) + 1) + part
    return first_seen(key)


def sort_order(keys: Sequence[np.ndarray]) -> np.ndarray:
    """``np.lexsort`` order by integer ``keys`` (most significant first); one stable sort of
    a packed 64-bit key when the keys' ranges fit in it.

    Examples
    --------
    >>> sort_order([np.array([1, 0, 1]), np.array([5, 7, 2])]).tolist()
    [1, 2, 0]
    """
    if not len(keys[0]):
        return np.zeros(0, dtype=np.int64)
    bits = [int(k.max() - k.min()).bit_length() for k in keys]
    if sum(bits) > 62:
        return np.lexsort(keys[::-1])
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    for key, width in zip(keys, bits, strict=True):
        packed = (packed << width) | (key - key.min())
    return np.argsort(packed, kind="stable")


_MIX = np.uint64(0x9E3779B97F4A7C15)
_EXACT = 2.0**62  # fewer combinations than this: each tuple has its own 64-bit number


def first_seen(key: np.ndarray) -> np.ndarray:
    """Integer keys renumbered 0, 1, ... in order of first appearance."""
    return pd.factorize(key)[0].astype(np.int64)


def identity(parsed_code: np.ndarray, raw_code: np.ndarray) -> np.ndarray:
    """What makes two values the same: the parsed value where it parsed, else the text as
    read (so two unreadable spellings differ, and two spellings of one number agree).

    ``parsed_code`` is ``MISSING`` where the value did not parse; codes of parsed values come
    first, then those of the texts that did not parse (missing text included).

    Examples
    --------
    >>> identity(np.array([0, 0, -1, -1, -1]), np.array([0, 1, 2, 3, 2])).tolist()
    [0, 0, 4, 5, 4]
    """
    n_parsed = int(parsed_code.max()) + 1 if len(parsed_code) else 0
    return np.where(parsed_code != MISSING, parsed_code, n_parsed + 1 + raw_code)
