"""Sphinx configuration of the dlnsym book (``make book``; see ``docs/book/about.md``).

``docs/book/build.py`` stages the sources (these pages, the generated tables, the stored notebooks, the figures and
a vendored MathJax) in ``_build/book-src`` and runs Sphinx with this directory as its configuration directory.
Nothing is executed: the chapters show the outputs stored in the ``.ipynb`` files, the ones nbval checks.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # autodoc imports the checkout's dlnsym

import dlnsym  # noqa: E402

project = "dlnsym"
author = "the dlnsym authors"
copyright = "the dlnsym authors; the paper is Lindsey and Menon, arXiv:2511.01137"
release = version = dlnsym.__version__

extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.mathjax"]
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "*.py"]

# -- the notebooks: stored outputs only -------------------------------------------------------------------------------
nb_execution_mode = "off"
nb_merge_streams = True
nb_ipywidgets_js = {}  # no widget manager scripts from a CDN (the notebooks have no widgets)
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
myst_dmath_double_inline = True  # $$...$$ inside a paragraph is display math, as in JupyterLab
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

# -- math: MathJax 3 served from the site itself (copied by build.py into _static/mathjax) ----------------------------
mathjax_path = "mathjax/tex-chtml.js"
# (MathJax finds its components next to tex-chtml.js, so whatever it loads later also comes from the site)

# -- HTML ---------------------------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "dlnsym: regularization implies balancedness, checked"
html_static_path = ["_static", str(ROOT / "_build" / "book-static")]  # the second one holds MathJax (build.py)
html_css_files = ["dlnsym.css"]
html_last_updated_fmt = None
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_issues_button": False,
    "use_source_button": False,
    "launch_buttons": {},  # no Binder, Colab or Thebe: the site needs nothing outside itself
    "navigation_with_keys": False,
}
html_show_sourcelink = False

# -- autodoc ------------------------------------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "undoc-members": False}
autodoc_typehints = "description"

if os.environ.get("DLNSYM_BOOK_NITPICKY"):
    nitpicky = True

# pydata-sphinx-theme: a definite colour mode (an empty one logs "invalid theme mode" on the console)
html_context = {"default_mode": "light"}


def setup(app):
    # MathJax on every page: the sidebar lists chapter titles with math even on pages that have none of their own
    app.set_html_assets_policy("always")
