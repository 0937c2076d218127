# dlnsym: `make verify` runs the main job, `make test` the whole suite, `make book` the HTML edition.
# All bootstrap a virtual environment in .venv on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BOOK_STAMP := $(VENV)/.installed-book

# Jupyter, IPython, Matplotlib and the caches (pip's, heyoka's compiled code, the log of the `npm prefix` that
# JupyterLab's language-server lookup runs) live inside .venv: no target writes to ~/.jupyter, ~/.local/share/jupyter,
# ~/.ipython, ~/.cache or ~/.npm (make clean removes them all).
export JUPYTER_CONFIG_DIR  := $(CURDIR)/$(VENV)/etc/jupyter
export JUPYTER_DATA_DIR    := $(CURDIR)/$(VENV)/share/jupyter
export JUPYTER_RUNTIME_DIR := $(CURDIR)/$(VENV)/share/jupyter/runtime
export IPYTHONDIR          := $(CURDIR)/$(VENV)/etc/ipython
export MPLCONFIGDIR        := $(CURDIR)/$(VENV)/etc/matplotlib
export XDG_CACHE_HOME      := $(CURDIR)/$(VENV)/cache
export npm_config_cache    := $(CURDIR)/$(VENV)/cache/npm

.PHONY: verify test lint notebooks bench figures book lab clean mutation

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	-$(BIN)/python -m pip install -q -e ".[crosscheck]" || echo "optional extra 'crosscheck' (heyoka) not installed"
	$(BIN)/python -m ipykernel install --sys-prefix --name dlnsym --display-name "Python (dlnsym)" >/dev/null
	touch $(STAMP)

$(BOOK_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[book]"
	touch $(BOOK_STAMP)

verify: $(STAMP)
	$(BIN)/dlnsym verify

# ruff, pytest (with the notebook sources' sync and anchors, and the book in Chromium: tests/test_book.py builds
# the book first when it is missing or stale, and is skipped, saying how to install it, without Chromium), nbval
test: $(STAMP) $(BOOK_STAMP)
	$(BIN)/ruff check dlnsym tests tools notebooks docs
	$(BIN)/python -m pytest -q -rs
	$(BIN)/python -m pytest -q --nbval-lax --nbval-current-env notebooks

lint: $(STAMP)
	$(BIN)/ruff check dlnsym tests tools notebooks docs

bench: $(STAMP)
	$(BIN)/python -m dlnsym.bench

# The HTML edition in _build/html (index.html), from the stored notebooks: nothing is executed.
book: $(BOOK_STAMP)
	$(BIN)/python docs/book/build.py

# JupyterLab in the project's environment, with the kernel "Python (dlnsym)" (installed into .venv, --sys-prefix);
# e.g. `make lab LAB_ARGS=--no-browser` on a remote machine
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_ARGS) notebooks/

# Bring every .ipynb in step with its jupytext source, then restart and run all (outputs stored for nbval).
notebooks: $(STAMP)
	$(BIN)/jupytext --sync notebooks/[0-9]*.py
	for nb in notebooks/[0-9]*.ipynb; do \
	  $(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.kernel_name=dlnsym \
	    --ExecutePreprocessor.timeout=1200 $$nb || exit 1; done

figures: $(STAMP)
	$(BIN)/dlnsym figures figures

# Mutation testing of the formulas and the matrix protocol (not part of make test: about an hour).
# Each mutant is tested by tools/mutation_runner.py (dlnsym verify --quick, stopping at the first failed claim);
# the survivors that are equivalent mutants are explained in docs/mutation.md.
mutation: $(STAMP)
	$(BIN)/python -m pip install -q -e ".[mutation]"
	-$(BIN)/mutmut run --paths-to-mutate dlnsym/formulas.py,dlnsym/matrix.py \
	  --runner "$(BIN)/python tools/mutation_runner.py" --no-progress
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) _build
