package store_test

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowmock/flowmock"
	"github.com/flowmock/flowmock/store"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// badNameMsg is the message of a bad name in the parameter param.
func badNameMsg(param, name string) string {
	return fmt.Sprintf(`Parameter error. %s: %q is not a valid name: 1 to 128 letters, digits, "_" and "-", starting with a letter or "_".`, param, name)
}

func TestCreateFlow(t *testing.T) {
	st, _ := NewStore(t)
	env := []store.Variable{{Name: "K", Value: "V", Description: "a key"}}
	tests := []struct {
		name     string
		before   []string // flows to create first
		in       store.Flow
		want     store.Flow // ID, Created and Modified are checked apart
		wantCode flowmock.Code
		wantMsg  string
	}{
		{
			name: "defaults",
			in:   store.Flow{Name: "new_flow", Definition: "def", Description: "desc"},
			want: store.Flow{Name: "new_flow", Definition: "def", Description: "desc", Type: "FDL", ExecutionMode: "Standard"},
		},
		{
			name: "every field",
			in: store.Flow{Name: "Full-1", Definition: "def", Description: "desc", Type: "FDL", RoleArn: "acs:ram::1:role/r",
				ExecutionMode: "Express", ExternalStorageLocation: "oss://b", ResourceGroupID: "rg-1", Environment: env},
			want: store.Flow{Name: "Full-1", Definition: "def", Description: "desc", Type: "FDL", RoleArn: "acs:ram::1:role/r",
				ExecutionMode: "Express", ExternalStorageLocation: "oss://b", ResourceGroupID: "rg-1", Environment: env},
		},
		{
			name: "longest name", in: store.Flow{Name: "_" + strings.Repeat("a", 127)},
			want: store.Flow{Name: "_" + strings.Repeat("a", 127), Type: "FDL", ExecutionMode: "Standard"},
		},
		{
			name: "a fixture flow exists", in: store.Flow{Name: "demo_flow"},
			wantCode: flowmock.FlowAlreadyExists, wantMsg: "Flow demo_flow already exists.",
		},
		{
			name: "a created flow exists", before: []string{"twice"}, in: store.Flow{Name: "twice"},
			wantCode: flowmock.FlowAlreadyExists, wantMsg: "Flow twice already exists.",
		},
		{
			name: "name starts with a digit", in: store.Flow{Name: "9lives"},
			wantCode: flowmock.InvalidArgument, wantMsg: badNameMsg("Name", "9lives"),
		},
		{
			name: "empty name", in: store.Flow{},
			wantCode: flowmock.InvalidArgument, wantMsg: badNameMsg("Name", ""),
		},
		{
			name: "name too long", in: store.Flow{Name: strings.Repeat("a", 129)},
			wantCode: flowmock.InvalidArgument, wantMsg: badNameMsg("Name", strings.Repeat("a", 129)),
		},
		{
			name: "bad type", in: store.Flow{Name: "f", Type: "JSON"},
			wantCode: flowmock.InvalidArgument, wantMsg: `Parameter error. Type: must be FDL, got "JSON".`,
		},
		{
			name: "bad execution mode", in: store.Flow{Name: "f", ExecutionMode: "Fast"},
			wantCode: flowmock.InvalidArgument, wantMsg: `Parameter error. ExecutionMode: must be Standard or Express, got "Fast".`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := st.Session(t.Name())
			for _, name := range tt.before {
				MustCreateFlow(t, s, name)
			}
			got, err := s.CreateFlow(tt.in)
			WantError(t, err, tt.wantCode, tt.wantMsg)
			if err != nil {
				return
			}
			if !uuidRE.MatchString(got.ID) {
				t.Errorf("ID = %q, want a UUID", got.ID)
			}
			if !got.Created.Equal(startMs) || !got.Modified.Equal(startMs) || got.Created.Location() != time.UTC {
				t.Errorf("Created, Modified = %v, %v, want %v in UTC", got.Created, got.Modified, startMs)
			}
			got.ID, got.Created, got.Modified = "", time.Time{}, time.Time{}
			if !reflect.DeepEqual(bare(got), bare(tt.want)) {
				t.Errorf("CreateFlow = %+v, want %+v", got, tt.want)
			}
			desc, err := s.Flow(tt.in.Name)
			if err != nil {
				t.Fatalf("Flow after CreateFlow: %v", err)
			}
			desc.ID, desc.Created, desc.Modified = "", time.Time{}, time.Time{}
			if !reflect.DeepEqual(bare(desc), bare(tt.want)) {
				t.Errorf("Flow = %+v, want %+v", desc, tt.want)
			}
		})
	}
}

