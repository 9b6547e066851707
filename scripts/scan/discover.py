"""Pick the demo content that scan.sh aims its requests at.

Usage: python3 discover.py BASE_URL

Reads the public JSON API and prints shell assignments (quoted) for eval:
the list filters of one idea (so that a filtered list is not empty and a
true/false difference can show), the ideas each role acts on (all
different, so that one test's side effects do not change another's
page), the challenge that takes ideas, and a demo user for the admin
actions on people.
"""
import json
import re
import shlex
import sys
import urllib.request


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=10) as answer:
        return json.load(answer)


def main(base):
    challenges = get(base, "/api/v1/challenges")
    ideas = get(base, "/api/v1/ideas?limit=100")["ideas"]
    cursor = get(base, "/api/v1/ideas?limit=5").get("next", "")
    if not cursor:
        sys.exit("discover: the API gives no next page after 5 ideas")
    phase = {c["slug"]: c["phase"] for c in challenges}
    open_slugs = [c["slug"] for c in challenges if c["phase"] == "ideation"]
    if not open_slugs:
        sys.exit("discover: no challenge in its ideation phase")

    def word(idea):
        # A plain word of the title, for the full-text filter q.
        words = [w for w in re.findall(r"[A-Za-z]{5,}", idea["title"])]
        return max(words, key=len) if words else ""

    listed = next((i for i in ideas if i.get("challenge") and i.get("category")
                   and i.get("tags") and word(i)), None)
    if listed is None:
        sys.exit("discover: no idea with a challenge, category, tags and a plain word in its title")
    # The contributor votes and comments: an idea whose challenge still
    # takes votes, with someone else's comments to report.
    rest = [i for i in ideas if i["id"] != listed["id"]]
    acted = next((i for i in rest if phase.get(i.get("challenge")) == "ideation" and i["comments"] > 0), None)
    if acted is None:
        sys.exit("discover: no idea open for votes with comments")
    rest = [i for i in rest if i["id"] != acted["id"]]
    if len(rest) < 5:
        sys.exit("discover: the demo has too few ideas")
    status_idea, hidden_idea, merged_idea, merge_target, bulk_idea = rest[-5:]
    people = {listed["author"]["id"], acted["author"]["id"]}
    victim = next(i["author"]["id"] for i in reversed(rest) if i["author"]["id"] not in people)

    values = {
        "LIST_IDEA": listed["id"],
        "LIST_Q": word(listed),
        "LIST_CHALLENGE": listed["challenge"],
        "LIST_CATEGORY": listed["category"],
        "LIST_TAG": listed["tags"][0],
        "LIST_STATUS": listed["status"],
        "LIST_CURSOR": cursor,
        "OPEN_CHALLENGE": open_slugs[0],
        "IDEA": acted["id"],
        "IDEA_STATUS": status_idea["id"],
        "IDEA_HIDE": hidden_idea["id"],
        "IDEA_MERGE": merged_idea["id"],
        "IDEA_MERGE_INTO": merge_target["id"],
        "IDEA_BULK": bulk_idea["id"],
        "DEMO_USER": victim,
    }
    for name, value in values.items():
        print(f"{name}={shlex.quote(str(value))}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1].rstrip("/"))
