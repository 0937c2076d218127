# dlnsym: `make verify` runs the main job, `make test` the whole suite.
# Both bootstrap a virtual environment in .venv on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: verify test lint notebooks bench figures lab clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	-$(BIN)/python -m pip install -q -e ".[crosscheck]" || echo "optional extra 'crosscheck' (heyoka) not installed"
	$(BIN)/python -m ipykernel install --sys-prefix --name dlnsym --display-name "Python (dlnsym)" >/dev/null
	touch $(STAMP)

verify: $(STAMP)
	$(BIN)/dlnsym verify

test: $(STAMP)
	$(BIN)/ruff check dlnsym tests tools notebooks
	$(BIN)/python -m pytest -q
	$(BIN)/python -m pytest -q --nbval-lax --nbval-current-env notebooks

lint: $(STAMP)
	$(BIN)/ruff check dlnsym tests tools notebooks

bench: $(STAMP)
	$(BIN)/python -m dlnsym.bench

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

# Bring every .ipynb in step with its jupytext source, then restart and run all (outputs stored for nbval).
notebooks: $(STAMP)
	$(BIN)/jupytext --sync notebooks/[0-9]*.py
	for nb in notebooks/[0-9]*.ipynb; do \
	  $(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.kernel_name=dlnsym \
	    --ExecutePreprocessor.timeout=1200 $$nb || exit 1; done

figures: $(STAMP)
	$(BIN)/dlnsym figures figures

clean:
	rm -rf $(VENV)
