"""What a benchmark writes to disk is removed when it ends, unless it is asked to keep it (`--keep`)."""

import argparse
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def add_keep_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated files (for a rerun that reuses them) instead of removing them")


@contextmanager
def generated(path: Path, *, keep: bool) -> Iterator[Path]:
    """`path` for the block, then removed (or, with --keep, said where it stays)."""
    try:
        yield path
    finally:
        if keep:
            print(f"kept {path}", flush=True)
        else:
            shutil.rmtree(path, ignore_errors=True)
