#!/usr/bin/env bash
# static-checks.sh runs the static checks that CI runs: golangci-lint with the
# repository's .golangci.yml, then govulncheck against an offline copy of the
# Go vulnerability database. docs/security-checks.md explains each step, the
# versions and every exclusion.
#
#   bash scripts/static-checks.sh
#
# The tools are built with `go install` at the pinned versions below into
# ${IDEARIO_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ideario-tools}, one
# folder per tool, version and Go version, and reused while those stay the
# same.
# The vulnerability database comes from the golang.org/x/vulndb module,
# fetched through the Go module proxy like any module, and is indexed with
# that module's own cmd/indexdb; nothing else is fetched.
#
# It exits non-zero on any lint finding, or on any vulnerability that the
# code calls unless its ID is in ALLOWED_VULNS below.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

GOLANGCI_LINT_VERSION=v2.15.0
GOVULNCHECK_VERSION=v1.9.0
VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018

# Vulnerabilities in called code that no version served here fixes. Each one
# is explained in docs/security-checks.md; remove an entry as soon as a fix
# can be taken, so that the check holds again.
declare -A ALLOWED_VULNS=(
	[GO-2026-6872]="echo v4: no fixed v4 release (fixed only in echo v5.1.0); c.RealIP trusts X-Forwarded-For unless web/app.go sets e.IPExtractor"
	[GO-2026-6875]="echo v4: no fixed v4 release (fixed only in echo v5.4.0); only middleware.Proxy forwards X-Real-IP, and Ideario does not use it"
	[GO-2026-6599]="standard library, fixed in go1.26.9: this machine's Go is go1.26.8 and the only newer approved toolchain is go1.27.3"
	[GO-2026-6600]="standard library, fixed in go1.26.9: this machine's Go is go1.26.8 and the only newer approved toolchain is go1.27.3"
	[GO-2026-6603]="standard library, fixed in go1.26.9: this machine's Go is go1.26.8 and the only newer approved toolchain is go1.27.3"
	[GO-2026-6605]="standard library, fixed in go1.26.9: this machine's Go is go1.26.8 and the only newer approved toolchain is go1.27.3"
	[GO-2026-6607]="standard library, fixed in go1.26.9: this machine's Go is go1.26.8 and the only newer approved toolchain is go1.27.3"
	[GO-2026-6608]="standard library, fixed in go1.26.9: this machine's Go is go1.26.8 and the only newer approved toolchain is go1.27.3"
	[GO-2026-6609]="standard library, fixed in go1.26.9: this machine's Go is go1.26.8 and the only newer approved toolchain is go1.27.3"
	[GO-2026-6610]="standard library, fixed in go1.26.9: this machine's Go is go1.26.8 and the only newer approved toolchain is go1.27.3"
	[GO-2026-6611]="standard library, fixed in go1.26.9: this machine's Go is go1.26.8 and the only newer approved toolchain is go1.27.3"
	[GO-2026-6612]="standard library, fixed in go1.26.9: this machine's Go is go1.26.8 and the only newer approved toolchain is go1.27.3"
	[GO-2026-6613]="standard library, fixed in go1.26.9: this machine's Go is go1.26.8 and the only newer approved toolchain is go1.27.3"
	[GO-2026-6617]="standard library, fixed in go1.26.9: this machine's Go is go1.26.8 and the only newer approved toolchain is go1.27.3"
	[GO-2026-6809]="standard library, fixed in go1.26.10: this machine's Go is go1.26.8 and the only newer approved toolchain is go1.27.3"
)

tools=${IDEARIO_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ideario-tools}
mkdir -p "$tools"

started=$SECONDS
step_started=$SECONDS
step() {
	if ((SECONDS > started)); then
		printf '(%ds)\n' $((SECONDS - step_started))
	fi
	step_started=$SECONDS
	printf '\n== %s ==\n' "$*"
}

# The Go that runs the script is part of each tool's folder name: a tool built
# by an older Go cannot load code for a newer one (govulncheck built with
# go1.26 fails on go1.27's standard library), so a change of Go rebuilds them.
go_version=$(go env GOVERSION)

# install_tool NAME PACKAGE VERSION: build PACKAGE@VERSION into
# $tools/NAME-VERSION-GOVERSION unless it is there already, and print the
# binary's path. The build goes to a temporary folder first, so that an
# interrupted build is never reused.
install_tool() {
	local name=$1 pkg=$2 version=$3
	local dir=$tools/$name-$version-$go_version
	if [[ ! -x $dir/$name ]]; then
		echo "building $pkg@$version (once per version)" >&2
		rm -rf "$dir.partial"
		GOBIN=$dir.partial go install "$pkg@$version" >&2
		rm -rf "$dir"
		mv "$dir.partial" "$dir"
	fi
	printf '%s\n' "$dir/$name"
}

