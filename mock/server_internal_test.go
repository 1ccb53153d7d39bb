package mock

import (
	"encoding/binary"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// oldRequestID is how request ids were made before they were written in upper case directly:
// lower-case hex, then strings.ToUpper.
func oldRequestID(seed, n uint64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], mix(seed^0x5eed, n))
	binary.BigEndian.PutUint64(b[8:], mix(seed^0x1d, n))
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return strings.ToUpper(string(out[:]))
}

// TestRequestIDSameAsBefore holds request ids to the values a seed gave before: a run with
// the same seed and request order keeps giving the same ids.
func TestRequestIDSameAsBefore(t *testing.T) {
	for _, seed := range []uint64{0, 1, 42, 1 << 40, ^uint64(0)} {
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) {
			s := &Server{cfg: Config{Seed: seed}}
			for n := uint64(1); n <= 300; n++ {
				if got, want := s.newRequestID(), oldRequestID(seed, n); got != want {
					t.Fatalf("id %d: got %s, want %s", n, got, want)
				}
			}
		})
	}
}

// TestHeaderNamesCanonical: the names header reads directly are the keys net/http stores.
func TestHeaderNamesCanonical(t *testing.T) {
	for _, name := range []string{HeaderSession, HeaderScenario, HeaderError, HeaderPrefer, "Origin"} {
		if got := http.CanonicalHeaderKey(name); got != name {
			t.Errorf("%s is kept as %s: header(h, %q) would miss it", name, got, name)
		}
	}
}
