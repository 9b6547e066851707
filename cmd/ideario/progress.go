package main

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// newProgressBar draws a bar of total steps on w (standard error: standard
// output stays for the command's result), redrawn at most five times a
// second and ended with a new line when complete.
func newProgressBar(w io.Writer, total int64, description string) *progressbar.ProgressBar {
	return progressbar.NewOptions64(total, progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(description), progressbar.OptionShowCount(),
		progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionOnCompletion(func() { _, _ = fmt.Fprintln(w) })) // a lost new line on the terminal loses no result
}
