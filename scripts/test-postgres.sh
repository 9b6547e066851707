#!/usr/bin/env bash
# test-postgres.sh starts a throwaway PostgreSQL for the test suite: its own
# cluster in a temporary folder, listening on 127.0.0.1 only, with trust
# authentication and durability switched off (the data is worth nothing).
#
#   scripts/test-postgres.sh [start]   start it (or find it running) and print
#                                      export IDEARIO_TEST_POSTGRES=postgres://...
#   scripts/test-postgres.sh stop      stop it and delete its folder
#   scripts/test-postgres.sh status    say whether it runs, and where
#
# A developer runs:   eval "$(scripts/test-postgres.sh)" && go test ./...
# CI sources it:      source scripts/test-postgres.sh start   (exports the variable)
#
# Starting twice reuses the running server. Settings, all optional:
#   IDEARIO_PG_PORT  first port to try (default 55432; the next free one is used)
#   IDEARIO_PG_DIR   the cluster's folder (default /tmp/ideario-test-postgres)
#   IDEARIO_PG_BIN   PostgreSQL's bin folder (default: the newest in /usr/lib/postgresql)
#   IDEARIO_PG_NAME  the database to create (default ideario_test)
#
# Run as root, the server runs as the postgres OS user; run as anyone else,
# it runs as that user. Either way the database superuser is "postgres".

# Everything lives in functions prefixed with _itp_ and uses `return`, so
# that sourcing this file changes nothing in the caller's shell but
# IDEARIO_TEST_POSTGRES.

_itp_log() { printf 'test-postgres: %s\n' "$*" >&2; }

_itp_settings() {
	_itp_dir=${IDEARIO_PG_DIR:-/tmp/ideario-test-postgres}
	_itp_name=${IDEARIO_PG_NAME:-ideario_test}
	_itp_bin=${IDEARIO_PG_BIN:-}
	if [[ -z $_itp_bin ]]; then
		_itp_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
	fi
	if [[ -z $_itp_bin || ! -x $_itp_bin/pg_ctl ]]; then
		if command -v pg_config >/dev/null 2>&1; then
			_itp_bin=$(pg_config --bindir)
		fi
	fi
	if [[ -z $_itp_bin || ! -x $_itp_bin/pg_ctl ]]; then
		_itp_log "PostgreSQL server binaries not found (apt-get install postgresql, or set IDEARIO_PG_BIN)"
		return 1
	fi
}

# _itp_as runs a command as the server's OS user.
_itp_as() {
	if [[ $(id -u) == 0 ]]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

_itp_port_busy() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

_itp_running() {
	[[ -f $_itp_dir/data/PG_VERSION ]] && _itp_as "$_itp_bin/pg_ctl" -D "$_itp_dir/data" status >/dev/null 2>&1
}

_itp_url() {
	printf 'postgres://postgres@127.0.0.1:%s/%s?sslmode=disable' "$(cat "$_itp_dir/port")" "$_itp_name"
}

_itp_init() {
	# A folder left by a crashed run is started again as it is; one without
	# a cluster is made anew.
	if [[ -f $_itp_dir/data/PG_VERSION ]]; then
		return 0
	fi
	rm -rf "$_itp_dir"
	mkdir -p "$_itp_dir" || return 1
	if [[ $(id -u) == 0 ]]; then
		chown postgres: "$_itp_dir" || return 1
	fi
	chmod 700 "$_itp_dir"
	# C.UTF-8 makes lower-casing (and so full-text search) work on every
	# alphabet, as a production database in a UTF-8 locale does.
	local locale=(--locale=C.UTF-8)
	if ! locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then
		locale=(--no-locale)
	fi
	_itp_log "initdb in $_itp_dir/data"
	_itp_as "$_itp_bin/initdb" -D "$_itp_dir/data" -U postgres -A trust -E UTF8 "${locale[@]}" \
		>"$_itp_dir/initdb.log" 2>&1 || {
		cat "$_itp_dir/initdb.log" >&2
		return 1
	}
}

_itp_start() {
	_itp_settings || return 1
	if _itp_running && [[ -f $_itp_dir/port ]]; then
		_itp_log "already running on port $(cat "$_itp_dir/port")"
	else
		_itp_init || return 1
		local port=${IDEARIO_PG_PORT:-55432}
		while _itp_port_busy "$port"; do
			port=$((port + 1))
		done
		_itp_as sh -c "echo $port >'$_itp_dir/port'" || return 1
		_itp_log "starting on 127.0.0.1:$port (log: $_itp_dir/server.log)"
		if ! _itp_as "$_itp_bin/pg_ctl" -D "$_itp_dir/data" -l "$_itp_dir/server.log" -w -t 60 start \
			-o "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
			>/dev/null; then
			cat "$_itp_dir/server.log" >&2
			return 1
		fi
	fi
	local port
	port=$(cat "$_itp_dir/port")
	local psql=("$_itp_bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1)
	local exists
	exists=$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$_itp_name'") || return 1
	if [[ $exists != 1 ]]; then
		"${psql[@]}" -c "CREATE DATABASE \"$_itp_name\"" || return 1
		_itp_log "created database $_itp_name"
	fi
	IDEARIO_TEST_POSTGRES=$(_itp_url)
	export IDEARIO_TEST_POSTGRES
}

_itp_stop() {
	_itp_settings || return 1
	if _itp_running; then
		_itp_as "$_itp_bin/pg_ctl" -D "$_itp_dir/data" -m fast -w stop >/dev/null || return 1
		_itp_log "stopped"
	fi
	rm -rf "$_itp_dir"
}

_itp_status() {
	_itp_settings || return 1
	if _itp_running && [[ -f $_itp_dir/port ]]; then
		_itp_log "running: $(_itp_url)"
		return 0
	fi
	_itp_log "not running"
	return 3
}

_itp_main() {
	case ${1:-start} in
	start)
		_itp_start || return 1
		printf "export IDEARIO_TEST_POSTGRES='%s'\n" "$IDEARIO_TEST_POSTGRES"
		;;
	stop) _itp_stop ;;
	status) _itp_status ;;
	*)
		_itp_log "usage: $0 [start|stop|status]"
		return 2
		;;
	esac
}

if [[ ${BASH_SOURCE[0]} != "$0" ]]; then
	# Sourced: arguments are the ones given to `source`.
	_itp_main "$@"
else
	set -uo pipefail
	_itp_main "$@"
	exit $?
fi
