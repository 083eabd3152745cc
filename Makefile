# daicho: build, run, test, check and bench.
#   make            build build/daicho
#   make run        install missing packages, build, start the server with defaults
#   make test       every test (C unit, API with the official kintone clients)
#   make check      unit and API tests under ASan/UBSan, plus fuzz corpora replay
#   make bench      the wrk workloads against daicho and the floor server
#   make lint       include boundaries and banned functions
CC       ?= cc
BUILD    ?= build
OPT      ?= -O2 -g
PKGS     := libmicrohttpd sqlite3 libsodium jansson liboath libcurl
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS   += -std=gnu11 $(OPT) $(WARN) -Isrc -D_GNU_SOURCE -MMD -MP $(PKG_CFLAGS) $(SAN)
LDLIBS   += $(PKG_LIBS) -lcsv -lpthread -lm
LDFLAGS  += $(SAN)

SRC      := $(shell find src -name '*.c' ! -path src/main.c | sort)
OBJ      := $(SRC:src/%.c=$(BUILD)/obj/%.o)
LIB      := $(BUILD)/libdaicho.a
BIN      := $(BUILD)/daicho
UNIT_SRC := $(shell find tests/unit -name 'test_*.c' 2>/dev/null | sort)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all run test unit api check lint bench deps clean fuzz
all: $(BIN)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(LIB): $(OBJ)
	@rm -f $@
	ar rcs $@ $^

# The web UI: npm packages from the lock file, built by Vite, embedded into the binary.
WEB_DEPS := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
	    web/vite.config.ts web/tsconfig.json web/package.json
web/node_modules/.installed: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/dist/index.html: web/node_modules/.installed $(WEB_DEPS)
	cd web && npm run --silent build

$(BUILD)/web_assets.c: web/dist/index.html web/embed.mjs
	@mkdir -p $(BUILD)
	node web/embed.mjs web/dist $@

$(BUILD)/web_assets.o: $(BUILD)/web_assets.c src/http/assets.h
	$(CC) $(CFLAGS) -c -o $@ $<

$(BIN): src/main.c $(LIB) $(BUILD)/web_assets.o
	$(CC) $(CFLAGS) -o $@ src/main.c $(BUILD)/web_assets.o $(LIB) $(LDFLAGS) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS) -lcmocka

deps:
	@scripts/deps.sh build

run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) serve

unit: $(UNIT_BIN)
	@tests/run-unit.sh $(UNIT_BIN)

api: $(BIN)
	@tests/run-api.sh $(BUILD)

test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@tests/run-all.sh $(BUILD)

check:
	@scripts/deps.sh check
	@$(MAKE) --no-print-directory BUILD=build/san OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
		build/san/daicho $(UNIT_BIN:$(BUILD)/%=build/san/%)
	@$(MAKE) --no-print-directory fuzz
	@tests/run-check.sh

fuzz:
	@$(MAKE) --no-print-directory -f fuzz/fuzz.mk

lint:
	@scripts/lint.sh

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory all
	@bench/run.sh

clean:
	rm -rf build

-include $(OBJ:.o=.d)
