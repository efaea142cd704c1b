package tools

import (
	"bytes"
	"encoding/json"
)

// quote returns s as a JSON string: text from users, agents and helpdesks
// appears in a result's text block on one line, between quotes, with its
// line breaks and control characters escaped, so that it can never pass
// for the server's own lines ("Next step: ..."). Structured content is
// JSON, where every string is quoted already.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}
