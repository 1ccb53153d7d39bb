package mockfile

import (
	"strings"

	"github.com/flowmock/flowmock/internal/yamlsrc"
)

// Error is one problem of a mock file. Its message is "file:line: path: message", the path
// being the keys from the top, such as Flows.order_pipeline.TestCases.HappyPath.ChargeCard
// ("" for the file as a whole). A key other than letters, digits, '_' and '-' is written
// quoted in brackets: MockedResponses.OK["0"].Return["a.b"].
type Error = yamlsrc.Problem

// pathKey writes key for a path: as is when plain, else quoted in brackets.
func pathKey(key string) string { return yamlsrc.BracketKey(key) }

// joinPath appends key to path.
func joinPath(path, key string) string {
	k := pathKey(key)
	if path == "" || strings.HasPrefix(k, "[") {
		return path + k
	}
	return path + "." + k
}
