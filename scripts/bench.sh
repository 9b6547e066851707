#!/usr/bin/env bash
# bench.sh runs the load benchmark (cmd/ideario-bench) on SQLite, then on
# PostgreSQL, each in its own default database, and prints both tables.
# Extra arguments go to both runs, for example:
#
#   scripts/bench.sh                               # Mio x10, seeded afresh
#   scripts/bench.sh --reuse                       # reuse the datasets seeded before
#   scripts/bench.sh --users 17000 --ideas 10000 --votes 100000 --comments 50000 --duration 5s
#
# PostgreSQL is the throwaway server of scripts/test-postgres.sh (started
# here when IDEARIO_TEST_POSTGRES is not set); the benchmark keeps its data
# in a schema of its own there.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z ${IDEARIO_TEST_POSTGRES:-} ]]; then
	eval "$(bash scripts/test-postgres.sh)"
fi
for engine in sqlite postgres; do
	echo "## ${engine}"
	echo
	go run ./cmd/ideario-bench --engine "${engine}" "$@"
	echo
done
