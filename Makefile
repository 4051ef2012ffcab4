# Two commands: `make demo` and `make test` (and `make train`, which rebuilds the event-type, reported-speech and quote-filter models). Each makes .venv when missing and installs the pinned set.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test train install blis-kernel clean browser screenshots

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

# The event-type classifier (src/newscoder/data/events/type_model.npz) from ../shared/data's training sets;
# deterministic (same data, same bytes). Prints its held-out accuracy. Only the artifact is shipped.
# The direct/mixed quote filter (src/newscoder/data/quote_filter.json) from PolNeAR train's rule-found
# quotes, then the unquoted-attribution model (src/newscoder/data/reported_model.npz) from PolNeAR train
# with that filter on: in this order, likewise the same bytes on every run.
train: $(STAMP)
	$(PY) bench/train_events.py
	$(PY) bench/train_quote_filter.py
	$(PY) bench/train_reported.py

test: blis-kernel browser
	$(PY) -m pytest

# Debian's chromium for the browser tests (tests/test_web_browser.py) and screenshots, installed with apt-get
# when missing (as root); without it those tests skip and say why. Playwright's own browser download is never used.
browser:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "browser: installing Debian's chromium with apt-get"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
	      || echo "browser: apt-get could not install chromium; the browser tests will skip"; \
	  else echo "browser: no chromium, and apt-get needs root; the browser tests will skip"; fi; }

# PNGs of the web UI (Analyze page, corpus page, events table, an article) in docs/screenshots/.
screenshots: $(STAMP) browser
	$(PY) docs/screenshots/take.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
