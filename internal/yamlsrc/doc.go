// Package yamlsrc reads YAML (and JSON) sources for the packages that check files users write:
// definitions (fdl), mock files (mockfile), scenario files (scenarios) and fixture files
// (fixtures). It holds what they all need, once:
//
//   - Read: one document decoded, a second one refused, yaml.v3's syntax errors placed at the
//     line they are on, and the guard below; the simplest YAML (block mappings and lists of
//     plain words, integers and booleans) is read by a fast reader that builds the very tree
//     yaml.v3 builds and hands anything else to yaml.v3 (fast.go);
//   - the guard: aliases that contain themselves, trees that aliases expand past MaxNodes, and
//     nesting deeper than MaxDepth are refused before anything else walks the tree, so the
//     checkers after it may recurse;
//   - Problem, the one "file:line: path: message" problem, and List, which collects them
//     with field paths (Path) rendered only for the problems actually reported, so checking
//     stays linear in the size of the source whatever its depth and key lengths;
//   - Describe and friends, the words problems use for a node.
package yamlsrc
