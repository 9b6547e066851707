#!/usr/bin/env bash
# scan.sh scans the running app from outside, as an attacker would, on
# loopback: sqlmap at every query parameter of the pages and the API and at
# every field of the forms (anonymous, contributor and admin), wapiti for
# reflected and stored XSS, open redirects, CRLF, SQL errors, CSRF tokens,
# security headers and cookie flags, first on the plain-http server and
# then on the same app configured for https. It builds the app, serves the
# demo on a free port with a throwaway database, and fails when a scanner
# finds anything not named as allowed in scripts/scan/wapiti_check.py.
# docs/security-scan.md says what is covered, why these settings, and how
# to read a failure.
#
#   scripts/scan.sh                # what CI runs
#   SCAN_JOBS=4 scripts/scan.sh    # scanners side by side (default 3)
#   SCAN_KEEP=1 scripts/scan.sh    # keep the logs and reports even when clean
#
# Needs go, curl, python3, and Debian's sqlmap and wapiti (installed with
# apt-get when missing, which needs root).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs_max=${SCAN_JOBS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/ideario-scan.XXXXXX")
out=$work/reports
mkdir -p "$out" "$work/data" "$work/sqlmap" "$work/wapiti"
server_pids=()
declare -A job_pid_name=() job_started=() job_ended=() job_status=()

