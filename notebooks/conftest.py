"""pytest in notebooks/: the notebooks are tested through their .ipynb (nbval).

The paired ``NN_name.py`` files are the notebooks' jupytext sources, not modules: with the project's
``--doctest-modules`` pytest would import (and so run) each of them while collecting. Their sync with the
.ipynb is tested by ``tests/test_notebook_sources.py``.
"""

collect_ignore_glob = ["*.py"]
