// Package cftime provides the time type CloudFlow puts on the wire: UTC RFC 3339 with exactly
// three fraction digits, such as 2019-01-01T01:01:01.001Z.
//
// encoding/json writes time.Time as RFC 3339 with as many fraction digits as needed (".1Z",
// none at all for whole seconds); CloudFlow always writes three, so the contract's Time schema
// maps to this type.
package cftime

import (
	"fmt"
	"strconv"
	"time"
)

// Layout is the CloudFlow time layout.
const Layout = "2006-01-02T15:04:05.000Z07:00"

// Min and Max are the earliest and latest times Layout shows: its year has four digits.
var (
	Min = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	Max = time.Date(9999, 12, 31, 23, 59, 59, 999_000_000, time.UTC)
)

// Check says why t cannot be shown in Layout: it is before Min or after Max.
func Check(t time.Time) error {
	if t.Before(Min) || t.After(Max) {
		return fmt.Errorf("the time is outside what the API can show (%s to %s)", Of(Min), Of(Max))
	}
	return nil
}

// Time is a time.Time that marshals in Layout, always in UTC.
type Time struct{ time.Time }

// Of returns t truncated to the millisecond, in UTC, as a Time.
func Of(t time.Time) Time { return Time{t.UTC().Truncate(time.Millisecond)} }

// String returns t in Layout.
func (t Time) String() string { return t.UTC().Format(Layout) }

// AppendFormat appends t in Layout to b.
func (t Time) AppendFormat(b []byte) []byte { return t.UTC().AppendFormat(b, Layout) }

// MarshalJSON writes t as a JSON string in Layout; a time outside Min…Max is an error.
func (t Time) MarshalJSON() ([]byte, error) {
	if err := Check(t.Time); err != nil {
		return nil, err
	}
	b := make([]byte, 0, len(Layout)+2)
	b = append(b, '"')
	b = t.AppendFormat(b)
	return append(b, '"'), nil
}

// UnmarshalJSON reads any RFC 3339 time (any number of fraction digits).
func (t *Time) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return err
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

// MarshalText writes t in Layout; a time outside Min…Max is an error.
func (t Time) MarshalText() ([]byte, error) {
	if err := Check(t.Time); err != nil {
		return nil, err
	}
	return t.AppendFormat(nil), nil
}

// UnmarshalText reads any RFC 3339 time.
func (t *Time) UnmarshalText(b []byte) error {
	v, err := time.Parse(time.RFC3339Nano, string(b))
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}
