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
	$(BIN)/ruff check dlnsym tests
	$(BIN)/python -m pytest -q
	$(BIN)/python -m pytest -q --nbval-lax --nbval-current-env notebooks

lint: $(STAMP)
	$(BIN)/ruff check dlnsym tests

bench: $(STAMP)
	$(BIN)/python -m dlnsym.bench

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

figures: $(STAMP)
	$(BIN)/dlnsym figures figures

clean:
	rm -rf $(VENV)
