package cftime_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/flowmock/flowmock/cftime"
)

func TestMarshalRange(t *testing.T) {
	tests := []struct {
		name    string
		t       time.Time
		want    string
		wantErr bool
	}{
		{"a time", time.Date(2019, 1, 1, 1, 1, 1, 1_500_000, time.UTC), `"2019-01-01T01:01:01.001Z"`, false},
		{"the latest", cftime.Max, `"9999-12-31T23:59:59.999Z"`, false},
		{"the earliest", cftime.Min, `"0000-01-01T00:00:00.000Z"`, false},
		{"year 10000", cftime.Max.Add(time.Millisecond), "", true},
		{"year -1", cftime.Min.Add(-time.Millisecond), "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(cftime.Of(tt.t))
			if (err != nil) != tt.wantErr || string(got) != tt.want {
				t.Errorf("Marshal = %s, %v; want %s (error %v)", got, err, tt.want, tt.wantErr)
			}
			_, err = cftime.Of(tt.t).MarshalText()
			if (err != nil) != tt.wantErr {
				t.Errorf("MarshalText error = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}
