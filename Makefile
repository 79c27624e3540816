# Two entry points: `make run` starts the app, `make test` runs the tests. Both install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export ANONYMIZED_TELEMETRY := False
export HF_HUB_OFFLINE := 1

.PHONY: run test install index eval bench chromium clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first and pinned: the CPU build; unpinned, sentence-transformers pulls a CUDA build.
	$(PY) -m pip install --quiet "torch==2.13.0"
	$(PY) -m pip install --quiet -e ".[test,openai,ollama]"
	touch $(STAMP)

install: $(STAMP)

# Ingest is idempotent: a complete index is checked in about a second, a missing or partial one is built.
# A problem file is reported but does not stop the app (the leading "-").
index: $(STAMP)
	-$(PY) ingest.py

run: index
	$(PY) -m streamlit run app.py

# Debian's chromium drives the browser tests through playwright's executable_path (playwright's own
# browser download does not work offline).
chromium:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

# Two workers, one per core: most tests wait on a browser, a server or a subprocess, so the run takes about
# three quarters of the time. Tests use free ports and their own data folders, so they do not collide.
test: $(STAMP) chromium
	$(PY) -m pytest -q -n 2

eval: index
	$(PY) -m evals.retrieval
	$(PY) -m evals.answers
	$(PY) -m evals.reflection
	$(PY) -m evals.intro
	$(PY) -m evals.meeting
	$(PY) -m evals.reliability

# Speed at 1× (with the app in a real browser, the other core busy), then 10× and 100× the corpus
# (synthetic copies of the real text with precomputed vectors: minutes, not hours).
bench: $(STAMP) chromium
	$(PY) -m evals.bench --app
	$(PY) -m evals.bench --scale 10
	$(PY) -m evals.bench --scale 100

clean:
	rm -rf $(VENV) data
