package mock_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/flowmock/flowmock/mock"
)

// TestFlowBytesUntouched: serving last pages from many goroutines leaves the flow's bytes as they were.
func TestFlowBytesUntouched(t *testing.T) {
	set := defaultFixtures(t)
	fl, _ := set.Flow("", "order_pipeline")
	full, _ := fl.Closing(0, false)
	meta, _ := fl.Closing(0, true)
	wantFull, wantMeta := bytes.Clone(full), bytes.Clone(meta)
	srv, err := mock.New(mock.Config{Data: set, JournalValueBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 300 {
				q := "/?" + base + "FlowName=order_pipeline&Limit=100"
				if (i+g)%2 == 0 {
					q += "&MetadataOnly=true"
				}
				if i%3 == 0 {
					q = "/?" + base + "FlowName=demo_flow&Limit=7"
				}
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, q, nil))
				if rec.Code != 200 {
					t.Errorf("status %d", rec.Code)
					return
				}
			}
		})
	}
	wg.Wait()
	if !bytes.Equal(full, wantFull) || !bytes.Equal(meta, wantMeta) {
		t.Fatal("the flow's bytes changed")
	}
}
