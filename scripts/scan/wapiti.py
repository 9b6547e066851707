"""Run Debian's wapiti 3.0.4 with two of its bugs fixed, nothing else changed.

1. URL exclusion (-x): wapiti compiles each pattern as PATTERN + r'\Z(?ms)';
   Python 3.11 refuses inline flags anywhere but at the start, so any -x
   crashes the crawl ("global flags not at the start of the expression").
   The flags go first here.
2. Multipart forms: wapiti hands every field of a multipart form to
   requests as a file (requests then names each part's file after the
   field), so a server sees no fields at all. Ideario's idea form is
   multipart (it takes images): every request wapiti made to it was
   refused for a missing CSRF token, no payload reached the handler, and
   wapiti's csrf module reported the token as "not properly checked"
   because the right token was refused too. Here the fields go as fields
   and only the file inputs as files, as a browser sends them.

Run it with Debian's /usr/bin/python3, where wapitiCore is installed.
"""
import re
import sys

import wapitiCore.net.crawler as crawler
from wapitiCore.main.wapiti import wapiti_main


def wildcard_translate(pattern):
    """A -x pattern (where * matches anything) as a whole-URL regex."""
    body = "".join(".*" if char == "*" else re.escape(char) for char in pattern)
    return re.compile(r"(?ms)" + body + r"\Z")


# The undecorated original: post below carries the same retry decorator.
_post = crawler.Crawler.post.__wrapped__


@crawler.retry(delay=1, times=3)
def post(self, form, follow_redirects=False, headers=None):
    """Crawler.post, with a multipart form's fields sent as fields."""
    if not form.is_multipart:
        return _post(self, form, follow_redirects, headers)
    form_headers = dict(headers or {})
    if form.referer:
        form_headers["referer"] = form.referer
    # (name, (None, value)) is a plain field to requests; files keep their
    # (filename, content[, type]).
    parts = [(name, (None, value)) for name, value in form.post_params]
    parts += [(name, tuple(upload)) for name, upload in form.file_params]
    try:
        response = self._session.post(
            form.path,
            params=form.get_params,
            files=parts,
            headers=form_headers,
            timeout=self._timeout,
            allow_redirects=follow_redirects,
            verify=self.secure,
        )
    except crawler.ConnectionError as exception:
        if "Read timed out" in str(exception):
            raise crawler.ReadTimeout("Request time out")
        raise
    return crawler.Page(response)


crawler.wildcard_translate = wildcard_translate
crawler.Crawler.post = post
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
