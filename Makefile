# Two commands: `make demo` and `make test`. Each makes .venv when missing and installs the pinned set.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test install blis-kernel clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# Which BLIS kernel the pinned blis picked on this CPU (a generic one means a slow parse).
blis-kernel: $(STAMP)
	@BLIS_ARCH_DEBUG=1 $(PY) -c "import numpy, blis.py; a = numpy.ones((4, 4), dtype='f'); blis.py.gemm(a, a)" 2>&1 \
		| sed 's/^/blis: /'

demo: $(STAMP)
	$(PY) -m newscoder analyze examples/ --pretty

test: blis-kernel
	$(PY) -m pytest

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
