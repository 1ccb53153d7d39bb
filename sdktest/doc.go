// Package sdktest holds the conformance suite that runs the official, unmodified Alibaba Cloud
// SDKs against the flowmock server: the old Go SDK (services/fnf, GET and POST), the Darabonba
// OpenAPI core with signature V1 (what the generated fnf-20190315 client uses) and with its
// default signature V3, and, in node/, the Node SDK @alicloud/fnf-2019-03-15.
//
// It is a separate module so that the mock itself does not depend on the SDKs. The package has
// no API: everything is in its tests. Run it with `make test` in this directory; the test run
// ends with a {client} × {case} table of PASS/FAIL cells.
package sdktest