func TestFlow(t *testing.T) {
	st, _ := NewStore(t)
	set := MustDefault(t)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name        string
		flow        string
		wantCreated time.Time
		wantCode    flowmock.Code
		wantMsg     string
	}{
		{name: "fixture flow: the day before its oldest execution", flow: "demo_flow", wantCreated: day(2024, 4, 30)},
		{name: "another fixture flow", flow: "nightly_report", wantCreated: day(2024, 5, 31)},
		{name: "fixture flow without executions", flow: "empty_flow", wantCreated: day(2019, 1, 1)},
		{name: "unknown", flow: "nope", wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
		{name: "names are case-sensitive", flow: "Demo_flow", wantCode: flowmock.FlowNotExists, wantMsg: "Flow Demo_flow does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := st.Session(t.Name()).Flow(tt.flow)
			WantError(t, err, tt.wantCode, tt.wantMsg)
			if err != nil {
				return
			}
			fl := MustFlow(t, set, tt.flow)
			want := store.Flow{Name: tt.flow, ID: got.ID, Definition: fl.Definition, Type: "FDL", ExecutionMode: "Standard",
				Created: tt.wantCreated, Modified: tt.wantCreated}
			if !reflect.DeepEqual(bare(got), bare(want)) {
				t.Errorf("Flow = %+v, want %+v", got, want)
			}
			if !uuidRE.MatchString(got.ID) {
				t.Errorf("ID = %q, want a UUID", got.ID)
			}
			if again, _ := st.Session("other").Flow(tt.flow); again.ID != got.ID {
				t.Errorf("ID in another session = %q, want %q", again.ID, got.ID)
			}
		})
	}
}

func TestUpdateFlow(t *testing.T) {
	st, clk := NewStore(t)
	env := []store.Variable{{Name: "K", Value: "V"}}
	tests := []struct {
		name     string
		flow     string
		patch    store.FlowPatch
		want     func(f *store.Flow) // applies the expected change
		wantCode flowmock.Code
		wantMsg  string
	}{
		{name: "nothing", flow: "created", want: func(*store.Flow) {}},
		{
			name: "every field of a created flow", flow: "created",
			patch: store.FlowPatch{Definition: ptr("new def"), Description: ptr("new desc"), Type: ptr("FDL"),
				RoleArn: ptr("acs:ram::1:role/x"), Environment: &env},
			want: func(f *store.Flow) {
				f.Definition, f.Description, f.RoleArn, f.Environment = "new def", "new desc", "acs:ram::1:role/x", env
			},
		},
		{
			name: "fixture flow", flow: "demo_flow", patch: store.FlowPatch{Description: ptr("mine")},
			want: func(f *store.Flow) { f.Description = "mine" },
		},
		{
			name: "empty strings are values", flow: "created", patch: store.FlowPatch{Description: ptr(""), RoleArn: ptr("")},
			want: func(f *store.Flow) { f.Description, f.RoleArn = "", "" },
		},
		{
			name: "bad type", flow: "created", patch: store.FlowPatch{Type: ptr("YAML")},
			wantCode: flowmock.InvalidArgument, wantMsg: `Parameter error. Type: must be FDL, got "YAML".`,
		},
		{
			name: "unknown flow", flow: "nope", patch: store.FlowPatch{Description: ptr("x")},
			wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := st.Session(t.Name())
			MustCreateFlow(t, s, "created")
			before, _ := s.Flow(tt.flow)
			clk.Advance(time.Second)
			got, err := s.UpdateFlow(tt.flow, tt.patch)
			WantError(t, err, tt.wantCode, tt.wantMsg)
			if err != nil {
				if after, _ := s.Flow(tt.flow); !reflect.DeepEqual(bare(after), bare(before)) {
					t.Errorf("a failed UpdateFlow changed the flow: %+v, was %+v", after, before)
				}
				return
			}
			want := before
			tt.want(&want)
			want.Modified = clk.Now().UTC().Truncate(time.Millisecond)
			if !reflect.DeepEqual(bare(got), bare(want)) {
				t.Errorf("UpdateFlow = %+v, want %+v", got, want)
			}
			if desc, _ := s.Flow(tt.flow); !reflect.DeepEqual(bare(desc), bare(want)) {
				t.Errorf("Flow after UpdateFlow = %+v, want %+v", desc, want)
			}
		})
	}
}

func TestDeleteFlow(t *testing.T) {
	st, _ := NewStore(t)
	tests := []struct {
		name     string
		flow     string
		wantCode flowmock.Code
		wantMsg  string
	}{
		{name: "fixture flow", flow: "demo_flow"},
		{name: "created flow", flow: "created"},
		{name: "unknown flow", flow: "nope", wantCode: flowmock.FlowNotExists, wantMsg: "Flow nope does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := st.Session(t.Name())
			MustCreateFlow(t, s, "created")
			WantError(t, s.DeleteFlow(tt.flow), tt.wantCode, tt.wantMsg)
			if tt.wantCode != "" {
				return
			}
			notExists := "Flow " + tt.flow + " does not exist."
			_, err := s.Flow(tt.flow)
			WantError(t, err, flowmock.FlowNotExists, notExists)
			_, err = s.Executions(tt.flow)
			WantError(t, err, flowmock.FlowNotExists, notExists)
			WantError(t, s.DeleteFlow(tt.flow), flowmock.FlowNotExists, notExists)
			if names := AllFlows(t, s, 0); slices.Contains(names, tt.flow) {
				t.Errorf("ListFlows after DeleteFlow = %q, want no %s", names, tt.flow)
			}
		})
	}
}

