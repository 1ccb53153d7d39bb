package fdl

import (
	"go.yaml.in/yaml/v3"

	"github.com/flowmock/flowmock/internal/yamlsrc"
)

// definitionKind names a definition in the problems of yamlsrc.ReadString.
var definitionKind = yamlsrc.Kind{
	Noun:    "the definition",
	Empty:   "empty definition",
	Second:  "a second YAML document; a definition is one document",
	Invalid: "not valid YAML or JSON: ",
}

// load decodes text into its one YAML document and returns the top-level mapping, or nil
// after reporting why there is none. The tree it returns has passed yamlsrc.Guard: its
// aliases end, and it nests at most yamlsrc.MaxDepth levels.
func (p *parser) load(text string) *yaml.Node {
	var ps yamlsrc.List
	root := yamlsrc.ReadString(text, definitionKind, &ps)
	for _, pr := range ps.Problems() {
		p.reportLine(pr.Line, "", "", "%s", pr.Message)
	}
	if root == nil {
		return nil
	}
	root = deref(root)
	if root.Kind != yaml.MappingNode {
		p.report(root, "", "", "a definition is a mapping, got %s", describe(root))
		return nil
	}
	return root
}

// deref follows aliases to the node they stand for.
func deref(n *yaml.Node) *yaml.Node { return yamlsrc.Deref(n) }
