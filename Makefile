# dlnsym: `make verify` runs the main job, `make test` the whole suite.
# Both bootstrap a virtual environment in .venv on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: verify test lint notebooks bench figures lab clean mutation

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
	$(BIN)/ruff check dlnsym tests
	$(BIN)/python -m pytest -q
	$(BIN)/python -m pytest -q --nbval-lax --nbval-current-env notebooks

lint: $(STAMP)
	$(BIN)/ruff check dlnsym tests

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

# Mutation testing of the formulas and the matrix protocol (not part of make test: about an hour).
# Each mutant is tested by tools/mutation_runner.py (dlnsym verify --quick, stopping at the first failed claim);
# the survivors that are equivalent mutants are explained in docs/mutation.md.
mutation: $(STAMP)
	$(BIN)/python -m pip install -q -e ".[mutation]"
	-$(BIN)/mutmut run --paths-to-mutate dlnsym/formulas.py,dlnsym/matrix.py \
	  --runner "$(BIN)/python tools/mutation_runner.py" --no-progress
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV)