func TestFlowLifeCycle(t *testing.T) {
	st, clk := NewStore(t)
	s := st.Session("life")
	created := []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7"}
	for _, name := range created {
		f := MustCreateFlow(t, s, name)
		if got, err := s.Flow(name); err != nil || !reflect.DeepEqual(bare(got), bare(f)) {
			t.Fatalf("Flow(%q) = %+v, %v, want %+v", name, got, err, f)
		}
	}
	all := append(slices.Clone(listedNames), created...)
	for _, limit := range []int{1, 2, 1000, 0} {
		t.Run("list with limit "+strconv.Itoa(limit), func(t *testing.T) {
			if got := AllFlows(t, s, limit); !slices.Equal(got, all) {
				t.Errorf("ListFlows pages = %q, want %q", got, all)
			}
		})
	}

	clk.Advance(time.Minute)
	if _, err := s.UpdateFlow("a3", store.FlowPatch{Description: ptr("changed")}); err != nil {
		t.Fatalf("UpdateFlow: %v", err)
	}
	if _, err := s.UpdateFlow("image_resize", store.FlowPatch{Description: ptr("changed")}); err != nil {
		t.Fatalf("UpdateFlow: %v", err)
	}
	t.Run("updated flows keep their place", func(t *testing.T) {
		page, _ := s.ListFlows(0, 0)
		var names []string
		for _, f := range page {
			names = append(names, f.Name)
			if changed := f.Description == "changed"; changed != (f.Name == "a3" || f.Name == "image_resize") {
				t.Errorf("%s: Description = %q", f.Name, f.Description)
			}
		}
		if !slices.Equal(names, all) {
			t.Errorf("ListFlows = %q, want %q", names, all)
		}
	})

	for _, name := range []string{"a3", "image_resize"} {
		if err := s.DeleteFlow(name); err != nil {
			t.Fatalf("DeleteFlow(%q): %v", name, err)
		}
		_, err := s.Flow(name)
		WantError(t, err, flowmock.FlowNotExists, "Flow "+name+" does not exist.")
	}
	MustCreateFlow(t, s, "image_resize")
	t.Run("deleted flows go, recreated ones come last", func(t *testing.T) {
		want := []string{"demo_flow", "empty_flow", "nightly_report", "order_pipeline", "a1", "a2", "a4", "a5", "a6", "a7", "image_resize"}
		for _, limit := range []int{1, 2, 3, 1000} {
			if got := AllFlows(t, s, limit); !slices.Equal(got, want) {
				t.Errorf("limit %d: ListFlows pages = %q, want %q", limit, got, want)
			}
		}
	})
}

func TestListFlowsPages(t *testing.T) {
	st, _ := NewStore(t)
	s := st.Session("pages")
	for _, name := range []string{"b1", "b2", "b3"} {
		MustCreateFlow(t, s, name)
	}
	// Seqs: the five fixture flows 1..5, b1..b3 6..8.
	tests := []struct {
		after     uint64
		limit     int
		wantNames []string
		wantNext  uint64
	}{
		{0, 3, []string{"demo_flow", "empty_flow", "image_resize"}, 3},
		{3, 3, []string{"nightly_report", "order_pipeline", "b1"}, 6},
		{6, 3, []string{"b2", "b3"}, 0},
		{5, 3, []string{"b1", "b2", "b3"}, 0},
		{4, 4, []string{"order_pipeline", "b1", "b2", "b3"}, 0},
		{8, 3, []string{}, 0},
		{1 << 63, 3, []string{}, 0},
		{0, 0, []string{"demo_flow", "empty_flow", "image_resize", "nightly_report", "order_pipeline", "b1", "b2", "b3"}, 0},
	}
	for _, tt := range tests {
		t.Run("after "+strconv.Itoa(int(tt.after%1000))+" limit "+strconv.Itoa(tt.limit), func(t *testing.T) {
			page, next := s.ListFlows(tt.after, tt.limit)
			names := []string{}
			for _, f := range page {
				names = append(names, f.Name)
			}
			if !slices.Equal(names, tt.wantNames) || next != tt.wantNext {
				t.Errorf("ListFlows(%d, %d) = %q, %d, want %q, %d", tt.after, tt.limit, names, next, tt.wantNames, tt.wantNext)
			}
			if page == nil {
				t.Errorf("ListFlows(%d, %d) = nil, want an empty page", tt.after, tt.limit)
			}
		})
	}
}
