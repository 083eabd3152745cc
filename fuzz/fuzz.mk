# fuzz.mk: libFuzzer targets. Run from the repository root.
#   make -f fuzz/fuzz.mk           build every fuzz/fuzz_*.c into build/fuzz/<name>
#   make -f fuzz/fuzz.mk replay    run each target once over every file of its corpus,
#                                  fuzz/corpus/<name without fuzz_>/; fails on any crash
# The library sources (src/**/*.c but src/main.c) are compiled once more, into
# build/fuzz/obj (archived as build/fuzz/libdaicho.a), with coverage instrumentation
# and the sanitizers. Targets may include
# shared test headers from tests/unit (e.g. query/test_schema.h).
FUZZ_CC   ?= clang
FUZZ_OUT  := build/fuzz
FUZZ_OBJD := $(FUZZ_OUT)/obj
FUZZ_PKGS := libmicrohttpd sqlite3 libsodium jansson libcurl
FUZZ_SAN  := address,undefined
FUZZ_FLAGS = -g -O1 -std=gnu11 -Isrc -Itests/unit -D_GNU_SOURCE -fno-sanitize-recover=undefined \
	     $(shell pkg-config --cflags $(FUZZ_PKGS) 2>/dev/null)
FUZZ_LIBS  = $(shell pkg-config --libs $(FUZZ_PKGS) 2>/dev/null) -lcsv -lpthread -lm

FUZZ_LIBSRC := $(shell find src -name '*.c' ! -path src/main.c | sort)
FUZZ_LIBOBJ := $(FUZZ_LIBSRC:src/%.c=$(FUZZ_OBJD)/%.o)
FUZZ_SRC    := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN    := $(FUZZ_SRC:fuzz/%.c=$(FUZZ_OUT)/%)
FUZZ_LIB    := $(FUZZ_OUT)/libdaicho.a

.PHONY: all replay clean
all: $(FUZZ_BIN)

$(FUZZ_OBJD)/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIBOBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_OUT)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) -MMD -MP -o $@ $< $(FUZZ_LIB) $(FUZZ_LIBS)

# -runs=0 executes every input of the corpus once and stops; a crash exits non-zero.
replay: $(FUZZ_BIN)
	@set -e; for bin in $(FUZZ_BIN); do \
		name=$${bin##*/fuzz_}; dir=fuzz/corpus/$$name; \
		if [ ! -d $$dir ]; then echo "fuzz: no corpus for $$name"; continue; fi; \
		echo "fuzz: replaying $$(ls $$dir | wc -l) inputs of $$name"; \
		$$bin -runs=0 $$dir >$(FUZZ_OUT)/replay-$$name.log 2>&1 || \
			{ tail -n 40 $(FUZZ_OUT)/replay-$$name.log; echo "fuzz: $$name crashed"; exit 1; }; \
	done

clean:
	rm -rf $(FUZZ_OUT)

-include $(FUZZ_LIBOBJ:.o=.d) $(FUZZ_BIN:=.d)
