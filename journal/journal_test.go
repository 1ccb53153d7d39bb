package journal

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// rec is a small record of session with arrival seq.
func rec(session string, seq uint64) Record {
	return Record{Seq: seq, Session: session, Action: "DescribeFlow", Method: "POST", Path: "/"}
}

// add adds r to sh as the server does, its Params given as a list.
func add(sh *Share, r Record, body []byte) {
	var params []Param
	for name, v := range r.Params {
		params = append(params, Param{Name: name, Value: v})
	}
	sh.Add(r, params, body)
}

// seqs lists the Seq of records.
func seqs(recs []Record) string {
	s := make([]string, len(recs))
	for i, r := range recs {
		s[i] = strconv.FormatUint(r.Seq, 10)
	}
	return strings.Join(s, ",")
}

func TestBoundsDropOldestOfAnyShare(t *testing.T) {
	tests := []struct {
		name        string
		size        int
		budget      int
		want        string // seqs held, newest first
		wantDropped uint64 // for the byte budget
	}{
		{name: "count bound", size: 3, budget: 1 << 20, want: "6,5,4"},
		{name: "byte budget", size: 100, budget: 2*recordOverhead + 200, want: "6,5", wantDropped: 4},
		{name: "room for all", size: 100, budget: 1 << 20, want: "6,5,4,3,2,1"},
		{name: "off", size: 0, budget: 1 << 20, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := New(tt.size, tt.budget, 0)
			a, b := j.Share(), j.Share()
			for i := uint64(1); i <= 6; i++ {
				sh, name := a, "a"
				if i%2 == 0 {
					sh, name = b, "b"
				}
				add(sh, rec(name, i), nil)
			}
			got, _ := j.List(Filter{})
			if seqs(got) != tt.want {
				t.Errorf("held %q, want %q", seqs(got), tt.want)
			}
			if j.Dropped() != tt.wantDropped {
				t.Errorf("dropped %d, want %d", j.Dropped(), tt.wantDropped)
			}
			if n := a.Len() + b.Len(); n != j.Len() {
				t.Errorf("shares hold %d, journal %d, want the same", n, j.Len())
			}
			if j.Bytes() > tt.budget {
				t.Errorf("bytes %d, want at most %d", j.Bytes(), tt.budget)
			}
		})
	}
}

func TestTeardownDropsOneShare(t *testing.T) {
	tests := []struct {
		name      string
		teardown  func(j *Journal, a *Share) int
		wantDrop  int
		wantAfter string // seqs held after one more record of a (seq 9), newest first
	}{
		{name: "reset", teardown: func(_ *Journal, a *Share) int { return a.Reset() }, wantDrop: 4, wantAfter: "9,8,6,4,2"},
		{name: "close", teardown: func(_ *Journal, a *Share) int { return a.Close() }, wantDrop: 4, wantAfter: "8,6,4,2"},
		{name: "clear the session", teardown: func(j *Journal, _ *Share) int { return j.Clear("a") }, wantDrop: 4, wantAfter: "9,8,6,4,2"},
		{name: "clear all", teardown: func(j *Journal, _ *Share) int { return j.Clear("") }, wantDrop: 8, wantAfter: "9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := New(100, 0, 0)
			a, b := j.Share(), j.Share()
			for i := uint64(1); i <= 8; i++ {
				if i%2 == 0 {
					add(b, rec("b", i), nil)
				} else {
					add(a, rec("a", i), nil)
				}
			}
			if got := tt.teardown(j, a); got != tt.wantDrop {
				t.Errorf("dropped %d, want %d", got, tt.wantDrop)
			}
			if n := a.Len() + b.Len(); n != j.Len() || n != 8-tt.wantDrop {
				t.Errorf("shares hold %d, journal %d, want %d", n, j.Len(), 8-tt.wantDrop)
			}
			add(a, rec("a", 9), nil)
			got, _ := j.List(Filter{})
			if seqs(got) != tt.wantAfter {
				t.Errorf("held %q, want %q", seqs(got), tt.wantAfter)
			}
		})
	}
}

