# The front door. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
LANGS := nl de fr en
# How much demo data `make run` puts into an empty embedded database.
DEMO_CONSULTATIONS ?= 20000

.PHONY: run test lint bench translations catalogs install clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# Compile the .po catalogs to .mo (generated, never committed).
catalogs: $(STAMP)
	@for lang in $(LANGS); do \
	  $(BIN)/pybabel -q compile -D grensdesk -d translations -l $$lang || exit 1; \
	done

run: catalogs
	$(BIN)/grensdesk db upgrade
	$(BIN)/grensdesk demo --if-empty --consultations $(DEMO_CONSULTATIONS) --months 24
	$(BIN)/grensdesk

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint catalogs
	$(BIN)/pytest

bench: catalogs
	$(BIN)/python -m bench

# Extract the messages from the code and merge them into every catalog.
translations: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k ngettext:1,2 -k translate_in:2 \
	  -k ngettext_in:2,3 --no-location --sort-output --project GrensDesk --copyright-holder "GrensDesk developers" -o translations/grensdesk.pot grensdesk
	@for lang in $(LANGS); do \
	  if [ -f translations/$$lang/LC_MESSAGES/grensdesk.po ]; then \
	    $(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -D grensdesk -i translations/grensdesk.pot -d translations -l $$lang; \
	  else \
	    $(BIN)/pybabel -q init -D grensdesk -i translations/grensdesk.pot -d translations -l $$lang; \
	  fi; \
	done
	$(MAKE) catalogs

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache translations/*/LC_MESSAGES/*.mo
