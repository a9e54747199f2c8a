#!/usr/bin/env bash
# Chaos run: applies a job of users, enrollments and raw POSTs (checked by verify: reads) against a sandbox
# with every fault kind on, kills easel with SIGKILL at random moments and resumes until the run succeeds,
# then reads Canvas and prints `runs, kills, faults injected, duplicates, lost`. Exits non-zero unless
# duplicates and lost are both 0. The same SEED gives the same faults and kill times.
#
# usage: scripts/chaos.sh [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."

seed="${1:-1}"
users="${CHAOS_USERS:-150}"
courses="${CHAOS_COURSES:-10}"
max_kills="${CHAOS_KILLS:-8}"
faults="500=0.02,503=0.02,applied500=0.01,applied502=0.01,applied504=0.02,late504=0.02@1s,drop=0.02,lost=0.03"

swift build --product easel >/dev/null 2>&1 || swift build --product easel
easel="$(swift build --product easel --show-bin-path)/easel"

workdir="$(mktemp -d)"
token="chaos~$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
sandbox_pid=""
run_pid=""
cleanup() {
    for pid in "$run_pid" "$sandbox_pid"; do
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$workdir"
}
trap cleanup EXIT

# The job and its data.
{
    echo "sis_course_id,name"
    for c in $(seq 1 "$courses"); do echo "CHAOS-C$c,Chaos course $c"; done
} >"$workdir/courses.csv"
{
    echo "sis_user_id,name,login,course"
    for u in $(seq 1 "$users"); do echo "CHAOS-U$u,Chaos user $u,chaos.user$u,CHAOS-C$(((u - 1) % courses + 1))"; done
} >"$workdir/users.csv"
cat >"$workdir/job.yaml" <<'JOB'
easel: 1
name: chaos
inputs:
  courses: { csv: courses.csv }
  users: { csv: users.csv }
defaults:
  parallelism: 8
  on_error: continue
  # The settle time is longer than the sandbox's late commits (late504=…@1s).
  retry: { attempts: 8, backoff: 100ms, max_backoff: 2s, settle: 2s }
steps:
  - id: courses
    for_each: ${{ inputs.courses }}
    ensure: course
    in: self
    key: { sis_course_id: "${{ item.sis_course_id }}" }
    set: { name: "${{ item.name }}" }
  - id: users
    for_each: ${{ inputs.users }}
    ensure: user
    in: self
    key: { sis_user_id: "${{ item.sis_user_id }}" }
    set: { name: "${{ item.name }}", login_id: "${{ item.login }}" }
  - id: enrollments
    for_each: ${{ inputs.users }}
    needs: [courses, users]
    ensure: enrollment
    in: sis_course_id:${{ item.course }}
    key: { user_id: "sis_user_id:${{ item.sis_user_id }}", type: StudentEnrollment }
    set: { enrollment_state: active }
  - id: sections
    for_each: ${{ inputs.users }}
    needs: [courses]
    request: POST /api/v1/courses/sis_course_id:${{ item.course }}/sections
    body: { course_section: { name: "Section of ${{ item.sis_user_id }}" } }
    verify:
      get: /api/v1/courses/sis_course_id:${{ item.course }}/sections
      match: { name: "Section of ${{ item.sis_user_id }}" }
JOB

"$easel" sandbox --port 0 --seed empty --token "$token" --latency-ms 2 --faults "$faults" --random-seed "$seed" \
    --ready-file "$workdir/ready" >"$workdir/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 300); do
    [ -s "$workdir/ready" ] && break
    sleep 0.1
done
[ -s "$workdir/ready" ] || { echo "the sandbox did not start" >&2; exit 1; }
url="$(head -n 1 "$workdir/ready")"

