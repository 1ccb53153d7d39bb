# flowmock's container image: the static binary and nothing else (the GoReleaser shape).
# `make image` builds the binary (CGO_ENABLED=0, -trimpath) into a context holding only it,
# then runs `docker build -f Dockerfile <that context>`. Base images are never pulled.
FROM scratch

ARG VERSION=dev
ARG REVISION=unknown

LABEL org.opencontainers.image.title="flowmock" \
      org.opencontainers.image.description="Contract-testing mock and emulator of Alibaba Cloud CloudFlow (fnf 2019-03-15)" \
      org.opencontainers.image.source="https://github.com/flowmock/flowmock" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"

COPY flowmock /flowmock

# Every flag has its FLOWMOCK_* variable; inside the container, listen on every interface.
ENV FLOWMOCK_ADDR=0.0.0.0:8080
EXPOSE 8080

# A numeric non-root user (no /etc/passwd in scratch); nothing is written to disk, so
# `docker run --read-only` works.
USER 65532:65532

# No curl in scratch: the binary probes its own /_mock/health (loopback, port of FLOWMOCK_ADDR).
HEALTHCHECK --interval=2s --timeout=2s --start-period=10s --retries=3 CMD ["/flowmock", "health"]

ENTRYPOINT ["/flowmock"]
CMD ["serve"]
