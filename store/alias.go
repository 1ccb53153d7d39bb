package store

import (
	"slices"
	"strings"
	"time"
)

// Route sends Weight percent of an alias's executions to a version.
type Route struct {
	Version string
	Weight  int
}

// Alias is a named route of a flow's executions to its versions.
type Alias struct {
	Flow, Name, Description string
	Routes                  []Route // the weights add up to 100
	Created, Modified       time.Time
}

// AliasPatch is what UpdateAlias changes: the fields that are not nil.
type AliasPatch struct {
	Description *string
	Routes      *[]Route
}

// copy returns a with its own Routes.
func (a *Alias) copy() Alias {
	c := *a
	c.Routes = slices.Clone(a.Routes)
	return c
}

// CreateAlias creates the alias a.Name of the flow a.Flow and returns it, with Created and
// Modified set. It returns FlowNotExists, or InvalidArgument for a bad name, an alias that
// exists ("Parameter error. Alias A already exists in flow F.") or bad routes (see
// UpdateAlias).
func (s *Session) CreateAlias(a Alias) (Alias, error) {
	if err := checkName("Name", a.Name); err != nil {
		return Alias{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fs, _, err := s.lookup(a.Flow)
	if err != nil {
		return Alias{}, err
	}
	if fs == nil {
		fs = &flowState{} // an untouched Listed flow: no versions, no aliases
	}
	if fs.aliases.get(a.Name) != nil {
		return Alias{}, invalid("Alias %s already exists in flow %s.", a.Name, a.Flow)
	}
	if err := checkRoutes(fs, a.Flow, a.Routes); err != nil {
		return Alias{}, err
	}
	if fs, err = s.own(a.Flow); err != nil {
		return Alias{}, err
	}
	a.Flow, a.Name = fs.rec.Name, strings.Clone(a.Name)
	a.Routes = slices.Clone(a.Routes)
	a.Created = s.now()
	a.Modified = a.Created
	fs.aliases.add(a.Name, a)
	return a.copy(), nil
}

// checkRoutes checks the routes of an alias of fs, the flow named flow.
func checkRoutes(fs *flowState, flow string, routes []Route) error {
	if len(routes) == 0 {
		return invalid("RoutingConfigurations: name at least one version.")
	}
	sum := 0
	for i, r := range routes {
		switch {
		case slices.ContainsFunc(routes[:i], func(o Route) bool { return o.Version == r.Version }):
			return invalid("RoutingConfigurations: version %s is named twice.", r.Version)
		case fs.versions.get(r.Version) == nil:
			return invalid("RoutingConfigurations: version %s of flow %s does not exist.", r.Version, flow)
		case r.Weight < 0 || r.Weight > 100:
			return invalid("RoutingConfigurations: the weight of version %s must be 0 to 100, got %d.", r.Version, r.Weight)
		}
		sum += r.Weight
	}
	if sum != 100 {
		return invalid("RoutingConfigurations: the weights must add up to 100, got %d.", sum)
	}
	return nil
}

// Alias returns the alias of the flow. It returns FlowNotExists, or InvalidArgument
// ("Parameter error. Alias A of flow F does not exist.").
func (s *Session) Alias(flow, name string) (Alias, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, _, err := s.alias(flow, name)
	if err != nil {
		return Alias{}, err
	}
	return a.copy(), nil
}

// alias looks the alias up. The caller holds s.mu.
func (s *Session) alias(flow, name string) (*Alias, *flowState, error) {
	e, fs, err := findItem(s, aliasKind, flow, name)
	if err != nil {
		return nil, nil, err
	}
	return &e.val, fs, nil
}

// UpdateAlias changes the fields p sets of the alias, sets Modified and returns the alias.
// It returns FlowNotExists, or InvalidArgument when the alias does not exist or the routes
// are bad: none, a version named twice ("Parameter error. RoutingConfigurations: version V
// is named twice."), a version that does not exist ("Parameter error.
// RoutingConfigurations: version V of flow F does not exist."), a weight outside 0..100, or
// weights that do not add up to 100 ("Parameter error. RoutingConfigurations: the weights
// must add up to 100, got N.").
func (s *Session) UpdateAlias(flow, name string, p AliasPatch) (Alias, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, fs, err := s.alias(flow, name)
	if err != nil {
		return Alias{}, err
	}
	if p.Routes != nil {
		if err := checkRoutes(fs, flow, *p.Routes); err != nil {
			return Alias{}, err
		}
		a.Routes = slices.Clone(*p.Routes)
	}
	set(&a.Description, p.Description)
	a.Modified = s.now()
	return a.copy(), nil
}

// DeleteAlias deletes the alias. It returns FlowNotExists, or InvalidArgument when the
// alias does not exist.
func (s *Session) DeleteAlias(flow, name string) error {
	return deleteItem(s, aliasKind, flow, name)
}

// ListAliases returns the flow's aliases created after the one numbered after, in order of
// creation, at most limit of them (all when limit is not positive), and next, the number to
// pass as after for the next page, or 0 when this page is the last. It returns FlowNotExists.
func (s *Session) ListAliases(flow string, after uint64, limit int) ([]Alias, uint64, error) {
	return listItems(s, aliasKind, flow, after, limit, (*Alias).copy)
}
