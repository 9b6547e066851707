"""A deliberately vulnerable little site: proof that the scan can fail.

Usage: python3 canary.py PORT

scan.sh points sqlmap and wapiti at it with the same settings it uses on
Ideario and expects each hole found; if one is not, the settings (or a
new version of a tool, or the parsing of its output) no longer find what
they are meant to, and the scan fails instead of passing in silence.

  GET  /items?q=     q pasted into a LIKE '%...%' filter (boolean-based)
  GET  /list?sort=   sort pasted into ORDER BY (boolean-based, CASE)
  POST /notes        body pasted into an INSERT that answers the same
                     whatever it stores, and 500 when the SQL breaks, as a
                     Go handler returning the database's error would
  GET  /hello?name=  name written into the page unescaped (reflected XSS)

It listens on 127.0.0.1 only and keeps its data in memory.
"""
import html
import sqlite3
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

db = sqlite3.connect(":memory:", check_same_thread=False)
db.executescript("""
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);
    INSERT INTO items (name) VALUES
      ('cherry: small, round and red, on long stalks, in pairs; sour ones for pies, sweet ones to eat'),
      ('apple: crisp or mealy, green, yellow or red, keeps all winter in a cool cellar, and makes cider'),
      ('damson: a small dark plum with a dusty bloom, too tart to eat raw, the best of all for jam'),
      ('banana: long, curved and yellow, grown in the tropics, picked green and ripened on the way');
    CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
""")
lock = threading.Lock()
# sqlmap's heavy-query timing tests ask SQLite for RANDOMBLOB of 50 MB and
# more, one opcode that nothing interrupts: a small one keeps a loaded CI
# machine free. The canary is not there to prove that timing works.
db.create_function("randomblob", 1, lambda n: bytes(min(int(n or 0), 16)))


def rows(sql):
    with lock:
        try:
            return [r[0] for r in db.execute(sql).fetchall()], 200
        except sqlite3.Error:
            return [], 500


class Handler(BaseHTTPRequestHandler):
    def answer(self, code, body, location=None):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(data)

    def page(self, title, items):
        links = '<a href="/items?q=an">items</a> <a href="/list?sort=name">list</a> <a href="/hello?name=you">hello</a>'
        lis = "".join(f"<li>{html.escape(str(i))}</li>" for i in items)
        form = '<form method="post" action="/notes"><textarea name="body">a note</textarea><button>Save</button></form>'
        return f"<!doctype html><title>{title}</title><p>{links}</p><ul>{lis}</ul>{form}"

    def do_GET(self):
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/items":
            found, code = rows("SELECT name FROM items WHERE name LIKE '%" + q.get("q", "") + "%' ORDER BY id")
            self.answer(code, self.page("Items", found))
        elif url.path == "/list":
            # Two rows: a different order shows different text, not the same text moved.
            found, code = rows("SELECT name FROM items ORDER BY " + q.get("sort", "id") + " LIMIT 2")
            self.answer(code, self.page("List", found))
        elif url.path == "/hello":
            self.answer(200, "<!doctype html><title>Hello</title><p>Hello " + q.get("name", "") + "</p>")
        else:
            self.answer(200, self.page("Canary", []))

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8", "replace")).items()}
        if urlparse(self.path).path == "/notes":
            _, code = rows("INSERT INTO notes (body) VALUES ('" + form.get("body", "") + "')")
            if code == 500:
                self.answer(500, "Internal Server Error")
            else:
                self.answer(303, "", location="/")
        else:
            self.answer(404, "not found")

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
