package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/store"
)

// routeErrors are the route checks CreateAlias and UpdateAlias share, on a flow f with
// versions 1 to 3.
var routeErrors = []struct {
	name    string
	routes  []store.Route
	wantMsg string
}{
	{"no routes", nil, "Parameter error. RoutingConfigurations: name at least one version."},
	{"weights under 100", []store.Route{route("1", 40), route("2", 50)},
		"Parameter error. RoutingConfigurations: the weights must add up to 100, got 90."},
	{"weights over 100", []store.Route{route("1", 60), route("2", 50)},
		"Parameter error. RoutingConfigurations: the weights must add up to 100, got 110."},
	{"unknown version", []store.Route{route("7", 100)},
		"Parameter error. RoutingConfigurations: version 7 of flow f does not exist."},
	{"version named twice", []store.Route{route("2", 50), route("2", 50)},
		"Parameter error. RoutingConfigurations: version 2 is named twice."},
	{"weight over 100", []store.Route{route("1", 110), route("2", -10)},
		"Parameter error. RoutingConfigurations: the weight of version 1 must be 0 to 100, got 110."},
	{"negative weight", []store.Route{route("1", -10), route("2", 110)},
		"Parameter error. RoutingConfigurations: the weight of version 1 must be 0 to 100, got -10."},
}

func TestCreateAlias(t *testing.T) {
	st, _ := NewStore(t)
	type test struct {
		name     string
		in       store.Alias
		wantCode flowmock.Code
		wantMsg  string
	}
	tests := []test{
		{name: "one version", in: store.Alias{Flow: "f", Name: "prod", Description: "d", Routes: []store.Route{route("3", 100)}}},
		{name: "split", in: store.Alias{Flow: "f", Name: "canary", Routes: []store.Route{route("2", 90), route("3", 10)}}},
		{name: "a zero weight", in: store.Alias{Flow: "f", Name: "z", Routes: []store.Route{route("1", 0), route("3", 100)}}},
		{name: "exists", in: store.Alias{Flow: "f", Name: "old", Routes: []store.Route{route("1", 100)}},
			wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Alias old already exists in flow f."},
		{name: "bad name", in: store.Alias{Flow: "f", Name: "a b", Routes: []store.Route{route("1", 100)}},
			wantCode: flowmock.InvalidArgument, wantMsg: badNameMsg("Name", "a b")},
		{name: "fixture flow without versions", in: store.Alias{Flow: "demo_flow", Name: "prod", Routes: []store.Route{route("1", 100)}},
			wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. RoutingConfigurations: version 1 of flow demo_flow does not exist."},
		{name: "unknown flow", in: store.Alias{Flow: "nope", Name: "prod", Routes: []store.Route{route("1", 100)}},
			wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
	}
	for _, re := range routeErrors {
		tests = append(tests, test{name: re.name, in: store.Alias{Flow: "f", Name: "prod", Routes: re.routes},
			wantCode: flowmock.InvalidArgument, wantMsg: re.wantMsg})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := st.Session(t.Name())
			MustCreateFlow(t, s, "f")
			MustPublish(t, s, "f", 3)
			MustCreateAlias(t, s, store.Alias{Flow: "f", Name: "old", Routes: []store.Route{route("1", 100)}})
			got, err := s.CreateAlias(tt.in)
			WantError(t, err, tt.wantCode, tt.wantMsg)
			if err != nil {
				if _, err := s.Alias(tt.in.Flow, tt.in.Name); tt.in.Name != "old" && err == nil {
					t.Errorf("a failed CreateAlias created the alias")
				}
				return
			}
			want := tt.in
			want.Created, want.Modified = startMs, startMs
			if !reflect.DeepEqual(got, want) {
				t.Errorf("CreateAlias = %+v, want %+v", got, want)
			}
			if desc, err := s.Alias(tt.in.Flow, tt.in.Name); err != nil || !reflect.DeepEqual(desc, want) {
				t.Errorf("Alias = %+v, %v, want %+v", desc, err, want)
			}
		})
	}
}

func TestCreateAliasOnFixtureFlow(t *testing.T) {
	st, _ := NewStore(t)
	s := st.Session("s")
	MustPublish(t, s, "demo_flow", 1)
	MustCreateAlias(t, s, store.Alias{Flow: "demo_flow", Name: "prod", Routes: []store.Route{route("1", 100)}})
	if _, err := st.Session("other").Alias("demo_flow", "prod"); flowmock.ErrorCode(err) != flowmock.InvalidArgument {
		t.Errorf("Alias in another session: error %v, want InvalidArgument", err)
	}
}

func TestUpdateAlias(t *testing.T) {
	st, clk := NewStore(t)
	type test struct {
		name     string
		flow     string
		alias    string
		patch    store.AliasPatch
		want     func(a *store.Alias)
		wantCode flowmock.Code
		wantMsg  string
	}
	tests := []test{
		{name: "nothing", flow: "f", alias: "prod", want: func(*store.Alias) {}},
		{name: "description", flow: "f", alias: "prod", patch: store.AliasPatch{Description: ptr("new")},
			want: func(a *store.Alias) { a.Description = "new" }},
		{name: "routes", flow: "f", alias: "prod", patch: store.AliasPatch{Routes: &[]store.Route{route("1", 30), route("3", 70)}},
			want: func(a *store.Alias) { a.Routes = []store.Route{route("1", 30), route("3", 70)} }},
		{name: "unknown alias", flow: "f", alias: "dev", patch: store.AliasPatch{Description: ptr("new")},
			wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Alias dev of flow f does not exist."},
		{name: "unknown flow", flow: "nope", alias: "prod",
			wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
	}
	for _, re := range routeErrors {
		routes := re.routes
		tests = append(tests, test{name: re.name, flow: "f", alias: "prod", patch: store.AliasPatch{Routes: &routes},
			wantCode: flowmock.InvalidArgument, wantMsg: re.wantMsg})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := st.Session(t.Name())
			MustCreateFlow(t, s, "f")
			MustPublish(t, s, "f", 3)
			before, err := s.CreateAlias(store.Alias{Flow: "f", Name: "prod", Description: "d", Routes: []store.Route{route("2", 100)}})
			if err != nil {
				t.Fatalf("CreateAlias: %v", err)
			}
			clk.Advance(time.Second)
			got, err := s.UpdateAlias(tt.flow, tt.alias, tt.patch)
			WantError(t, err, tt.wantCode, tt.wantMsg)
			if err != nil {
				if after, _ := s.Alias("f", "prod"); !reflect.DeepEqual(after, before) {
					t.Errorf("a failed UpdateAlias changed the alias: %+v, was %+v", after, before)
				}
				return
			}
			want := before
			tt.want(&want)
			want.Modified = clk.Now().UTC().Truncate(time.Millisecond)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("UpdateAlias = %+v, want %+v", got, want)
			}
		})
	}
}

