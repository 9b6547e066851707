package main

import "io"

// closeWith closes c when a command returns, and makes its error the
// command's unless the command already failed: the store flushes buffered
// writes as it closes, so a close error is a lost write, not noise. Use it as
// `defer closeWith(&err, store)` in a function whose result is named err.
func closeWith(err *error, c io.Closer) {
	if cerr := c.Close(); cerr != nil && *err == nil {
		*err = cerr
	}
}