log() { printf 'scan: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}

cleanup() {
	local rc=$?
	local pid
	for pid in "${!job_pid_name[@]}" "${server_pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${!job_pid_name[@]}" "${server_pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	if ((rc == 0)) && [[ -z ${SCAN_KEEP:-} ]]; then
		rm -rf "$work"
	else
		log "logs and reports kept in $work (reports/, server*.log)"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- Tools -------------------------------------------------------------

missing=()
command -v sqlmap >/dev/null || missing+=(sqlmap)
command -v wapiti >/dev/null || missing+=(wapiti)
if ((${#missing[@]})); then
	((EUID == 0)) || die "install ${missing[*]} (apt-get install ${missing[*]}), or run as root"
	log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >"$work/apt.log" 2>&1 || die "apt-get update failed: $(tail -n 3 "$work/apt.log")"
	apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$work/apt.log" 2>&1 ||
		die "apt-get install failed: $(tail -n 3 "$work/apt.log")"
fi
# wapiti.py patches Debian's wapiti 3.0.4, whose code lives in Debian's Python.
[[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import wapitiCore' 2>/dev/null ||
	die "wapiti's Python package (wapitiCore) is not importable by /usr/bin/python3"

# ---- The app -----------------------------------------------------------

log "building"
go build -o "$work/ideario" ./cmd/ideario

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

db=sqlite:$work/data/ideario.db
password=scan-password-$RANDOM$RANDOM

# serve NAME PORT BASE_URL [flags]: starts a server on the scan's database;
# rate limits are off because every request of the scan comes from one
# address (a build that ignores the variable answers 429, and the scan
# fails saying so).
serve() {
	local name=$1 port=$2 url=$3
	shift 3
	env -u IDEARIO_SMTP_URL -u IDEARIO_SECRET -u IDEARIO_ADDR \
		IDEARIO_DB="$db" IDEARIO_BASE_URL="$url" IDEARIO_RATE_LIMITS=off \
		"$work/ideario" serve --addr "127.0.0.1:$port" "$@" >"$work/$name.log" 2>&1 &
	server_pids+=($!)
	local pid=$! i
	for ((i = 0; i < 600; i++)); do
		if curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; then
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || die "the server stopped: $(tail -n 5 "$work/$name.log")"
		sleep 0.1
	done
	die "the server did not answer /healthz within 60 s: $(tail -n 5 "$work/$name.log")"
}

port=$(free_port)
base=http://127.0.0.1:$port
log "serving the demo on $base"
serve server "$port" "$base" --demo
# The same app as it runs behind https (IDEARIO_BASE_URL decides HSTS and
# Secure cookies), on the same database, for the header and cookie pass.
https_port=$(free_port)
serve server-https "$https_port" "https://127.0.0.1:$https_port"
https_base=http://127.0.0.1:$https_port
# The canary: a deliberately vulnerable little site that the same settings
# must find holes in (scan/canary.py).
canary_port=$(free_port)
python3 scripts/scan/canary.py "$canary_port" >"$work/canary.log" 2>&1 &
server_pids+=($!)
canary=http://127.0.0.1:$canary_port
for ((i = 0; i < 100; i++)); do
	curl -fs -o /dev/null "$canary/" && break
	sleep 0.1
done

# ---- People and content ------------------------------------------------

declare -A user_id=() cookie_of=() csrf_of=()

# user NAME ROLE: an account scan-NAME@example.com made with the command line.
user() {
	local said
	said=$("$work/ideario" user create --db "$db" --email "scan-$1@example.com" --name "Scan $1" \
		--password "$password" --role "$2" --country BR)
	[[ $said =~ \(id\ ([0-9]+)\) ]] || die "user create said: $said"
	user_id[$1]=${BASH_REMATCH[1]}
}

# csrf_cookie JAR: the visitor's CSRF token, from the cookie a form page set.
csrf_cookie() { awk '$6 == "ideario_csrf" { print $7 }' "$1"; }

# login NAME: signs scan-NAME in as a browser does and keeps the cookies.
login() {
	local jar=$work/$1.jar token code session
	curl -fs -c "$jar" -b "$jar" -o /dev/null "$base/login"
	token=$(csrf_cookie "$jar")
	code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "_csrf=$token" \
		--data-urlencode "email=scan-$1@example.com" --data-urlencode "password=$password" "$base/login")
	session=$(awk '$6 == "ideario_session" { print $7 }' "$jar")
	[[ $code == 303 && -n $session ]] || die "log-in of scan-$1 answered $code"
	cookie_of[$1]="ideario_csrf=$token; ideario_session=$session"
	csrf_of[$1]=$token
}

# post WHO PATH DATA: a form POST as WHO; prints the Location it redirects to.
post() {
	local answer
	answer=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "Cookie: ${cookie_of[$1]}" \
		--data "_csrf=${csrf_of[$1]}&$3" "$base$2")
	[[ $answer == 303\ * ]] || die "POST $2 as $1 answered $answer"
	printf '%s\n' "${answer#303 }"
}

# Anonymous visitors get their CSRF cookie from any form page.
curl -fs -c "$work/anon.jar" -o /dev/null "$base/login"
csrf_of[anon]=$(csrf_cookie "$work/anon.jar")
cookie_of[anon]="ideario_csrf=${csrf_of[anon]}"

# sqlmap's contributor, the one whose log-in sqlmap attacks, the one whose
# account form it fills (a password change would end the others' sessions),
# wapiti's contributor (its crawl submits forms, so it gets its own
# account), and an admin.
user contrib contributor
user login contributor
user account contributor
user wapiti contributor
user admin admin
for who in contrib account wapiti admin; do login "$who"; done

eval "$(python3 scripts/scan/discover.py "$base")"

# comment_id LOCATION: the comment id of a redirect to /ideas/N-slug#comment-ID.
comment_id() { [[ $1 =~ \#comment-([0-9]+)$ ]] && printf '%s\n' "${BASH_REMATCH[1]}"; }
idea_id() { [[ $1 =~ /ideas/([0-9]+) ]] && printf '%s\n' "${BASH_REMATCH[1]}"; }

idea_form="title=Scan+idea+a+roof+rack+that+folds+flat&body=Fold+it+away+when+you+do+not+need+it.&challenge=$OPEN_CHALLENGE&category=$LIST_CATEGORY&tags=scan,racks"
own_idea=$(idea_id "$(post contrib /ideas "$idea_form")") || die "no idea id after POST /ideas"
own_comment=$(comment_id "$(post contrib "/ideas/$IDEA/comments" "body=A+first+comment+from+the+scan")") ||
	die "no comment id after POST /ideas/$IDEA/comments"
w_idea=$(idea_id "$(post wapiti /ideas "$idea_form")") || die "no idea id after POST /ideas"
w_comment=$(comment_id "$(post wapiti "/ideas/$IDEA/comments" "body=A+comment+for+wapiti+to+edit")") ||
	die "no comment id after POST /ideas/$IDEA/comments"
# Someone else's comment on the idea, to report.
other_comment=$(curl -fs "$base/ideas/$IDEA" -L | grep -o 'id="comment-[0-9]*"' | grep -o '[0-9]*' |
	grep -vx -e "$own_comment" -e "$w_comment" | awk 'NR == 1') || die "no other comment on idea $IDEA"
# An audit entry for the audit filters to find.
post admin "/admin/ideas/$IDEA_HIDE/hide" "reason=Hidden+by+the+scan" >/dev/null

# ---- sqlmap ------------------------------------------------------------

# The tests: sqlmap's level-2, risk-1 set for SQLite (boolean-based blind
# in WHERE clauses and in place of the value, with and without a comment or
# subquery; inline queries; UNION with 1-10 NULL columns), plus SQLite's
# three heavy-query time-based and stacked tests, which find injections
# whose answer does not change (an INSERT or UPDATE) and are risk 2 only
# because they load the database. --test-filter picks them by title,
# level and risk aside; boundaries (quote and bracket styles) stay at
# level 2. No OR payloads (risk 3: they can update every row).
sqlmap_tests='^(AND boolean-based blind - WHERE or HAVING clause( \(subquery - comment\)| \(comment\))?|Boolean-based blind - Parameter replace \((original value|CASE)\)|Generic inline queries|Generic UNION query \(NULL\) - 1 to 10 columns|SQLite > 2\.0 AND time-based blind \(heavy query\)|SQLite > 2\.0 time-based blind - Parameter replace \(heavy query\)|SQLite > 2\.0 stacked queries \(heavy query - comment\))$'

queue_names=()
declare -A queue_cmd=() queue_tool=()
manifest=$work/sqlmap.manifest
: >"$manifest.in"
declare -A sqlmap_who=()

# queue TOOL NAME CMD...: a job for the pool; its output goes to reports/NAME.log.
queue() {
	local tool=$1 name=$2
	shift 2
	queue_names+=("$name")
	queue_tool[$name]=$tool
	queue_cmd[$name]=$(printf '%q ' "$@")
}

# check WHO METHOD URL [DATA]: the request sqlmap starts from must reach
# the handler: not refused (403: CSRF or role), not sent to log in, not
# rate-limited, no server error.
check() {
	local who=$1 method=$2 url=$3 data=${4:-} answer
	local args=(-s -o /dev/null -w '%{http_code} %{redirect_url}' -H "Cookie: ${cookie_of[$who]}")
	[[ $method == POST ]] && args+=(--data "$data")
	answer=$(curl "${args[@]}" "$url")
	case $answer in
	429*) die "$method $url answered 429: the server rate-limits the scan; IDEARIO_RATE_LIMITS=off is not in this build yet?" ;;
	403* | 401* | 5*) die "$method $url as $who answered $answer: the scan would not reach the handler" ;;
	*/login*) die "$method $url as $who was sent to log in: the session did not hold" ;;
	esac
}

# sq NAME WHO METHOD PATH DATA PARAMS [SQLMAP FLAGS]: one sqlmap run at
# PARAMS (comma-separated) of one request; PARAMS "#1*" tests the '*' in
# PATH instead. A PATH that is a whole URL is the canary's: sqlmap must
# find something there.
sq() {
	local name=$1 who=$2 method=$3 path=$4 data=$5 params=$6 url=$base$4 expect=clean
	shift 6
	if [[ $path == http* ]]; then
		url=$path expect=found
	elif [[ $method == POST ]]; then
		data="_csrf=${csrf_of[$who]}&$data"
	fi
	check "$who" "$method" "${url//\*/}" "$data"
	local args=(sqlmap -u "$url" --batch --disable-coloring -v 1 --dbms=SQLite --level=2 --risk=1
		--test-filter="$sqlmap_tests" --time-sec=1 --timeout=30 --retries=1 --skip-waf --keep-alive
		--drop-set-cookie --cookie="${cookie_of[$who]}" --output-dir="$work/sqlmap/$name"
		--results-file="$out/sqlmap-$name.csv" "$@")
	[[ $method == POST ]] && args+=(--data="$data")
	[[ $params == \#* ]] || args+=(-p "$params")
	queue sqlmap "sqlmap-$name" "${args[@]}"
	[[ $expect == found ]] || sqlmap_who[$who]=$((${sqlmap_who[$who]:-0} + $(tr ',' '\n' <<<"$params" | wc -l)))
	printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$params" "$out/sqlmap-$name.log" "$out/sqlmap-$name.csv" "$expect" >>"$manifest.in"
}

# wapiti_pass NAME URL COOKIE_FILE MODULES [wapiti flags]: a wapiti pass from
# URL (which also sets the scope) whose JSON goes to reports/NAME.json.
wapiti_pass() {
	local name=$1 url=$2 cookies=$3 modules=$4
	shift 4
	local args=(/usr/bin/python3 scripts/scan/wapiti.py -u "$url" -m "$modules" -f json -o "$out/$name.json"
		--flush-session --store-session "$work/wapiti/$name" --store-config "$work/wapiti/$name-config"
		--no-bugreport -v 1 --skip _csrf "$@")
	[[ -n $cookies ]] && args+=(-c "$cookies")
	queue wapiti "$name" "${args[@]}"
}

# cookie_json WHO: wapiti's cookie file for WHO's session.
cookie_json() {
	python3 - "$1" "${cookie_of[$1]}" >"$work/$1.cookies.json" <<-'EOF'
		import json, sys
		jar = {}
		for pair in sys.argv[2].split("; "):
		    name, value = pair.split("=", 1)
		    jar[name] = {"value": value, "expires": None, "secure": False, "port": None, "version": 0}
		json.dump({"127.0.0.1": {"/": jar}}, sys.stdout)
	EOF
	printf '%s\n' "$work/$1.cookies.json"
}

filters="q=$LIST_Q&sort=top&status=$LIST_STATUS&category=$LIST_CATEGORY&challenge=$LIST_CHALLENGE&tag=$LIST_TAG"
filter_params=q,sort,status,category,challenge,tag
dates="from=2000-01-01&to=2100-01-01"
# The dashboard draws a row per week of its range: a year keeps it small
# (the size for any range is checked on its own below).
last_year="from=$(date -u -d '1 year ago' +%F)&to=$(date -u +%F)"
long_text="Written+by+the+security+scan+to+see+what+the+page+does+with+it."

# wapiti first: its passes are the longest jobs, and its contributor
# crawls before the admin's sqlmap runs change the site. No "sql" module:
# it looks for database error messages, as sqlmap's heuristic does.
web_modules=xss,permanentxss,redirect,crlf,csrf,http_headers,csp,cookieflags
# -d 1: the start pages, the links on them and the forms on them; every
# HTML page with a form or a query parameter is a start page (the feed and
# the API answer XML and JSON: sqlmap covers their parameters). The idea
# list has a pass of its own: its seven parameters all come back in the
# page, so wapiti tries every payload on each, and the links to it with
# other filters would take the whole time before the forms' turn.
wapiti_pass wapiti-anonymous "$base/" "" "$web_modules" --scope folder -d 1 --max-links-per-page 8 \
	--max-scan-time 60 --max-attack-time 120 -x "$base/ideas?*" \
	-s "$base/signup?next=/ideas" -s "$base/login?next=/ideas" -s "$base/password/forgot" \
	-s "$base/password/reset?token=scan" -s "$base/verify?token=scan" -s "$base/challenges/$LIST_CHALLENGE?sort=new" \
	-s "$base/ideas/$LIST_IDEA" -s "$base/users/$DEMO_USER"
wapiti_pass wapiti-list "$base/ideas?$filters&page=1" "" xss,redirect,crlf --scope page -d 0 --max-attack-time 120
# Signed in, without log-out (it ends every session of the person) and
# without deleting the comment it edits.
wapiti_pass wapiti-contributor "$base/" "$(cookie_json wapiti)" "$web_modules" --scope folder -d 1 \
	--max-links-per-page 8 --max-scan-time 60 --max-attack-time 120 -x "$base/logout" -x "$base/comments/*/delete" \
	-s "$base/ideas/new?challenge=$OPEN_CHALLENGE" -s "$base/ideas/$IDEA" -s "$base/ideas/$w_idea/edit" \
	-s "$base/comments/$w_comment/edit" -s "$base/account" -s "$base/notifications"
# The https configuration: headers and cookies only (the pages are the same).
wapiti_pass wapiti-https "$https_base/login" "" http_headers,csp,cookieflags --scope page -d 0
# The canary's planted holes, with the same settings as for Ideario.
wapiti_pass wapiti-canary "$canary/" "" xss --scope folder -d 1 --max-attack-time 60
sq canary-like anon GET "$canary/items?q=an" "" q
sq canary-order anon GET "$canary/list?sort=name" "" sort
sq canary-insert anon POST "$canary/notes" "body=a+note" body

# Anonymous: every query parameter of the pages and the API.
sq ideas anon GET "/ideas?$filters&page=1&$dates" "" "$filter_params,page,from,to"
sq feed anon GET "/feed.atom?$filters&page=1&$dates" "" "$filter_params,page,from,to"
sq api-ideas anon GET "/api/v1/ideas?$filters&$dates&limit=10" "" "$filter_params,from,to,limit"
sq api-cursor anon GET "/api/v1/ideas?cursor=$LIST_CURSOR&limit=5" "" cursor,limit
sq challenge anon GET "/challenges/$LIST_CHALLENGE?q=$LIST_Q&sort=top&status=$LIST_STATUS&category=$LIST_CATEGORY&tag=$LIST_TAG&page=1" "" q,sort,status,category,tag,page
sq idea anon GET "/ideas/$IDEA?reply=$other_comment&report=$other_comment" "" reply,report
sq login-page anon GET "/login?next=/ideas" "" next
sq signup-page anon GET "/signup?next=/ideas" "" next
sq reset-page anon GET "/password/reset?token=scan-token" "" token
sq verify anon GET "/verify?token=scan-token" "" token
# Ids and slugs in paths.
sq path-challenge anon GET "/challenges/$LIST_CHALLENGE*" "" "#1*"
sq path-idea anon GET "/ideas/$LIST_IDEA*" "" "#1*"
sq path-api-idea anon GET "/api/v1/ideas/$LIST_IDEA*" "" "#1*"
sq path-user anon GET "/users/$DEMO_USER*" "" "#1*"
# Anonymous forms. A field that must be unique (an email, a slug) gets its
# own run; the other runs give it a new random value each time (sqlmap's
# --randomize), so that each request creates what it asks for instead of
# all but the first failing on the duplicate. The log-in has the right
# password, so that a true and a false condition would answer differently
# (signed in or not).
signup_form="name=Scan+Probe&email=scan-probe@example.com&password=$password&country=BR&next=/"
sq signup-email anon POST /signup "$signup_form" email
sq signup anon POST /signup "$signup_form" name,password,country,next --randomize=email
sq login anon POST /login "email=scan-login@example.com&password=$password&next=/" email,password,next
sq forgot anon POST /password/forgot "email=scan-login@example.com" email
sq reset anon POST /password/reset "token=scan-token&password=$password" token,password
# Contributor pages and forms.
sq new-idea-page contrib GET "/ideas/new?challenge=$OPEN_CHALLENGE&category=$LIST_CATEGORY" "" challenge,category
sq new-idea contrib POST /ideas "$idea_form" title,body,challenge,category,tags
sq edit-idea contrib POST "/ideas/$own_idea/edit" "$idea_form" title,body,challenge,category,tags
sq comment contrib POST "/ideas/$IDEA/comments" "body=$long_text&parent=$own_comment" body,parent
sq edit-comment contrib POST "/comments/$own_comment/edit" "body=$long_text" body
sq flag-idea contrib POST "/ideas/$IDEA/flag" "reason=spam&note=$long_text" reason,note
sq flag-comment contrib POST "/comments/$other_comment/flag" "reason=off_topic&note=$long_text" reason,note
sq vote contrib POST "/ideas/$IDEA/vote" "back=/ideas/$IDEA" back
sq unvote contrib POST "/ideas/$IDEA/unvote" "back=/ideas/$IDEA" back
sq account account POST /account "name=Scan+account&country=BR&locale=en&notify_email=1" name,country,locale,notify_email
# A wrong current password: the new one is checked and never saved.
sq account-password account POST /account "name=Scan+account&country=BR&locale=en&password=not-the-password&new_password=$password-new" password,new_password
# Admin pages with filters.
sq audit admin GET "/admin/audit?actor=${user_id[admin]}&action=idea.hide&target=idea&target_id=$IDEA_HIDE&page=1" "" actor,action,target,target_id,page
sq admin-users admin GET "/admin/users?q=scan&role=contributor&suspended=&page=1" "" q,role,suspended,page
sq moderation admin GET "/admin/moderation?show=reports&select=all" "" show,select
sq merge-page admin GET "/admin/ideas/$IDEA_MERGE/merge?into=$IDEA_MERGE_INTO" "" into
sq reports admin GET "/reports?challenge=$LIST_CHALLENGE&$last_year" "" challenge,from,to
sq report-csv admin GET "/reports/ideas.csv?$filters&$dates" "" "$filter_params,from,to"
# Admin forms, last: they change what other pages show.
sq api-token admin POST /account/tokens "name=scan-token" name
sq status admin POST "/admin/ideas/$IDEA_STATUS/status" "status=under_review&response=$long_text" status,response
sq hide admin POST "/admin/ideas/$IDEA_HIDE/hide" "reason=$long_text" reason
sq merge admin POST "/admin/ideas/$IDEA_MERGE/merge" "into=$IDEA_MERGE_INTO&reason=$long_text" into,reason
sq bulk admin POST /admin/moderation/bulk "action=dismiss&items=idea:$IDEA_BULK&reason=$long_text" action,items,reason
sq suspend admin POST "/admin/users/$DEMO_USER/suspend" "until=2100-01-01&reason=$long_text" until,reason
sq role admin POST "/admin/users/$DEMO_USER/role" "role=moderator" role
challenge_form="title=Scan+challenge&slug=scan-challenge&description=$long_text&phase=draft&ideation_at=2100-01-01&voting_at=2100-02-01&review_at=2100-03-01&results_at=2100-04-01&vote_budget=0"
sq challenge-slug admin POST /admin/challenges "$challenge_form" slug
sq new-challenge admin POST /admin/challenges "$challenge_form" title,description,phase,ideation_at,voting_at,review_at,results_at,vote_budget --randomize=slug
category_form="name=Scan+category&slug=scan-category&description=$long_text&position=9"
sq category-slug admin POST /admin/categories "$category_form" slug
sq new-category admin POST /admin/categories "$category_form" name,description,position --randomize=slug
sq settings admin POST /admin/settings "site_name=Ideario&welcome_text=$long_text&flag_threshold=5&signup_open=on" site_name,welcome_text,flag_threshold

# ---- The pool ------------------------------------------------------------

log "${#queue_names[@]} scanner runs, $jobs_max at a time"
scan_started=$SECONDS
running=0
next=0
while ((next < ${#queue_names[@]} || running > 0)); do
	while ((running < jobs_max && next < ${#queue_names[@]})); do
		name=${queue_names[next]}
		eval "( exec ${queue_cmd[$name]} ) >\"\$out/\$name.log\" 2>&1 &"
		job_pid_name[$!]=$name
		job_started[$name]=$SECONDS
		next=$((next + 1)) running=$((running + 1))
	done
	rc=0
	wait -n -p done_pid || rc=$?
	name=${job_pid_name[$done_pid]}
	unset "job_pid_name[$done_pid]"
	job_status[$name]=$rc
	job_ended[$name]=$SECONDS
	running=$((running - 1))
	log "$(printf '%-28s exit %-3s %4ss' "$name" "$rc" $((SECONDS - job_started[$name])))"
done

# ---- Verdicts --------------------------------------------------------------

failed=0
while IFS=$'\t' read -r name params logf csvf expect; do
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$params" "$logf" "$csvf" "${job_status[sqlmap-$name]}" "$expect"
done <"$manifest.in" >"$manifest"
echo
echo "## sqlmap"
sqlmap_said=$(python3 scripts/scan/sqlmap_check.py "$manifest") || failed=1
printf '%s\n' "$sqlmap_said"

declare -A wapiti_said=()
for name in wapiti-anonymous wapiti-list wapiti-contributor wapiti-https wapiti-canary; do
	echo
	echo "## $name"
	scan_pass=http
	[[ $name == wapiti-https ]] && scan_pass=https
	[[ $name == wapiti-canary ]] && scan_pass=canary
	if [[ ! -s $out/$name.json ]]; then
		echo "  wapiti wrote no report (exit ${job_status[$name]}): $(tail -n 3 "$out/$name.log")"
		wapiti_said[$name]="no report"
		failed=1
		continue
	fi
	said=$(python3 scripts/scan/wapiti_check.py "$out/$name.json" "$scan_pass") || failed=1
	printf '%s\n' "$said"
	wapiti_said[$name]=$(tail -n 1 <<<"$said")
	if grep -q 'time was reached' "$out/$name.log"; then
		echo "  warning: $(grep -h 'time was reached' "$out/$name.log" | sort -u | tr '\n' ' ')(coverage cut short)"
		wapiti_said[$name]+=" (cut short)"
	fi
	found=$(grep -o 'Wapiti found [0-9]* URLs and forms' "$out/$name.log" | grep -o '[0-9]*' || echo '?')
	wapiti_said[$name]="$found URLs and forms; ${wapiti_said[$name]}"
done

# The https configuration, checked directly: HSTS on pages, and the CSRF,
# session and language cookies Secure, HttpOnly and SameSite=Lax.
echo
echo "## https configuration"
https_problems=0
headers=$(curl -s -D - -o /dev/null "$https_base/login")
token=$(grep -i '^set-cookie: ideario_csrf=' <<<"$headers" | sed 's/^[^=]*=\([^;]*\);.*/\1/' | tr -d '\r')
login_headers=$(curl -s -D - -o /dev/null -H "Cookie: ideario_csrf=$token" --data-urlencode "_csrf=$token" \
	--data-urlencode "email=scan-login@example.com" --data-urlencode "password=$password" "$https_base/login")
https_check() { # WHAT PATTERN TEXT
	if grep -qiE "$2" <<<"$3"; then
		echo "  ok       $1"
	else
		echo "  FINDING  $1: missing"
		https_problems=$((https_problems + 1))
	fi
}
https_check "Strict-Transport-Security with a max-age of a year or more" \
	'^strict-transport-security: max-age=([0-9]{8,}|3[1-9][0-9]{6})' "$headers"
https_check "ideario_csrf cookie Secure, HttpOnly, SameSite=Lax" \
	'^set-cookie: ideario_csrf=[^;]+(;.*)?; (Secure;.*HttpOnly|HttpOnly;.*Secure).*SameSite=Lax' "$headers"
https_check "ideario_session cookie Secure, HttpOnly, SameSite=Lax after log-in" \
	'^set-cookie: ideario_session=[^;]+(;.*)?; (Secure;.*HttpOnly|HttpOnly;.*Secure).*SameSite=Lax' "$login_headers"
lang_headers=$(curl -s -D - -o /dev/null "$https_base/language?lang=fr&next=/")
https_check "lang cookie (the language switcher's) Secure, HttpOnly, SameSite=Lax" \
	'^set-cookie: lang=[^;]+(;.*)?; (Secure;.*HttpOnly|HttpOnly;.*Secure).*SameSite=Lax' "$lang_headers"
((https_problems == 0)) || failed=1

# Every answer of the scan, from the servers' logs: a 5xx is a finding
# (hostile input must never make a server error), a 429 means the rate
# limits were not off.
echo
echo "## server answers"
statuses=$(cat "$work/server.log" "$work/server-https.log" | grep -o 'status=[0-9]*' | sort | uniq -c | sort -k2 | awk '{printf "%s %s, ", $2, $1}' | sed 's/status=//g; s/, $//')
echo "  $(cat "$work/server.log" "$work/server-https.log" | grep -c 'msg=request') requests: $statuses"
server_errors=$(cat "$work/server.log" "$work/server-https.log" | grep -E 'status=5[0-9][0-9]' || true)
if [[ -n $server_errors ]]; then
	echo "  FINDING  server errors (5xx), with the errors logged around them:"
	grep -E -B3 'status=5[0-9][0-9]' "$work/server.log" "$work/server-https.log" | grep -E 'level=(ERROR|WARN)|status=5' | head -n 40 | sed 's/^/           /'
	failed=1
fi
if grep -q 'status=429' "$work/server.log"; then
	echo "  FINDING  the server rate-limited the scan (429): IDEARIO_RATE_LIMITS=off is not honoured by this build"
	failed=1
fi

# Answers stay bounded whatever the query asks. The reports dashboard
# draws a table row per week of its from-to range: a year is about 80 kB;
# the scan's 2000-2100 made 2.2 MB pages, and any range a sponsor (or a
# leaked API token) asks for is drawn, 1000-2100 is 25 MB.
echo
echo "## bounded answers"
bounded_problems=0
bounded() { # WHO PATH MAX_BYTES
	local said
	said=$(curl -s -m 60 -o /dev/null -w '%{http_code} %{size_download} %{time_total}' -H "Cookie: ${cookie_of[$1]}" "$base$2")
	read -r code bytes secs <<<"$said"
	if [[ $code == 200 ]] && ((bytes > $3)); then
		echo "  FINDING  GET $2 answered $bytes bytes in ${secs}s (more than $3): the range is not bounded"
		bounded_problems=$((bounded_problems + 1))
	else
		echo "  ok       GET $2 answered $code, $bytes bytes"
	fi
}
bounded admin "/reports?from=1000-01-01&to=2100-01-01" 2000000
((bounded_problems == 0)) || failed=1

# ---- Summary -----------------------------------------------------------------

span() { # TOOL: seconds from its first start to its last end
	local first=-1 last=0 n
	for n in "${!queue_tool[@]}"; do
		if [[ ${queue_tool[$n]} == "$1" ]]; then
			if ((first < 0 || job_started[$n] < first)); then first=${job_started[$n]}; fi
			if ((job_ended[$n] > last)); then last=${job_ended[$n]}; fi
		fi
	done
	echo $((last - first))
}
sqlmap_runs=$(grep -c 'clean$' "$manifest")
echo
echo "## summary"
printf '%-20s | %-62s | %-44s | %s\n' tool targets findings seconds
printf '%-20s | %-62s | %-44s | %s\n' sqlmap \
	"$sqlmap_runs runs; params: ${sqlmap_who[anon]} anon, $((${sqlmap_who[contrib]} + ${sqlmap_who[account]})) contributor, ${sqlmap_who[admin]} admin" \
	"$(tail -n 1 <<<"$sqlmap_said" | sed 's/^sqlmap: [0-9]* runs, [0-9]* parameters, //')" "$(span sqlmap)"
for name in wapiti-anonymous wapiti-list wapiti-contributor wapiti-https wapiti-canary; do
	printf '%-20s | %-62s | %-44s | %s\n' "$name" "${wapiti_said[$name]%%;*}" "${wapiti_said[$name]#*; }" \
		$((job_ended[$name] - job_started[$name]))
done
printf '%-20s | %-62s | %-44s | %s\n' "https config (curl)" "HSTS, Secure cookies" "$https_problems failing" 0
printf '%-20s | %-62s | %-44s | %s\n' "server log" "every answer of the scan" "$(grep -cE 'status=5[0-9][0-9]' <<<"$server_errors" || true) server errors" -
printf '%-20s | %-62s | %-44s | %s\n' "bounded answers" "/reports over 1,100 years" "$bounded_problems failing" -
echo "total: ${SECONDS}s (scanners $((SECONDS - scan_started))s, $jobs_max at a time)"
if ((failed)); then
	log "FAILED: see the findings above"
	exit 1
fi
log "clean"
