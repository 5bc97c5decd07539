# partman_ext — PGXS build.  `make && make install`; tests: scripts/test.sh (see README.md).
EXTENSION  = partman_ext
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = $(EXTENSION)
# Folders show the layers (docs/architecture.md; scripts/include-graph.sh checks that includes only
# point down): src/module.cpp (_PG_init), src/sql (every SQL-callable entry point), src/worker
# (launcher and scheduler), src/engine (the work), src/pg (PostgreSQL plumbing), src/core (pure C++).
SRCS = $(sort $(wildcard src/*.cpp src/sql/*.cpp src/worker/*.cpp src/engine/*.cpp src/pg/*.cpp src/core/*.cpp))
OBJS = $(SRCS:.cpp=.o)

# The install script of the current version is assembled from sql/install/NN_*.sql in name order.
# Released install scripts (sql/$(EXTENSION)--X.Y.Z.sql) are frozen, and every upgrade script
# (sql/$(EXTENSION)--A--B.sql) is written by hand; docs/releasing.md says how.
DATA_built = sql/$(EXTENSION)--$(EXTVERSION).sql
DATA       = $(filter-out $(DATA_built),$(wildcard sql/$(EXTENSION)--*.sql))
DOCS       = README.md

# pg_regress reads sql/<test>.sql and expected/<test>.out; isolation specs live in specs/.
REGRESS   = $(sort $(basename $(notdir $(filter-out sql/$(EXTENSION)--%,$(wildcard sql/*.sql)))))
ISOLATION = $(sort $(basename $(notdir $(wildcard specs/*.spec))))
# The scheduler serves every database where the extension is installed; the SQL-level tests want
# none in theirs. So `make installcheck` creates the test databases itself, as pg_regress would
# (template0 and its settings), plus partman_ext.pause_scheduler = on, and pg_regress uses them.
REGRESS_OPTS   = --use-existing
ISOLATION_OPTS = --use-existing
REGRESS_PREP   = regress-databases

PG_CONFIG ?= pg_config
PG_INCLUDE_SERVER := $(shell $(PG_CONFIG) --includedir-server)
# -isystem keeps PostgreSQL's own headers out of our -Wall -Wextra. Only the symbols PostgreSQL
# looks up are exported (-fvisibility=hidden; PMX_FUNCTION in src/pg/guard.hpp): PostgreSQL 15
# leaves PGDLLEXPORT empty on Linux, so it is defined here as default visibility.
EXPORT_DEFINE = '-DPGDLLEXPORT=__attribute__((visibility("default")))'
PG_CPPFLAGS = -Isrc -isystem $(PG_INCLUDE_SERVER) $(EXPORT_DEFINE)
PG_CXXFLAGS = -std=c++17 -Wall -Wextra -Wno-register -fno-omit-frame-pointer -fvisibility=hidden -fvisibility-inlines-hidden -MMD -MP
# The fault-injection test build (test/faults/run.sh builds a copy with FAULTS=1): every pg::call
# can be made to fail (partman_ext.fault_after, src/pg/guard.hpp). Never packaged.
ifdef FAULTS
PG_CPPFLAGS += -DPMX_FAULT_INJECTION
endif
# CI builds with WERROR=1: a warning fails the build.
ifdef WERROR
PG_CXXFLAGS += -Werror
endif
# The symbols the library exports: src/exports.map (linker version script).
EXPORTS_MAP := $(abspath $(dir $(firstword $(MAKEFILE_LIST))))/src/exports.map
SHLIB_LINK  = -lstdc++ -Wl,--version-script=$(EXPORTS_MAP)

# Set before including PGXS, which tests it with ifdef (the client's variables are defined below).
EXTRA_CLEAN = test/core/core_tests test/module/*.o test/module/*.d test/module/*.so results output_iso regression.diffs regression.out $(CLI_PROGRAM) $(CLI_OBJS) $(CLI_OBJS:.o=.d)

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Relink when the export list changes.
$(shlib): $(EXPORTS_MAP)

# The LLVM bitcode step must see -std=c++17 too.
COMPILE.cxx.bc += -std=c++17 -Wno-register

sql/$(EXTENSION)--$(EXTVERSION).sql: $(sort $(wildcard sql/install/*.sql)) $(EXTENSION).control
	cat $(sort $(wildcard sql/install/*.sql)) > $@

# The test-only module (test/module: _boundary_selftest) is built here, never installed: the tests
# create its SQL function from the path stored in each test database (partman_ext_test.module).
TEST_MODULE = $(CURDIR)/test/module/partman_ext_test
regress-databases:
	@$(MAKE) -s -C test/module PG_CONFIG="$(PG_CONFIG)" $(if $(WERROR),WERROR=1) >/dev/null
	@set -e; for db in $(if $(REGRESS),$(CONTRIB_TESTDB)) $(if $(ISOLATION),$(ISOLATION_TESTDB)); do \
	  "$(bindir)/psql" -X -q -v ON_ERROR_STOP=1 -d postgres \
	    -c "DROP DATABASE IF EXISTS \"$$db\" WITH (FORCE)" -c "CREATE DATABASE \"$$db\" TEMPLATE=template0" \
	    -c "ALTER DATABASE \"$$db\" SET partman_ext.pause_scheduler = on" \
	    -c "ALTER DATABASE \"$$db\" SET lc_messages TO 'C'" -c "ALTER DATABASE \"$$db\" SET lc_monetary TO 'C'" \
	    -c "ALTER DATABASE \"$$db\" SET lc_numeric TO 'C'" -c "ALTER DATABASE \"$$db\" SET lc_time TO 'C'" \
	    -c "ALTER DATABASE \"$$db\" SET bytea_output TO 'hex'" \
	    -c "ALTER DATABASE \"$$db\" SET timezone_abbreviations TO 'Default'" \
	    -c "ALTER DATABASE \"$$db\" SET partman_ext_test.module TO '$(TEST_MODULE)'"; \
	done
.PHONY: regress-databases

# Pure C++ core unit tests (GoogleTest, no PostgreSQL).
GTEST_SRC ?= /usr/src/googletest/googletest
CORE_SRCS  = $(sort $(wildcard src/core/*.cpp))
CORE_TESTS = $(sort $(wildcard test/core/*.cpp))
test/core/core_tests: $(CORE_SRCS) $(CORE_TESTS)
	$(CXX) -std=c++17 -O1 -g -Wall -Wextra $(if $(WERROR),-Werror) -Isrc -I$(GTEST_SRC)/include -I$(GTEST_SRC) \
	  $(CORE_SRCS) $(CORE_TESTS) $(GTEST_SRC)/src/gtest-all.cc $(GTEST_SRC)/src/gtest_main.cc -lpthread -o $@
coretest: test/core/core_tests
	test/core/core_tests
.PHONY: coretest

# Header dependencies: the compiler writes them (-MMD) next to each object; the LLVM bitcode of a
# file is rebuilt whenever its object is.
-include $(OBJS:.o=.d)
$(OBJS:.o=.bc): %.bc: %.o
EXTRA_CLEAN += $(OBJS:.o=.d)

# The command-line client partman_ext (issue 12; docs/partman_ext.1): a program of its own, linked
# with libpq, installed into PostgreSQL's bindir beside psql (as pg_repack's client is) and its man
# page into PostgreSQL's man directory. Not part of the extension's SRCS: src/cli/lib is pure C++
# (tested with GoogleTest in test/cli, built into the core test binary), src/cli/*.cpp is the libpq
# side. It shares src/core/bars.cpp with partition_report() so both draw the same bars.
CLI_PROGRAM  = src/cli/partman_ext
CLI_SRCS     = $(sort $(wildcard src/cli/*.cpp src/cli/lib/*.cpp)) src/core/bars.cpp src/core/json.cpp
CLI_OBJS     = $(CLI_SRCS:.cpp=.cli.o)
CLI_CXXFLAGS = -std=c++17 -O2 -g -Wall -Wextra $(if $(WERROR),-Werror) -MMD -MP -Isrc -I$(includedir) -DPARTMAN_EXT_VERSION='"$(EXTVERSION)"'
CORE_SRCS   += $(sort $(wildcard src/cli/lib/*.cpp))
CORE_TESTS  += $(sort $(wildcard test/cli/*.cpp))

%.cli.o: %.cpp
	$(CXX) $(CLI_CXXFLAGS) -c $< -o $@
$(CLI_PROGRAM): $(CLI_OBJS)
	$(CXX) $(LDFLAGS) $(CLI_OBJS) -L$(libdir) -lpq -o $@
all: $(CLI_PROGRAM)
-include $(CLI_OBJS:.o=.d)

install: install-cli
install-cli: $(CLI_PROGRAM)
	$(MKDIR_P) '$(DESTDIR)$(bindir)' '$(DESTDIR)$(mandir)/man1'
	$(INSTALL_PROGRAM) $(CLI_PROGRAM) '$(DESTDIR)$(bindir)/partman_ext'
	$(INSTALL_DATA) docs/partman_ext.1 '$(DESTDIR)$(mandir)/man1/partman_ext.1'
uninstall: uninstall-cli
uninstall-cli:
	rm -f '$(DESTDIR)$(bindir)/partman_ext' '$(DESTDIR)$(mandir)/man1/partman_ext.1'
.PHONY: install-cli uninstall-cli
