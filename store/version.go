package store

import (
	"strconv"
	"time"

	"github.com/flowmock/flowmock/fdl"
)

// Version is a published version of a flow: a snapshot of its definition.
type Version struct {
	Flow        string
	Version     string // "1", "2", …: never reused in the flow, even after a delete
	Description string
	Definition  string
	Parsed      *fdl.Definition // Definition parsed; nil when it does not parse (ParseErr)
	ParseErr    error
	Created     time.Time
}

// PublishVersion publishes the flow's current definition as its next version. It returns
// FlowNotExists.
func (s *Session) PublishVersion(flow, description string) (Version, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs, err := s.own(flow)
	if err != nil {
		return Version{}, err
	}
	v := Version{
		Flow:        fs.rec.Name,
		Version:     strconv.FormatUint(fs.versions.next(), 10),
		Description: description,
		Definition:  fs.rec.Definition,
		Parsed:      fs.rec.Parsed,
		ParseErr:    fs.rec.ParseErr,
		Created:     s.now(),
	}
	if err := s.charge("Version", versionBytes(&v)); err != nil {
		return Version{}, err
	}
	fs.versions.add(v.Version, v)
	return v, nil
}

// Version returns the version of the flow. It returns FlowNotExists, or InvalidArgument
// ("Parameter error. Version V of flow F does not exist.").
func (s *Session) Version(flow, version string) (Version, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, _, err := s.version(flow, version)
	if err != nil {
		return Version{}, err
	}
	return e.val, nil
}

// version looks the version up. The caller holds s.mu.
func (s *Session) version(flow, version string) (*entry[Version], *flowState, error) {
	return findItem(s, versionKind, flow, version)
}

// ListVersions returns the flow's versions numbered above after, in order, at most limit of
// them (all when limit is not positive), and next, the number to pass as after for the next
// page, or 0 when this page is the last. It returns FlowNotExists.
func (s *Session) ListVersions(flow string, after uint64, limit int) ([]Version, uint64, error) {
	return listItems(s, versionKind, flow, after, limit, deref[Version])
}

// DeleteVersion deletes the version of the flow. It returns FlowNotExists, or
// InvalidArgument when the version does not exist or an alias routes to it ("Parameter
// error. Version V of flow F is used by alias A.").
func (s *Session) DeleteVersion(flow, version string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, fs, err := s.version(flow, version)
	if err != nil {
		return err
	}
	for _, a := range fs.aliases.entries {
		for _, r := range a.val.Routes {
			if r.Version == e.name {
				return invalid("Version %s of flow %s is used by alias %s.", version, flow, a.name)
			}
		}
	}
	s.bytes -= versionBytes(&e.val)
	fs.versions.remove(e.name)
	return nil
}

// versionBytes is what a version counts in its session's bytes.
func versionBytes(v *Version) int { return len(v.Definition) + len(v.Description) }
