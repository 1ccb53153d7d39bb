package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/store"
)

func TestPublishVersion(t *testing.T) {
	st, clk := NewStore(t)
	set := MustDefault(t)
	tests := []struct {
		name     string
		flow     string
		wantDef  string
		wantCode flowmock.Code
		wantMsg  string
	}{
		{name: "created flow", flow: "created", wantDef: "def of created"},
		{name: "fixture flow", flow: "demo_flow", wantDef: MustFlow(t, set, "demo_flow").Definition},
		{name: "unknown flow", flow: "nope", wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := st.Session(t.Name())
			MustCreateFlow(t, s, "created")
			got, err := s.PublishVersion(tt.flow, "first")
			WantError(t, err, tt.wantCode, tt.wantMsg)
			if err != nil {
				return
			}
			want := store.Version{Flow: tt.flow, Version: "1", Description: "first", Definition: tt.wantDef, Created: clk.Now().UTC().Truncate(time.Millisecond)}
			if !reflect.DeepEqual(bareV(got), bareV(want)) {
				t.Errorf("PublishVersion = %+v, want %+v", got, want)
			}
			if _, err := s.UpdateFlow(tt.flow, store.FlowPatch{Definition: ptr("changed")}); err != nil {
				t.Fatalf("UpdateFlow: %v", err)
			}
			second, _ := s.PublishVersion(tt.flow, "")
			if second.Version != "2" || second.Definition != "changed" {
				t.Errorf("second PublishVersion = %+v, want version 2 of the changed definition", second)
			}
			if v, err := s.Version(tt.flow, "1"); err != nil || !reflect.DeepEqual(bareV(v), bareV(want)) {
				t.Errorf("Version 1 after UpdateFlow = %+v, %v, want %+v", v, err, want)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	st, _ := NewStore(t)
	s := st.Session("versions")
	MustCreateFlow(t, s, "f")
	MustPublish(t, s, "f", 2)
	tests := []struct {
		name, flow, version string
		wantCode            flowmock.Code
		wantMsg             string
	}{
		{name: "exists", flow: "f", version: "2"},
		{name: "not yet", flow: "f", version: "3", wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Version 3 of flow f does not exist."},
		{name: "not a number", flow: "f", version: "x", wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Version x of flow f does not exist."},
		{name: "not canonical", flow: "f", version: "01", wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Version 01 of flow f does not exist."},
		{name: "fixture flow has none", flow: "demo_flow", version: "1", wantCode: flowmock.InvalidArgument, wantMsg: "Parameter error. Version 1 of flow demo_flow does not exist."},
		{name: "unknown flow", flow: "nope", version: "1", wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Version(tt.flow, tt.version)
			WantError(t, err, tt.wantCode, tt.wantMsg)
			if err == nil && got.Version != tt.version {
				t.Errorf("Version = %+v, want version %s", got, tt.version)
			}
		})
	}
}

func TestListVersions(t *testing.T) {
	st, _ := NewStore(t)
	s := st.Session("versions")
	MustCreateFlow(t, s, "f")
	MustPublish(t, s, "f", 5)
	if err := s.DeleteVersion("f", "2"); err != nil {
		t.Fatalf("DeleteVersion: %v", err)
	}
	testPages(t, "ListVersions", s.ListVersions, func(v store.Version) string { return v.Version }, []pageCase{
		{name: "first page", flow: "f", limit: 2, wantNames: []string{"1", "3"}, wantNext: 3},
		{name: "second page", flow: "f", after: 3, limit: 2, wantNames: []string{"4", "5"}},
		{name: "after a deleted one", flow: "f", after: 2, limit: 1, wantNames: []string{"3"}, wantNext: 3},
		{name: "all", flow: "f", wantNames: []string{"1", "3", "4", "5"}},
		{name: "fixture flow", flow: "demo_flow", limit: 10, wantNames: []string{}},
		{name: "unknown flow", flow: "nope", wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
	})
}

func TestDeleteVersion(t *testing.T) {
	st, _ := NewStore(t)
	tests := []struct {
		name, flow, version string
		wantCode            flowmock.Code
		wantMsg             string
	}{
		{name: "unused", flow: "f", version: "1"},
		{name: "routed to by an alias", flow: "f", version: "2", wantCode: flowmock.InvalidArgument,
			wantMsg: "Parameter error. Version 2 of flow f is used by alias prod."},
		{name: "unknown version", flow: "f", version: "9", wantCode: flowmock.InvalidArgument,
			wantMsg: "Parameter error. Version 9 of flow f does not exist."},
		{name: "unknown flow", flow: "nope", version: "1", wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := st.Session(t.Name())
			MustCreateFlow(t, s, "f")
			MustPublish(t, s, "f", 2)
			MustCreateAlias(t, s, store.Alias{Flow: "f", Name: "prod", Routes: []store.Route{route("2", 100)}})
			WantError(t, s.DeleteVersion(tt.flow, tt.version), tt.wantCode, tt.wantMsg)
			if tt.wantCode != "" {
				return
			}
			_, err := s.Version(tt.flow, tt.version)
			WantError(t, err, flowmock.InvalidArgument, "Parameter error. Version "+tt.version+" of flow f does not exist.")
			if v, _ := s.PublishVersion("f", ""); v.Version != "3" {
				t.Errorf("PublishVersion after DeleteVersion = version %s, want 3: numbers are never reused", v.Version)
			}
		})
	}
}

func TestDeleteVersionAfterAliasGoes(t *testing.T) {
	st, _ := NewStore(t)
	s := st.Session("s")
	MustCreateFlow(t, s, "f")
	MustPublish(t, s, "f", 2)
	MustCreateAlias(t, s, store.Alias{Flow: "f", Name: "prod", Routes: []store.Route{route("1", 50), route("2", 50)}})
	WantError(t, s.DeleteVersion("f", "1"), flowmock.InvalidArgument, "Parameter error. Version 1 of flow f is used by alias prod.")
	if _, err := s.UpdateAlias("f", "prod", store.AliasPatch{Routes: &[]store.Route{route("2", 100)}}); err != nil {
		t.Fatalf("UpdateAlias: %v", err)
	}
	WantError(t, s.DeleteVersion("f", "1"), "", "")
	WantError(t, s.DeleteVersion("f", "2"), flowmock.InvalidArgument, "Parameter error. Version 2 of flow f is used by alias prod.")
	WantError(t, s.DeleteAlias("f", "prod"), "", "")
	WantError(t, s.DeleteVersion("f", "2"), "", "")
}
