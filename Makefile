# Copydesk: `make run` opens the window on the sample articles, `make test` runs every test.
# Both create the virtual environment and install what they need (system packages via
# apt-get when missing and we are root, as on CI).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLES := resources/samples/original.txt resources/samples/rewrite.txt
# Debian packages: Qt's xcb platform plugin for a real window, Xvfb + imagemagick + xdotool
# for screenshots, desktop-file-utils and dpkg-dev for the installers, LibreOffice (no GUI) and
# poppler-utils for the test that renders the Word redline to PDF.
SYSTEM_PACKAGES := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0 \
	libxcb-shape0 libxcb-xkb1 libxcb-cursor0 libglib2.0-0 \
	xvfb xauth imagemagick xdotool desktop-file-utils fonts-dejavu-core binutils \
	libreoffice-writer-nogui poppler-utils

.PHONY: run test lint system-deps venv benchmark docx-benchmark rank-benchmark quality calibrate screenshot package \
	package-figures clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[gui,test,package,cluster]' --config-settings editable_mode=compat
	touch $(STAMP)

venv: $(STAMP)

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else \
			echo "Please install:$$missing (e.g. sudo apt-get install$$missing)"; \
		fi; \
	fi

run: system-deps $(STAMP)
	$(BIN)/copydesk $(SAMPLES)

# Two worker processes (one per core on CI; tests spread one by one, except modules grouped
# because their fixture builds something big once), then the timing-sensitive tests alone.
test: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n auto --maxprocesses 2 --dist loadgroup -m "not alone"
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m alone

lint: $(STAMP)
	$(BIN)/ruff format --check core gui tests benchmarks tools
	$(BIN)/ruff check core gui tests benchmarks tools
	$(BIN)/mypy core

benchmark: $(STAMP)
	$(BIN)/python benchmarks/speed.py

docx-benchmark: $(STAMP)
	$(BIN)/python benchmarks/docx_speed.py

package: system-deps $(STAMP)
	PYTHON=$(BIN)/python bash packaging/build.sh

package-figures: $(STAMP)
	$(BIN)/python benchmarks/package_figures.py --no-build

rank-benchmark: $(STAMP)
	$(BIN)/python benchmarks/rank_speed.py

calibrate: $(STAMP)
	$(BIN)/python benchmarks/calibrate.py --write

quality: $(STAMP)
	$(BIN)/python benchmarks/quality.py

screenshot: system-deps $(STAMP)
	tools/screenshot.sh build/screenshots/copydesk.png
	tools/screenshot.sh build/screenshots/copydesk-dark.png --dark
	SAMPLE_A=resources/samples/traces-original.txt SAMPLE_B=resources/samples/traces-copy.txt \
		tools/screenshot.sh build/screenshots/copydesk-traces.png

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
