"""Write a compact copy of an embedded store into a new folder (``kg compact``).

Why: pyoxigraph's RocksDB leaves the first two levels of its tree uncompressed, and while a
store is small (under about half a gigabyte per index) the level its compactions write to
counts as the second one, so every store written by transactions or batches holds its data
uncompressed: about 1.8 times the size of the same quads bulk-loaded into an empty store,
whose tables go straight to the bottom level, compressed. No option of pyoxigraph changes
this, so the only way to the compact form is to load everything again into a new folder.

Why a copy and not a swap in place: RocksDB works on file names, not on an open folder, so
a handle still open on the old folder (background compactions, and closing itself, delete
and write files by name) would damage a new store moved to its path; and once that handle
is closed, its write lock is gone, so another writer could open the old store in the gap
before the swap. The copy is written while the source is open with its write lock (nothing
changes it meanwhile), built in a hidden folder next to the target and renamed to the
target only when it holds as many quads as the source: the target is whole or absent.

The next writes into a compacted store compact into the uncompressed form again (a
compaction rewrites every table a new one overlaps, which with hashed keys is all of them):
compact a store when it is done, to archive or hand it on.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError


@dataclass(frozen=True)
class Rebuilt:
    """What a compaction did: quads copied, and the folders' sizes (bytes)."""

    quads: int
    before: int
    after: int


def folder_bytes(path: Path) -> int:
    """Bytes of the files in a store folder (RocksDB keeps no subfolders)."""
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file())


def compact_copy(raw: ox.Store, source: Path, target: Path) -> Rebuilt:
    """Bulk-load everything ``raw`` (open on ``source``) holds into the new folder ``target``."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StoreError(f"{target} already exists: give a new folder for the compacted store")
    if target.resolve() == source.resolve() or source.resolve() in target.resolve().parents:
        raise StoreError(f"the compacted store goes into a new folder outside the store {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        dump = work / "quads.nq"
        raw.dump(str(dump), format=ox.RdfFormat.N_QUADS)
        built = work / "store"
        fresh = ox.Store(str(built))
        fresh.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        fresh.flush()
        quads, expected = len(fresh), len(raw)
        del fresh  # closed before its folder moves
        if quads != expected:
            raise StoreError(
                f"the copy holds {quads:,} of {expected:,} quads; nothing was written to {target}"
            )
        if target.exists():
            target.rmdir()  # empty, checked above
        built.rename(target)
    except (OSError, RuntimeError) as error:  # e.g. the disk is full
        raise StoreError(f"could not write the compacted store {target}: {error}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Rebuilt(quads, folder_bytes(source), folder_bytes(target))
