"""Each procedure's workflow drawn as SVG by Graphviz (`dot`, a system package) from its
declaration (`procedures.to_dot`): once per procedure and language while the process runs,
since the declarations never change under it."""
import subprocess
from functools import lru_cache

from procedures import PROCEDURES, to_dot

DOT_SECONDS = 20


@lru_cache(maxsize=64)
def workflow_svg(code: str, locale: str) -> bytes:
    """The SVG picture of procedure `code`'s flow, its labels in `locale`."""
    return subprocess.run(["dot", "-Tsvg"], input=to_dot(PROCEDURES[code].flow, locale).encode(),
                          capture_output=True, check=True, timeout=DOT_SECONDS).stdout
