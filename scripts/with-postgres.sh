#!/usr/bin/env bash
# usage: scripts/with-postgres.sh CMD...
# Starts a throwaway PostgreSQL cluster (its own data folder, a Unix socket in that folder, no TCP port), runs CMD
# with EASEL_TEST_POSTGRES_URL pointing at an empty database in it, then stops the cluster and deletes it.
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
# Every test store holds a few connections while the tests run in parallel; fsync is off because the cluster
# is thrown away afterwards.
if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
    -o "-k $cluster -c listen_addresses= -p 5432 -c max_connections=400 -c fsync=off" start >/dev/null; then
    cat "$cluster/server.log" >&2
    exit 1
fi
"${as_owner[@]}" "$bindir/createdb" -h "$cluster" -p 5432 -U postgres easel_test

export EASEL_TEST_POSTGRES_URL="postgres://postgres@/easel_test?host=$cluster&sslmode=disable"
status=0
"$@" || status=$?
exit "$status"
