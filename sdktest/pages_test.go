package sdktest_test

import "testing"

// maxPages bounds the pages a test follows NextToken through.
const maxPages = 100

// followPages calls page with the NextToken "" and then with each NextToken it returns until
// one is empty, and returns the items of all the pages in order. page gets the page's number
// (from 1) and token, and returns the page's items and its NextToken. followPages fails the
// test after maxPages pages or on a NextToken that repeats.
func followPages[T any](t *testing.T, action string, page func(n int, token string) ([]T, string)) []T {
	t.Helper()
	var all []T
	seen := map[string]bool{}
	token := ""
	for n := 1; ; n++ {
		if n > maxPages {
			t.Fatalf("%s: more than %d pages: NextToken never ends", action, maxPages)
		}
		items, next := page(n, token)
		all = append(all, items...)
		if next == "" {
			return all
		}
		if seen[next] {
			t.Fatalf("%s page %d: NextToken %q repeats", action, n, next)
		}
		seen[next] = true
		token = next
	}
}