func TestListPagesAcrossShares(t *testing.T) {
	j := New(100, 0, 0)
	shares := map[string]*Share{"a": j.Share(), "b": j.Share(), "c": j.Share()}
	// Records arrive 1…9 but reach the journal out of order: a slow request records late.
	for _, i := range []uint64{2, 1, 3, 5, 4, 6, 9, 7, 8} {
		name := string(rune('a' + i%3))
		add(shares[name], rec(name, i), nil)
	}
	var pages []string
	f := Filter{Limit: 4}
	for {
		page, next := j.List(f)
		pages = append(pages, seqs(page))
		if next == 0 {
			break
		}
		f.Before = next
	}
	if got, want := strings.Join(pages, " | "), "9,8,7,6 | 5,4,3,2 | 1"; got != want {
		t.Errorf("pages %q, want %q", got, want)
	}
	if got, want := j.Count(Filter{Session: "b"}), 3; got != want {
		t.Errorf("count of b = %d, want %d", got, want)
	}
	got, _ := j.List(Filter{Session: "a", Before: 6})
	if want := "3"; seqs(got) != want {
		t.Errorf("a before 6 = %q, want %q", seqs(got), want)
	}
}

func TestValuesAreCut(t *testing.T) {
	tests := []struct {
		name  string
		value string
		want  string
	}{
		{name: "short kept", value: "abc", want: "abc"},
		{name: "long cut", value: strings.Repeat("x", 20), want: strings.Repeat("x", 8) + "…[truncated, 20 bytes]"},
		{name: "cut at a rune", value: "abcdefg" + strings.Repeat("é", 5), want: "abcdefg…[truncated, 17 bytes]"},
		{name: "at the cap kept", value: "abcdefgh", want: "abcdefgh"},
		{name: "a rune at the cap kept", value: "abcdef" + "é", want: "abcdefé"},
		{name: "empty", value: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := New(10, 0, 8)
			body := []byte(tt.value)
			add(j.Share(), Record{RequestID: tt.value, Params: map[string]string{"P": tt.value}}, body)
			clear(body) // the answer's buffer goes back to its pool: the journal kept a copy
			got, _ := j.List(Filter{})
			r := got[0]
			if r.RequestID != tt.want || r.Params["P"] != tt.want || r.Response != tt.want {
				t.Errorf("kept %q, %q, %q; want %q", r.RequestID, r.Params["P"], r.Response, tt.want)
			}
		})
	}
}

// TestRandomWalkKeepsBounds: any sequence of adds, resets, closes and clears keeps the
// journal within its bounds, every record in exactly one open share, and a closed share
// empty.
func TestRandomWalkKeepsBounds(t *testing.T) {
	for seed := range uint64(20) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 1))
			size, budget := 1+r.IntN(30), recordOverhead*(1+r.IntN(20))
			j := New(size, budget, 16)
			shares := make([]*Share, 5)
			for i := range shares {
				shares[i] = j.Share()
			}
			for step := range 2000 {
				i := r.IntN(len(shares))
				switch op := r.IntN(20); {
				case op == 0:
					shares[i].Reset()
				case op == 1:
					shares[i].Close()
					shares[i] = j.Share() // the session comes back as a new one
				case op == 2:
					j.Clear(strconv.Itoa(i))
				default:
					add(shares[i], Record{Seq: uint64(step + 1), Session: strconv.Itoa(i), RequestID: strings.Repeat("r", r.IntN(40))}, nil)
				}
				checkBounds(t, j, shares, size, budget)
			}
		})
	}
}

func checkBounds(t *testing.T, j *Journal, shares []*Share, size, budget int) {
	t.Helper()
	held := 0
	for _, sh := range shares {
		held += sh.Len()
		walked := 0
		for e := sh.entries.oldest; e != nil; e = e.mine.newer {
			walked++
		}
		if walked != sh.Len() {
			t.Fatalf("a share's chain links %d records, counts %d", walked, sh.Len())
		}
	}
	if all, _ := j.List(Filter{}); len(all) != j.Len() {
		t.Fatalf("the journal's chain links %d records, counts %d", len(all), j.Len())
	}
	if n := j.Len(); n != held || n > size || j.Bytes() > budget || (n == 0) != (j.Bytes() == 0) {
		t.Fatalf("journal holds %d records, %d bytes; shares %d; want equal, at most %d records and %d bytes", n, j.Bytes(), held, size, budget)
	}
}

