// Package deploy holds the recipes that run flowmock outside go test: compose.yaml (flowmock
// beside an example app) and kubernetes/ (Deployment, Service, ingress-nginx hashing on the
// session). It has no code; its tests check the recipes and the container image (../Dockerfile,
// `make image`): the image is built, run read-only as its non-root user and driven from the
// host, skipped, saying why, only when no Docker daemon answers.
package deploy
