#!/bin/bash
# The container's entrypoint, installed as /usr/local/bin/flakelens.
#   flakelens serve [options]   the server, on 0.0.0.0:$FLAKELENS_PORT unless --host/--port say otherwise,
#                               with C1 only on two cores or fewer unless JAVA_OPTS names the compilers
#   flakelens healthcheck       exit 0 when /healthz on $FLAKELENS_PORT answers 200 (the image's HEALTHCHECK)
#   flakelens COMMAND ...       any other flakelens command (upload, gate, ingest, token create, ...)
# FLAKELENS_JAR names the jar (default /opt/flakelens/flakelens.jar); FLAKELENS_CLASSPATH, when set,
# runs from a class path instead (the tests run this script against the build's classes).
set -euo pipefail

port="${FLAKELENS_PORT:-8080}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

run() {
    # JAVA_OPTS is a list of JVM flags: split on spaces on purpose.
    # shellcheck disable=SC2086
    if [ -n "${FLAKELENS_CLASSPATH:-}" ]; then
        exec "$java" ${JAVA_OPTS:-} -cp "$FLAKELENS_CLASSPATH" io.flakelens.app.Main "$@"
    fi
    exec "$java" ${JAVA_OPTS:-} -jar "${FLAKELENS_JAR:-/opt/flakelens/flakelens.jar}" "$@"
}

healthcheck() {
    # No curl in a JRE image: HTTP/1.0 over bash's /dev/tcp, within 5 seconds.
    local status
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf 'GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    IFS= read -r -t 5 status <&3 || return 1
    exec 3>&-
    case "$status" in
        "HTTP/"*" 200"*) return 0 ;;
        *) echo "flakelens healthcheck: /healthz answered: $status" >&2; return 1 ;;
    esac
}

case "${1:-serve}" in
    healthcheck)
        healthcheck
        ;;
    serve)
        [ "$#" -gt 0 ] && shift
        extra=()
        has_host=no
        has_port=no
        for arg in "$@"; do
            case "$arg" in
                --host|--host=*) has_host=yes ;;
                --port|--port=*) has_port=yes ;;
            esac
        done
        # In a container the server must listen beyond loopback, or the published port reaches nothing.
        [ "$has_host" = no ] && extra+=(--host 0.0.0.0)
        [ "$has_port" = no ] && extra+=(--port "$port")
        # On two cores or fewer the server runs the JIT's first compiler only, unless JAVA_OPTS chooses:
        # there the optimising compiler took a third of the CPU for thousands of uploads and the upload
        # rate fell by a fifth (docs/service.md).
        case " ${JAVA_OPTS:-} " in
            *" -XX:TieredStopAtLevel="* | *" -XX:"[+-]"TieredCompilation "*) ;;
            *) if [ "$(nproc 2>/dev/null || echo 4)" -le 2 ]; then
                   JAVA_OPTS="${JAVA_OPTS:-} -XX:TieredStopAtLevel=1"
               fi ;;
        esac
        run serve "${extra[@]}" "$@"
        ;;
    *)
        run "$@"
        ;;
esac