RANDOM="$seed"
runs=0
kills=0
status=1
while [ "$status" -ne 0 ] && [ "$runs" -lt 40 ]; do
    if [ -f "$workdir/.easel/journal.sqlite" ]; then
        command=(resume latest)
    else
        command=(apply job.yaml --auto-approve)
    fi
    (cd "$workdir" && CANVAS_TOKEN="$token" exec "$easel" "${command[@]}" --base-url "$url" \
        --state-dir "$workdir/.easel" --format json) >"$workdir/run-$runs.log" 2>&1 &
    run_pid=$!
    runs=$((runs + 1))
    if [ "$kills" -lt "$max_kills" ]; then
        # A kill somewhere in the first few seconds of the run.
        delay_ms=$((500 + RANDOM % 4000))
        for _ in $(seq 1 $((delay_ms / 50))); do
            kill -0 "$run_pid" 2>/dev/null || break
            sleep 0.05
        done
        if kill -0 "$run_pid" 2>/dev/null; then
            kill -KILL "$run_pid" 2>/dev/null || true
            wait "$run_pid" 2>/dev/null || true
            kills=$((kills + 1))
            run_pid=""
            continue
        fi
    fi
    status=0
    wait "$run_pid" || status=$?
    run_pid=""
done

stats="$(curl -s -H "Authorization: Bearer $token" "$url/__sandbox/stats")"
curl -s -X PUT "$url/__sandbox/faults" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"spec": ""}' >/dev/null

CHAOS_SEED="$seed" CHAOS_URL="$url" CHAOS_TOKEN="$token" CHAOS_STATS="$stats" CHAOS_USERS="$users" CHAOS_COURSES="$courses" \
    CHAOS_RUNS="$runs" CHAOS_KILLS="$kills" CHAOS_STATUS="$status" python3 - <<'PY'
import json, os, re, sys, urllib.request

url, token = os.environ["CHAOS_URL"], os.environ["CHAOS_TOKEN"]

def get_all(path):
    items, next_url = [], url + path + ("&" if "?" in path else "?") + "per_page=100"
    while next_url:
        request = urllib.request.Request(next_url, headers={"Authorization": "Bearer " + token, "User-Agent": "chaos"})
        with urllib.request.urlopen(request) as response:
            items += json.load(response)
            links = response.headers.get("Link") or ""
            match = re.search(r'<([^>]+)>; rel="next"', links)
            next_url = match.group(1) if match else None
    return items

users, courses = int(os.environ["CHAOS_USERS"]), int(os.environ["CHAOS_COURSES"])
expected = {}
for c in range(1, courses + 1):
    expected[("course", f"CHAOS-C{c}")] = 0
for u in range(1, users + 1):
    expected[("user", f"CHAOS-U{u}")] = 0
    expected[("enrollment", f"CHAOS-U{u}")] = 0
    expected[("section", f"Section of CHAOS-U{u}")] = 0
unexpected = 0

def count(key):
    global unexpected
    if key in expected:
        expected[key] += 1
    else:
        unexpected += 1

user_sis = {}
for user in get_all("/api/v1/accounts/1/users"):
    if (user.get("sis_user_id") or "").startswith("CHAOS-"):
        count(("user", user["sis_user_id"]))
        user_sis[user["id"]] = user["sis_user_id"]
for course in get_all("/api/v1/accounts/1/courses"):
    if not (course.get("sis_course_id") or "").startswith("CHAOS-"):
        continue
    count(("course", course["sis_course_id"]))
    for enrollment in get_all(f"/api/v1/courses/{course['id']}/enrollments?type[]=StudentEnrollment"):
        count(("enrollment", user_sis.get(enrollment["user_id"], "unknown")))
    for section in get_all(f"/api/v1/courses/{course['id']}/sections"):
        if section["name"].startswith("Section of "):
            count(("section", section["name"]))

duplicates = sum(n - 1 for n in expected.values() if n > 1) + unexpected
lost = sum(1 for n in expected.values() if n == 0)
faults = json.loads(os.environ["CHAOS_STATS"]).get("faults", {})
injected = sum(faults.values())
detail = ", ".join(f"{kind} {n}" for kind, n in sorted(faults.items()))
print(f"seed {os.environ['CHAOS_SEED']}: objects {len(expected)}, runs {os.environ['CHAOS_RUNS']}, kills {os.environ['CHAOS_KILLS']}, "
      f"faults injected {injected} ({detail}), duplicates {duplicates}, lost {lost}")
if os.environ["CHAOS_STATUS"] != "0":
    print("the run did not succeed; its last output is in the run log", file=sys.stderr)
    sys.exit(1)
sys.exit(0 if duplicates == 0 and lost == 0 else 1)
PY