// TestConcurrentSharesRace: shares of one journal add, reset and close at once (go test -race).
func TestConcurrentSharesRace(t *testing.T) {
	j := New(50, 0, 0)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			sh := j.Share()
			for i := range 500 {
				add(sh, rec(strconv.Itoa(w), j.Arrive()), nil)
				if i%50 == 0 {
					sh.Reset()
				}
				if i%120 == 0 {
					j.List(Filter{Limit: 10})
				}
			}
			sh.Close()
		})
	}
	wg.Wait()
	if n := j.Len(); n != 0 {
		t.Errorf("records after every share closed: %d, want 0", n)
	}
}

// TestRecordsStayWhole: records listed while others are added (and the entries of dropped
// ones are reused, buffers and all) are the records added, every value intact.
func TestRecordsStayWhole(t *testing.T) {
	j := New(20, 0, 64)
	made := func(seq uint64) (Record, []byte) {
		n := strconv.FormatUint(seq, 10)
		r := Record{Seq: seq, Session: "s" + strconv.FormatUint(seq%3, 10), RequestID: "req-" + n, Method: "GET", Path: "/" + n,
			Action: "ListExecutions", Status: 200}
		if seq%4 != 0 {
			r.Params = map[string]string{"FlowName": "flow-" + n, "Limit": n}
		}
		return r, []byte(strings.Repeat(n+",", int(seq%50))) // some cut, some not
	}
	want := func(seq uint64) Record {
		r, body := made(seq)
		r.Response = string(body)
		if len(body) > 64 {
			r.Response = string(body[:64]) + "…[truncated, " + strconv.Itoa(len(body)) + " bytes]"
		}
		return r
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			sh := j.Share()
			for range 300 {
				r, body := made(j.Arrive())
				add(sh, r, body)
				clear(body)
			}
			if w == 0 {
				sh.Close()
			}
		})
	}
	wg.Go(func() {
		for range 200 {
			recs, _ := j.List(Filter{})
			for _, got := range recs {
				if w := want(got.Seq); fmt.Sprint(got) != fmt.Sprint(w) {
					t.Errorf("listed %+v\nwant   %+v", got, w)
					return
				}
			}
		}
	})
	wg.Wait()
}

// TestBytesCountEveryValue: what a record costs the byte budget grows with each value it
// keeps, the parameters' and the answer's included, by the bytes kept (cut when long).
func TestBytesCountEveryValue(t *testing.T) {
	const maxValue = 64
	base := Record{Session: "s", RequestID: "r", Method: "POST", Path: "/", Action: "CreateFlow", Params: map[string]string{"Definition": ""}}
	tests := []struct {
		name string
		rec  func(r *Record, v string) []byte // sets v somewhere in r, or returns it as the body
		v    string
		want int // bytes more than with v empty
	}{
		{name: "parameter", rec: func(r *Record, v string) []byte { r.Params = map[string]string{"Definition": v}; return nil }, v: "abc", want: 3},
		{name: "parameter cut", rec: func(r *Record, v string) []byte { r.Params = map[string]string{"Definition": v}; return nil }, v: strings.Repeat("x", 1000),
			want: maxValue + len("…[truncated, 1000 bytes]")},
		{name: "request id", rec: func(r *Record, v string) []byte { r.RequestID += v; return nil }, v: "abc", want: 3},
		{name: "answer", rec: func(r *Record, v string) []byte { return []byte(v) }, v: "abcde", want: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cost := func(v string) int {
				j := New(10, 0, maxValue)
				r := base
				body := tt.rec(&r, v)
				add(j.Share(), r, body)
				return j.Bytes()
			}
			if got := cost(tt.v) - cost(""); got != tt.want {
				t.Errorf("bytes grow by %d, want %d", got, tt.want)
			}
		})
	}
}