func TestDeleteAlias(t *testing.T) {
	st, _ := NewStore(t)
	tests := []struct {
		name, flow, alias string
		wantCode          flowmock.Code
		wantMsg           string
	}{
		{name: "exists", flow: "f", alias: "prod"},
		{name: "unknown alias", flow: "f", alias: "dev", wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Alias dev of flow f does not exist."},
		{name: "fixture flow", flow: "demo_flow", alias: "prod", wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Alias prod of flow demo_flow does not exist."},
		{name: "unknown flow", flow: "nope", alias: "prod", wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := st.Session(t.Name())
			MustCreateFlow(t, s, "f")
			MustPublish(t, s, "f", 1)
			MustCreateAlias(t, s, store.Alias{Flow: "f", Name: "prod", Routes: []store.Route{route("1", 100)}})
			WantError(t, s.DeleteAlias(tt.flow, tt.alias), tt.wantCode, tt.wantMsg)
			if tt.wantCode != "" {
				return
			}
			_, err := s.Alias(tt.flow, tt.alias)
			WantError(t, err, flowmock.InvalidArgument, "Parameter error. Alias prod of flow f does not exist.")
		})
	}
}

func TestListAliases(t *testing.T) {
	st, _ := NewStore(t)
	s := st.Session("s")
	MustCreateFlow(t, s, "f")
	MustPublish(t, s, "f", 1)
	for _, name := range []string{"zeta", "alpha", "mid", "gone", "last"} {
		MustCreateAlias(t, s, store.Alias{Flow: "f", Name: name, Routes: []store.Route{route("1", 100)}})
	}
	if err := s.DeleteAlias("f", "gone"); err != nil {
		t.Fatalf("DeleteAlias: %v", err)
	}
	// Seqs: zeta 1, alpha 2, mid 3, (gone 4), last 5.
	testPages(t, "ListAliases", s.ListAliases, func(a store.Alias) string { return a.Name }, []pageCase{
		{name: "first page", flow: "f", limit: 2, wantNames: []string{"zeta", "alpha"}, wantNext: 2},
		{name: "last page", flow: "f", after: 2, limit: 2, wantNames: []string{"mid", "last"}},
		{name: "all", flow: "f", wantNames: []string{"zeta", "alpha", "mid", "last"}},
		{name: "fixture flow", flow: "demo_flow", limit: 5, wantNames: []string{}},
		{name: "unknown flow", flow: "nope", wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
	})
}
