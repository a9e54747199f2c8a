#!/usr/bin/env bash
# usage: scripts/with-postgres.sh CMD...
# Starts a throwaway PostgreSQL cluster (its own data folder, a Unix socket in that folder, and TLS on a free port of
# 127.0.0.1 with a self-signed certificate made for it), runs CMD with EASEL_TEST_POSTGRES_URL pointing at an empty
# database in it through the socket, EASEL_TEST_POSTGRES_TLS_URL at the same database over TLS, and
# EASEL_TEST_POSTGRES_TLS_CERT at the certificate, then stops the cluster and deletes it.
# Run as root, the server runs as the `postgres` user, as PostgreSQL requires. Exits with CMD's status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD..." >&2
    exit 2
fi

bindir=""
for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && bindir="$candidate"
done
if [ -z "$bindir" ] && command -v initdb >/dev/null; then
    bindir="$(dirname "$(command -v initdb)")"
fi
if [ -z "$bindir" ]; then
    echo "with-postgres: no PostgreSQL server found (install the postgresql package)" >&2
    exit 1
fi
if ! command -v openssl >/dev/null; then
    echo "with-postgres: openssl is needed for the server's certificate (install the openssl package)" >&2
    exit 1
fi

# As root, the cluster goes under /tmp: the postgres user may not reach into root's own TMPDIR.
parent="${TMPDIR:-/tmp}"
[ "$(id -u)" -ne 0 ] || parent=/tmp
cluster="$(mktemp -d "$parent/easel-postgres.XXXXXX")"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$cluster"
    as_owner=(runuser -u postgres --)
fi

stop_cluster() {
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$cluster"
}
trap stop_cluster EXIT

if ! "${as_owner[@]}" "$bindir/initdb" -D "$cluster/data" -U postgres --auth=trust --locale=C -E UTF8 \
    >"$cluster/initdb.log" 2>&1; then
    cat "$cluster/initdb.log" >&2
    exit 1
fi
# A certificate of its own for this cluster, for 127.0.0.1 and localhost; the server wants its key private.
if ! openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=easel-test-postgres" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$cluster/server.key" -out "$cluster/server.crt" >"$cluster/openssl.log" 2>&1; then
    cat "$cluster/openssl.log" >&2
    exit 1
fi
chmod 600 "$cluster/server.key"
[ "$(id -u)" -ne 0 ] || chown postgres: "$cluster/server.key" "$cluster/server.crt"

# Every test store holds a few connections while the tests run in parallel; fsync is off because the cluster
# is thrown away afterwards. The port is a free one, picked again if another server takes it first.
started=""
for _ in 1 2 3 4 5; do
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    if "${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
        -o "-k $cluster -c listen_addresses=127.0.0.1 -p $port -c max_connections=400 -c fsync=off -c ssl=on \
            -c ssl_cert_file=$cluster/server.crt -c ssl_key_file=$cluster/server.key" start >/dev/null; then
        started=yes
        break
    fi
done
if [ -z "$started" ]; then
    cat "$cluster/server.log" >&2
    exit 1
fi
"${as_owner[@]}" "$bindir/createdb" -h "$cluster" -p "$port" -U postgres easel_test

export EASEL_TEST_POSTGRES_URL="postgres://postgres@/easel_test?host=$cluster&port=$port&sslmode=disable"
export EASEL_TEST_POSTGRES_TLS_URL="postgres://postgres@127.0.0.1:$port/easel_test?sslmode=require"
export EASEL_TEST_POSTGRES_TLS_CERT="$cluster/server.crt"
status=0
"$@" || status=$?
exit "$status"
