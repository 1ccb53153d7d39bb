package openapi

import "github.com/getkin/kin-openapi/openapi3"

// The helpers the generated document (cloudflow_gen.go) builds kin-openapi's map-like
// types with: their entries live in an unexported map.

type pathItem struct {
	key  string
	item *openapi3.PathItem
}

func newPaths(ext map[string]any, items ...pathItem) *openapi3.Paths {
	p := openapi3.NewPathsWithCapacity(len(items))
	p.Extensions = ext
	for _, it := range items {
		p.Set(it.key, it.item)
	}
	return p
}

type responseItem struct {
	key  string
	item *openapi3.ResponseRef
}

func newResponses(ext map[string]any, items ...responseItem) *openapi3.Responses {
	r := openapi3.NewResponsesWithCapacity(len(items))
	r.Extensions = ext
	for _, it := range items {
		r.Set(it.key, it.item)
	}
	return r
}

func ptr[T any](v T) *T { return &v }
