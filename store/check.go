package store

import (
	"encoding/json"

	"github.com/flowmock/flowmock"
)

// invalid returns an InvalidArgument error: "Parameter error. " and the formatted message.
func invalid(format string, args ...any) error {
	return flowmock.Errorf(flowmock.InvalidArgument, "Parameter error. "+format, args...)
}

// checkName checks the name param gives a flow, schedule or alias: 1 to 128 characters,
// letters, digits, "_" and "-", starting with a letter or "_".
func checkName(param, name string) error {
	if validName(name) {
		return nil
	}
	return invalid(`%s: %s is not a valid name: 1 to 128 letters, digits, "_" and "-", starting with a letter or "_".`, param, clip(name))
}

// validName reports whether name matches ^[A-Za-z_][A-Za-z0-9_-]*$ and has at most 128
// characters.
func validName(name string) bool {
	if len(name) == 0 || len(name) > 128 {
		return false
	}
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// checkObject checks that the parameter param, s, is "" or a JSON object.
func checkObject(param, s string) error {
	if s == "" {
		return nil
	}
	var raw json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return invalid("%s: not valid JSON: %v.", param, err)
	}
	if kind := jsonKind(raw); kind != "an object" {
		return invalid("%s: must be a JSON object, not %s.", param, kind)
	}
	return nil
}

// jsonKind names the kind of the valid JSON value raw, with its article.
func jsonKind(raw json.RawMessage) string {
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
