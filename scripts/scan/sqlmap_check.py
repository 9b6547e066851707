"""Read the sqlmap runs of scan.sh and say whether any found something.

Usage: python3 sqlmap_check.py MANIFEST

MANIFEST has one line per run: NAME<TAB>PARAMS<TAB>LOG<TAB>CSV<TAB>STATUS<TAB>
EXPECT, PARAMS comma-separated, STATUS sqlmap's exit status, EXPECT
"clean" for Ideario or "found" for a planted hole of canary.py, which
fails the scan when it is NOT found. A run at Ideario fails the scan
when sqlmap:
  - reports an injection (a row in its results CSV, or the log says a
    parameter is vulnerable or injectable, or names an injection point),
    unless its own false-positive check rejects it at once (printed as a
    note);
  - finds a database error message in a page (the basic heuristic says
    "might be injectable"): SQL errors must never reach a visitor;
  - sees its probe characters come back unescaped (the XSS heuristic) or a
    file-inclusion hint;
  - gets a 5xx answer to its payloads (sqlmap's "HTTP error codes" line):
    a quote that breaks a statement is the usual sign of SQL built from
    input, even where no page shows a difference;
  - did not finish, or did not test every parameter it was given (then the
    scan covered less than it claims); a parameter sqlmap skips because the
    app reads it as a number or refuses it with a format message counts as
    tested (printed as a note).
Prints one line per run and a last line "sqlmap: RUNS runs, PARAMS
parameters, FINDINGS findings" for the summary; exits 1 on any failure.
"""
import csv
import re
import sys

FOUND = [
    re.compile(r"parameter '[^']+' is vulnerable", re.I),
    re.compile(r"identified the following injection point", re.I),
    re.compile(r"heuristic \(basic\) test shows that .* might be injectable", re.I),
    re.compile(r"heuristic \(XSS\) test shows that .* might be vulnerable", re.I),
    re.compile(r"heuristic \(FI\) test shows that .* might be vulnerable", re.I),
]
# A first signal that sqlmap then checks with other random values: a
# finding unless sqlmap itself rejects it as a false positive next.
APPEARS = re.compile(r"parameter '([^']+)' appears to be '.+' injectable")
REJECTED = "false positive or unexploitable injection point detected"
NOT_INJECTABLE = re.compile(r"(?:GET|POST|URI) parameter '([^']+)' does not seem to be injectable")
# sqlmap skips a parameter whose value the app reads as a number ("9" and
# "9.3abc" give the same page) or refuses with a format message ("Please
# enter a date as YYYY-MM-DD."): nothing but a number or a date reaches a
# query.
CAST = re.compile(r"possible (?:integer|type) casting detected")
SKIPPED = re.compile(r"skipping (?:GET|POST|URI) parameter '([^']+)'")
FINISHED = "all tested parameters do not appear to be injectable"
# Payloads that make the server fail: the likeliest cause is input pasted
# into SQL (a quote breaks the statement), even where no answer shows it.
SERVER_ERROR = re.compile(r"\b(5\d\d) \([^)]*\) - (\d+) times")


def csv_rows(path):
    try:
        with open(path, newline="", encoding="utf-8", errors="replace") as f:
            return [row for row in csv.reader(f) if row and row[0] != "Target URL"]
    except FileNotFoundError:
        return []


def check(name, params, log_path, csv_path, status):
    """Returns (problems, findings, notes) for one run."""
    with open(log_path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    findings, notes, problems = [], [], []
    tested, cast = set(), set()
    pending, after_cast = None, False
    for line in lines:
        line = line.strip()
        if pending and REJECTED in line:
            notes.append(f"{name}: rejected by sqlmap's false-positive check: {pending}")
            pending = None
            continue
        if m := APPEARS.search(line):
            if pending:
                findings.append(f"{name}: {pending}")
            pending = line
        elif any(p.search(line) for p in FOUND):
            findings.append(f"{name}: {line}")
        if m := NOT_INJECTABLE.search(line):
            tested.add(m.group(1))
        if CAST.search(line):
            after_cast = True
        elif after_cast and (m := SKIPPED.search(line)):
            cast.add(m.group(1))
            after_cast = False
    if pending:
        findings.append(f"{name}: {pending}")
    for code, times in SERVER_ERROR.findall("\n".join(lines)):
        findings.append(f"{name}: the server answered {code} to {times} payloads")
    for row in csv_rows(csv_path):
        if "false positive" in ",".join(row[4:]):
            continue  # the same rejection, as sqlmap writes it in the CSV
        findings.append(f"{name}: CSV result: {','.join(row)}")
    missing = [p for p in params if p not in tested | cast]
    if not findings:
        if not any(FINISHED in line for line in lines):
            last = [l for l in lines if "[CRITICAL]" in l or "[ERROR]" in l][-1:]
            problems.append(f"{name}: sqlmap did not finish its tests (exit {status}) {' '.join(last)}")
        elif missing:
            problems.append(f"{name}: not tested: {', '.join(missing)}")
    notes += [f"{name}: '{p}' is read as a number or refused unless well-formed (sqlmap's casting check), "
              "not tested further" for p in sorted(cast)]
    return problems, findings, notes


def main(manifest):
    runs = params = canaries = caught = 0
    all_findings, all_problems, all_notes = [], [], []
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            name, plist, log_path, csv_path, status, expect = line.rstrip("\n").split("\t")
            wanted = [p for p in plist.split(",") if p]
            problems, findings, notes = check(name, wanted, log_path, csv_path, status)
            if expect == "found":
                # The planted hole of scan/canary.py: it must be found.
                canaries += 1
                if findings:
                    caught += 1
                    print(f"  {'canary ok':10} {name}: {findings[0].split(': ', 1)[1][:110]}")
                else:
                    all_problems.append(f"{name}: sqlmap did not find the planted injection at {plist}: "
                                        "the settings no longer find what they are meant to")
                    print(f"  {'CANARY':10} {name}: not found")
                continue
            runs += 1
            params += len(wanted)
            verdict = "FOUND" if findings else ("INCOMPLETE" if problems else "clean")
            print(f"  {verdict:10} {name}: {', '.join(wanted)}")
            all_findings += findings
            all_problems += problems
            all_notes += notes
    for line in all_findings:
        print(f"  FINDING {line}")
    for line in all_problems:
        print(f"  PROBLEM {line}")
    for line in all_notes:
        print(f"  note    {line}")
    print(f"sqlmap: {runs} runs, {params} parameters, {len(all_findings)} findings, "
          f"{len(all_problems)} incomplete; canaries {caught}/{canaries} found")
    return 1 if all_findings or all_problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
