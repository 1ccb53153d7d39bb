// Package scaleout is the recipe for running several flowmock replicas behind one address:
// state lives in memory per replica, so a proxy must send every request of a session to the
// same replica, hashing on the session (X-Mock-Session on the API, the id in the path or
// ?session= on the control plane). README.md has the nginx and Envoy configurations; the
// package's test runs the nginx one with two replicas and 32 parallel sessions. It has no
// code of its own.
package scaleout
