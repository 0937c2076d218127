"""Tiny helpers for the notebook builder scripts."""
from pathlib import Path
ROOT = Path(__file__).resolve().parents[2]
import nbformat as nbf


class NB:
    def __init__(self):
        self.nb = nbf.v4.new_notebook()
        self.cells = []

    def md(self, s):
        self.cells.append(nbf.v4.new_markdown_cell(s.strip()))

    def code(self, s):
        self.cells.append(nbf.v4.new_code_cell(s.strip()))

    def save(self, name):
        self.nb["cells"] = self.cells
        self.nb["metadata"]["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
        self.nb["metadata"]["language_info"] = {"name": "python"}
        nbf.write(self.nb, str(ROOT / "notebooks" / name))
