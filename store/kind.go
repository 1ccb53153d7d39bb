package store

import "github.com/flowmock/flowmock"

// kind is one sort of item a flow holds in a list (versions, aliases, schedules): where its
// list is and the error for a name the list does not hold.
type kind[T any] struct {
	of      func(*flowState) *list[T]
	missing func(flow, name string) error
}

var (
	versionKind = kind[Version]{
		of: func(fs *flowState) *list[Version] { return &fs.versions },
		missing: func(flow, name string) error {
			return invalid("Version %s of flow %s does not exist.", name, flow)
		},
	}
	aliasKind = kind[Alias]{
		of: func(fs *flowState) *list[Alias] { return &fs.aliases },
		missing: func(flow, name string) error {
			return invalid("Alias %s of flow %s does not exist.", name, flow)
		},
	}
	scheduleKind = kind[Schedule]{
		of: func(fs *flowState) *list[Schedule] { return &fs.schedules },
		missing: func(flow, name string) error {
			return flowmock.Errorf(flowmock.ScheduleNotExists, "The schedule %s for flow %s does not exist.", name, flow)
		},
	}
)

// findItem looks up the item name of the flow, returning it and the flow's state, or
// FlowNotExists or k's error for a missing item. The caller holds s.mu.
func findItem[T any](s *Session, k kind[T], flow, name string) (*entry[T], *flowState, error) {
	fs, _, err := s.lookup(flow)
	if err != nil {
		return nil, nil, err
	}
	if fs != nil {
		if e := k.of(fs).get(name); e != nil {
			return e, fs, nil
		}
	}
	return nil, nil, k.missing(flow, name)
}

// deleteItem deletes the item name of the flow, or returns what findItem does.
func deleteItem[T any](s *Session, k kind[T], flow, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, fs, err := findItem(s, k, flow, name)
	if err != nil {
		return err
	}
	k.of(fs).remove(name)
	return nil
}

// listItems returns the flow's items numbered above after, at most limit of them (all when limit
// is not positive), each converted by conv, and next, the number to pass as after for the next
// page, or 0 when this page is the last. It returns FlowNotExists.
func listItems[T, R any](s *Session, k kind[T], flow string, after uint64, limit int, conv func(*T) R) ([]R, uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs, _, err := s.lookup(flow)
	if err != nil {
		return nil, 0, err
	}
	if fs == nil {
		return []R{}, 0, nil // an untouched Listed flow: none
	}
	items, next := collect(k.of(fs).after(after), limit, conv)
	return items, next, nil
}

// deref returns *v: the conversion of items that have nothing of their own to copy.
func deref[T any](v *T) T { return *v }
