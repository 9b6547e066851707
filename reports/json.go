package reports

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/ideario/ideario/models/reporting"
)

// JSON writes the idea report as an array of objects whose keys are the
// columns, in their order. It is written by hand, a value at a time, so
// that the order holds and the array streams.
func JSON(w io.Writer, ideas Ideas, m Meta) error {
	buf := bufio.NewWriterSize(w, 32<<10)
	keys := make([][]byte, len(Columns))
	for k, c := range Columns {
		key, err := json.Marshal(c)
		if err != nil {
			return err
		}
		keys[k] = key
	}
	buf.WriteString("[")
	first := true
	err := ideas(func(i reporting.ReportIdea) error {
		if !first {
			buf.WriteString(",")
		}
		first = false
		buf.WriteString("\n{")
		for k, v := range values(i, m) {
			if k > 0 {
				buf.WriteString(",")
			}
			buf.Write(keys[k])
			buf.WriteString(":")
			if err := writeJSONValue(buf, v); err != nil {
				return err
			}
		}
		_, err := buf.WriteString("}")
		return err
	})
	if err != nil {
		return err
	}
	buf.WriteString("\n]\n")
	return buf.Flush()
}

// writeJSONValue writes one cell: times as RFC 3339 strings, a missing time
// as null, the rest as json.Marshal writes it.
func writeJSONValue(buf *bufio.Writer, v any) error {
	switch v.(type) {
	case nil:
		_, err := buf.WriteString("null")
		return err
	case string, int, int64:
	default:
		v = text(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = buf.Write(b)
	return err
}