step "Tools: golangci-lint $GOLANGCI_LINT_VERSION, govulncheck $GOVULNCHECK_VERSION, vulndb $VULNDB_VERSION, with $go_version"
golangci_lint=$(install_tool golangci-lint github.com/golangci/golangci-lint/v2/cmd/golangci-lint "$GOLANGCI_LINT_VERSION")
govulncheck=$(install_tool govulncheck golang.org/x/vuln/cmd/govulncheck "$GOVULNCHECK_VERSION")
indexdb=$(install_tool indexdb golang.org/x/vulndb/cmd/indexdb "$VULNDB_VERSION")
echo "in $tools"

step "Vulnerability database (golang.org/x/vulndb@$VULNDB_VERSION, indexed offline)"
vulndb=$tools/vulndb-$VULNDB_VERSION
if [[ ! -f $vulndb/index/db.json ]]; then
	# The module's data/osv folder holds one OSV JSON file per report;
	# cmd/indexdb writes the index/ and ID/ layout that govulncheck reads
	# from a file:// URL.
	# Run outside the repository so that its go.mod and go.sum stay as they are.
	src=$(cd "$tools" && go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
	if [[ -z $src || ! -d $src/data/osv ]]; then
		echo "could not find data/osv in golang.org/x/vulndb@$VULNDB_VERSION (got '$src')" >&2
		exit 1
	fi
	rm -rf "$vulndb.partial"
	"$indexdb" -vulns "$src/data/osv" -out "$vulndb.partial"
	rm -rf "$vulndb"
	mv "$vulndb.partial" "$vulndb"
fi
echo "$(find "$vulndb/ID" -name '*.json' | wc -l) reports in $vulndb"

failed=()

step "golangci-lint run ./...  (.golangci.yml: errcheck, gosec, govet, ineffassign, nolintlint, rowserrcheck, staticcheck, unused)"
if "$golangci_lint" run ./...; then
	echo "no lint findings"
else
	failed+=("golangci-lint")
fi

step "govulncheck -db file://$vulndb ./..."
report=$(mktemp)
trap 'rm -f "$report"' EXIT
rc=0
found=()
"$govulncheck" -db "file://$vulndb" ./... >"$report" 2>&1 || rc=$?
# Exit 3 means it found vulnerabilities in called code (the only kind the
# default text output lists); anything else but 0 means it could not run.
case $rc in
0) echo "no vulnerable code is called" ;;
3)
	mapfile -t found < <(sed -n 's/^Vulnerability #[0-9]*: \(GO-[0-9]*-[0-9]*\)$/\1/p' "$report")
	unexpected=()
	for id in "${found[@]}"; do
		if [[ -n ${ALLOWED_VULNS[$id]:-} ]]; then
			echo "allowed  $id: ${ALLOWED_VULNS[$id]}"
		else
			unexpected+=("$id")
		fi
	done
	if ((${#found[@]} == 0)); then
		cat "$report"
		echo "govulncheck exited 3 but no vulnerability ID could be read from its report" >&2
		failed+=("govulncheck")
	elif ((${#unexpected[@]} > 0)); then
		cat "$report"
		echo
		echo "vulnerable code is called: ${unexpected[*]}"
		echo "upgrade the module (go get MODULE@FIXED && go mod tidy), or explain in docs/security-checks.md why it cannot be and allow that ID in this script"
		failed+=("govulncheck")
	else
		echo "${#found[@]} called vulnerabilities, all allowed above; no others"
	fi
	;;
*)
	cat "$report"
	echo "govulncheck could not run (exit $rc)" >&2
	failed+=("govulncheck")
	;;
esac

if ((rc == 0 || rc == 3)); then
	for id in "${!ALLOWED_VULNS[@]}"; do
		if [[ " ${found[*]} " != *" $id "* ]]; then
			echo "note: $id is allowed but no longer found; remove it from ALLOWED_VULNS and docs/security-checks.md"
		fi
	done
fi

step "Summary"
if ((${#failed[@]} > 0)); then
	echo "FAILED: ${failed[*]} ($((SECONDS - started))s)"
	exit 1
fi
echo "static checks passed in $((SECONDS - started))s"
