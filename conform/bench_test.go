package conform_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/flowmock/flowmock/mocktest"
)

// BenchmarkCheckListExecutions checks a full 100-execution page of demo_flow, the largest
// answer a client usually gets.
func BenchmarkCheckListExecutions(b *testing.B) {
	srv := mocktest.NewServer(b)
	res, err := http.Get(srv.URL + "/?Action=ListExecutions&Version=2019-03-15&FlowName=demo_flow&Limit=100")
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	c := checker(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if vs := c.Check("ListExecutions", 200, res.Header, body); len(vs) != 0 {
			b.Fatal(vs)
		}
	}
}
