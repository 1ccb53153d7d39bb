package mock

import (
	"github.com/flowmock/flowmock"
)

// resolve finds the action the request names, and checks the API version: a missing Action
// or Version is MissingRequiredParams, an unknown action ActionNotSupported, another version
// APIVersionNotSupported.
func (s *Server) resolve(c *call) error {
	w := s.con.Wire
	name, version := c.params.Get(w.Action), c.params.Get(w.Version)
	var missing []string
	if name == "" {
		missing = append(missing, w.Action)
	}
	if version == "" {
		missing = append(missing, w.Version)
	}
	if missing != nil {
		return s.problemError(c.params, missing, nil)
	}
	a, ok := s.con.Action(name)
	if !ok {
		return flowmock.Errorf(flowmock.ActionNotSupported, "%s", s.cat.Message(flowmock.ActionNotSupported, name))
	}
	if !s.con.ServesVersion(version) {
		return flowmock.Errorf(flowmock.APIVersionNotSupported, "%s", s.cat.Message(flowmock.APIVersionNotSupported, version))
	}
	c.action = a
	return nil
}
