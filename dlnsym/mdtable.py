"""Markdown table cells from plain text: the generated tables (README, ``dlnsym errata``, the book) stay tables.

The registry writes mathematics as plain text (``||G||^2``, ``W_k^*``). In a GitHub/MyST table a ``|`` ends the cell
(the rest of the row is dropped) and a ``*`` may pair with another one into emphasis; :func:`cell` escapes both, so
that the text renders as written. Code spans (between backticks) keep their ``*``; their ``|`` is escaped too, as
GitHub-flavoured tables require.

>>> cell("d/dt 1/2 ||G||^2 = -2 ||w_G||^2 (`eq-2.31`)")
'd/dt 1/2 \\\\|\\\\|G\\\\|\\\\|^2 = -2 \\\\|\\\\|w_G\\\\|\\\\|^2 (`eq-2.31`)'
>>> cell("Re Tr(H_k^*(b) a_k) = Re Tr(G_k^* a_k)")
'Re Tr(H_k^\\\\*(b) a_k) = Re Tr(G_k^\\\\* a_k)'
"""

from __future__ import annotations

__all__ = ["cell", "row"]


def cell(text: str) -> str:
    parts = str(text).split("`")
    out = []
    for i, part in enumerate(parts):
        part = part.replace("|", "\\|")
        if i % 2 == 0 or i == len(parts) - 1:  # outside a code span (an unclosed backtick is literal)
            part = part.replace("*", "\\*")
        out.append(part)
    return "`".join(out)


def row(*cells: str) -> str:
    """One table row; each cell is escaped with :func:`cell`."""
    return "| " + " | ".join(cell(c) for c in cells) + " |"
