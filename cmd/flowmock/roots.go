package main

// The image is FROM scratch: no /etc/ssl. This registers the Mozilla roots as the fallback
// when the system has none, so HTTPS upstreams verify inside the image too.
import _ "golang.org/x/crypto/x509roots/fallback"