// TestNothingGivenIsKept: a listed record shares no memory with the record given, its
// parameters' names included (the mock's point into the request's query or body, which
// the journal must not keep alive).
func TestNothingGivenIsKept(t *testing.T) {
	request := "Name=flow&Definition=" + strings.Repeat("x", 100) + "&Session=s&Path=/&Method=POST&RequestId=r"
	from := func(v string) string { // v, a part of request
		i := strings.Index(request, v)
		return request[i : i+len(v)]
	}
	j := New(10, 0, 0)
	add(j.Share(), Record{Session: from("s"), RequestID: from("r"), Method: from("POST"), Path: from("/"),
		Params: map[string]string{from("Name"): from("flow"), from("Definition"): from("xxx")}}, nil)
	got, _ := j.List(Filter{})
	if len(got) != 1 {
		t.Fatalf("listed %d records, want 1", len(got))
	}
	r := got[0]
	lo := uintptr(unsafe.Pointer(unsafe.StringData(request)))
	inRequest := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		return s != "" && p >= lo && p < lo+uintptr(len(request))
	}
	kept := []string{r.Session, r.RequestID, r.Method, r.Path}
	for k, v := range r.Params {
		kept = append(kept, k, v)
	}
	for _, s := range kept {
		if inRequest(s) {
			t.Errorf("listed %q points into the request given, want a copy", s)
		}
	}
	if want := map[string]string{"Name": "flow", "Definition": "xxx"}; fmt.Sprint(r.Params) != fmt.Sprint(want) {
		t.Errorf("params %v, want %v", r.Params, want)
	}
}

// TestParams: the parameters Add takes as a list come back as the record's Params.
func TestParams(t *testing.T) {
	tests := []struct {
		name   string
		params []Param
		want   map[string]string
	}{
		{name: "none", params: nil, want: nil},
		{name: "empty list", params: []Param{}, want: nil},
		{name: "two", params: []Param{{Name: "FlowName", Value: "f"}, {Name: "Limit", Value: "60"}}, want: map[string]string{"FlowName": "f", "Limit": "60"}},
		{name: "a name twice keeps the last", params: []Param{{Name: "P", Value: "1"}, {Name: "P", Value: "2"}}, want: map[string]string{"P": "2"}},
		{name: "empty value", params: []Param{{Name: "P"}}, want: map[string]string{"P": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := New(10, 0, 0)
			j.Share().Add(Record{Session: "s"}, tt.params, nil)
			got, _ := j.List(Filter{})
			if len(got) != 1 {
				t.Fatalf("listed %d records, want 1", len(got))
			}
			if !maps.Equal(got[0].Params, tt.want) || (got[0].Params == nil) != (tt.want == nil) {
				t.Errorf("Params = %#v, want %#v", got[0].Params, tt.want)
			}
		})
	}
}

// TestBodyInParts: a body given in parts is kept as the same body given whole: cut at the
// same rune boundary, with the same marker and the same bytes counted, wherever the parts
// split it.
func TestBodyInParts(t *testing.T) {
	const maxValue = 16
	tests := []struct{ name, body, want string }{
		{"short", "abc", "abc"},
		{"at the cap", strings.Repeat("x", maxValue), strings.Repeat("x", maxValue)},
		{"one past the cap", strings.Repeat("x", maxValue+1), strings.Repeat("x", maxValue) + "…[truncated, 17 bytes]"},
		{"the cap inside a rune", "x" + strings.Repeat("é", maxValue), "x" + strings.Repeat("é", 7) + "…[truncated, 33 bytes]"},
		{"long", strings.Repeat("0123456789", 10), "0123456789012345…[truncated, 100 bytes]"},
	}
	kept := func(body ...[]byte) (string, int) { // the Response kept, and the bytes counted
		j := New(10, 0, maxValue)
		j.Share().Add(Record{}, nil, body...)
		got, _ := j.List(Filter{})
		return got[0].Response, j.Bytes()
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, wantBytes := kept([]byte(tt.body))
			if got != tt.want {
				t.Fatalf("whole: Response = %q, want %q", got, tt.want)
			}
			for cut := 0; cut <= len(tt.body); cut++ {
				got, bytes := kept([]byte(tt.body[:cut]), []byte(tt.body[cut:]))
				if got != tt.want || bytes != wantBytes {
					t.Fatalf("parts split at %d: Response %q and %d bytes, want %q and %d", cut, got, bytes, tt.want, wantBytes)
				}
			}
		})
	}
	t.Run("no part given", func(t *testing.T) {
		j := New(10, 0, maxValue)
		j.Share().Add(Record{Response: "kept"}, nil, nil, nil)
		if got, _ := j.List(Filter{}); got[0].Response != "kept" {
			t.Errorf("Response = %q, want the record's own %q", got[0].Response, "kept")
		}
	})
}
