"""The benchmark driver behind bench/run: Easel against canvasapi scripts and the throttle's limit.

See bench/README.md for what it measures and what each column means. Standard library only; the
canvasapi scripts it runs need the project's .venv (bench/run makes sure it exists).
"""

import argparse
import concurrent.futures
import csv
import datetime
import json
import math
import os
import platform
import secrets
import shutil
import statistics
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)

# Canvas's throttle as the sandbox runs it (Sources/Sandbox/SandboxThrottle.swift, the defaults that
# `easel sandbox --throttle canvas` uses): the values of app/middleware/request_throttle.rb.
HWM = 600.0  # the bucket is full (requests refused) when its level reaches this
UP_FRONT = 50.0  # units reserved when a request starts, refunded when it ends
OUTFLOW = 10.0  # units leaked per second
DEFAULT_COST = 0.01  # the sandbox's default cost of a request

# The routes of the workload's writes, as the sandbox keys its costs and stats.
WRITE_ROUTES = [
    "POST /api/v1/accounts/:account_id/courses",
    "POST /api/v1/courses/:course_id/enrollments",
    "PUT /api/v1/courses/:course_id",
]


def log(message):
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Running and measuring processes


def run_measured(args, *, env=None, cwd=None, stdout_path=None, stderr_path=None, timeout=None, watch=None):
    """Runs a command; returns its exit code, wall seconds and peak resident memory (MB).

    The memory is the child's own ru_maxrss, read with os.wait4 so that each command is measured
    alone (getrusage(RUSAGE_CHILDREN) would give the largest child so far). `watch`, if given, is
    called with the process every poll (10 ms) while it runs: the scale run uses it to interrupt an
    apply late.
    """
    stdout = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    stderr = open(stderr_path, "wb") if stderr_path else subprocess.DEVNULL
    try:
        started_epoch = time.time()
        started = time.monotonic()
        process = subprocess.Popen(args, env=env, cwd=cwd, stdout=stdout, stderr=stderr)
        deadline = None if timeout is None else started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.monotonic() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            if watch is not None:
                watch(process)
            time.sleep(0.01)
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        # Linux reports ru_maxrss in kilobytes, macOS in bytes.
        rss_mb = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        return {"exit_code": process.returncode, "seconds": round(seconds, 3), "peak_rss_mb": round(rss_mb, 1),
                "started_epoch": started_epoch, "ended_epoch": started_epoch + seconds}
    finally:
        for handle in (stdout, stderr):
            if handle is not subprocess.DEVNULL:
                handle.close()


def last_json_object(text):
    """The JSON summary a command prints last: the whole output, or its last line that parses."""
    text = text.strip()
    try:
        value = json.loads(text)
        return value if isinstance(value, dict) else None
    except ValueError:
        pass
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                continue
    # A pretty-printed object at the end: try from each line that opens one.
    lines = text.splitlines()
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].startswith("{"):
            try:
                return json.loads("\n".join(lines[index:]))
            except ValueError:
                continue
    return None


def read_text(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


# --------------------------------------------------------------------------------------------
# The sandbox


def pinned(cpu):
    """The `taskset` prefix that runs a command on one core, or nothing."""
    return [] if cpu is None else ["taskset", "-c", str(cpu)]


class Sandbox:
    """An `easel sandbox` process, fresh for each contender."""

    def __init__(self, easel, workdir, name, *, latency_ms, throttle, tokens, random_seed=1, cpu=None):
        self.ready_file = os.path.join(workdir, f"{name}.ready")
        self.log_path = os.path.join(workdir, f"{name}.sandbox.log")
        args = pinned(cpu) + [easel, "sandbox", "--port", "0", "--ready-file", self.ready_file, "--seed", "empty"]
        args += ["--latency-ms", str(latency_ms), "--throttle", throttle, "--random-seed", str(random_seed)]
        for token in tokens:
            args += ["--token", token]
        # The control surface (/__sandbox/) needs one of the sandbox's tokens.
        self.control_token = tokens[0]
        self.log_handle = open(self.log_path, "wb")
        self.process = subprocess.Popen(args, stdout=self.log_handle, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while not (os.path.exists(self.ready_file) and read_text(self.ready_file).strip()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the sandbox did not start; see {self.log_path}")
            time.sleep(0.05)
        self.url = read_text(self.ready_file).strip()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_handle.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.stop()

    def call(self, method, path, token=None, form=None, json_body=None, attempts=20):
        """One HTTP call; returns (status, headers, parsed JSON or text). Retries throttled calls."""
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        if json_body is not None:
            data = json.dumps(json_body).encode()
        url = path if path.startswith("http") else self.url + path
        for attempt in range(attempts):
            request = urllib.request.Request(url, data=data, method=method)
            request.add_header("User-Agent", "easel-bench")
            if json_body is not None:
                request.add_header("Content-Type", "application/json")
            if token:
                request.add_header("Authorization", f"Bearer {token}")
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    status, headers, body = response.status, response.headers, response.read()
            except urllib.error.HTTPError as error:
                status, headers, body = error.code, error.headers, error.read()
            text = body.decode("utf-8", errors="replace")
            if status in (403, 429) and "Rate Limit Exceeded" in text and attempt < attempts - 1:
                time.sleep(0.2 * (attempt + 1))
                continue
            try:
                return status, headers, json.loads(text)
            except ValueError:
                return status, headers, text
        raise RuntimeError(f"{method} {path}: still throttled")

    def paginate(self, path, token):
        """Every element of a paginated list, following the Link header's next."""
        url, elements = self.url + path, []
        while url:
            status, headers, body = self.call("GET", url, token)
            if status != 200:
                raise RuntimeError(f"GET {url}: {status} {body}")
            elements += body
            url = None
            for part in (headers.get("Link") or "").split(","):
                if 'rel="next"' in part:
                    url = part[part.index("<") + 1 : part.index(">")]
        return elements

    def stats(self):
        return self.call("GET", "/__sandbox/stats", self.control_token)[2]

    def set_cost(self, cost, route=None):
        form = {"cost": str(cost)}
        if route:
            form["route"] = route
        status, _, body = self.call("PUT", "/__sandbox/cost", self.control_token, json_body=form)
        if status != 200:
            raise RuntimeError(f"cannot set the sandbox's request cost: {body}")


# --------------------------------------------------------------------------------------------
# The workload


def make_workload(directory, courses, enrollments, prefix="BENCH"):
    """Writes courses.csv and enrollments.csv into directory/data; returns the workload's shape.

    Every other course (0, 2, 4, ...) gets a new_name: half of the courses are renamed. Enrollment i
    goes to course i mod N; the k-th enrollment of a course is user (3c + k) mod U, so pairs never
    repeat; the first person of each course is its teacher.
    """
    data = os.path.join(directory, "data")
    os.makedirs(data, exist_ok=True)
    per_course = math.ceil(enrollments / courses) if courses else 0
    users = max(per_course, enrollments // 4, 1) if enrollments else 0
    course_rows = []
    for index in range(courses):
        sis = f"{prefix}-C{index:05d}"
        new_name = f"Bench Course {index} (renamed)" if index % 2 == 0 else ""
        course_rows.append([sis, f"Bench Course {index}", f"BC{index}", new_name])
    enrollment_rows = []
    for index in range(enrollments):
        course, k = index % courses, index // courses
        user = (3 * course + k) % users
        kind = "TeacherEnrollment" if k == 0 else "StudentEnrollment"
        enrollment_rows.append([f"{prefix}-C{course:05d}", f"{prefix}-U{user:05d}", kind])
    with open(os.path.join(data, "courses.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sis_course_id", "name", "course_code", "new_name"])
        writer.writerows(course_rows)
    with open(os.path.join(data, "enrollments.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["course_id", "user_id", "type"])
        writer.writerows(enrollment_rows)
    renames = sum(1 for row in course_rows if row[3])
    return {
        "courses": courses,
        "enrollments": enrollments,
        "renames": renames,
        "users": users,
        "writes": courses + enrollments + renames,
        "course_rows": course_rows,
        "enrollment_rows": enrollment_rows,
        "user_ids": [f"{prefix}-U{index:05d}" for index in range(users)],
    }


def create_users(sandbox, token, user_ids):
    """The people the enrollments name, created before the contender starts (not timed)."""

    def create(sis):
        status, _, body = sandbox.call(
            "POST",
            "/api/v1/accounts/1/users",
            token,
            {"user[name]": f"Bench Person {sis}", "pseudonym[unique_id]": f"{sis.lower()}@bench.test",
             "pseudonym[sis_user_id]": sis},
        )
        if status != 200:
            raise RuntimeError(f"cannot create user {sis}: {status} {body}")

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(create, user_ids))


def verify(sandbox, token, workload):
    """Counts the workload's items whose effect is missing from the sandbox: failed items.

    An item is a course created with its final name (renamed when the CSV says so) and an active
    enrollment of the right type. Extra objects (duplicates) are counted separately.
    """
    courses = sandbox.paginate("/api/v1/accounts/1/courses?per_page=100", token)
    by_sis = {}
    for course in courses:
        by_sis.setdefault(course.get("sis_course_id"), []).append(course)
    missing_courses = wrong_names = 0
    for sis, name, _code, new_name in workload["course_rows"]:
        found = by_sis.get(sis)
        if not found:
            missing_courses += 1
        elif found[0].get("name") != (new_name or name):
            wrong_names += 1
    extra_courses = len(courses) - len(by_sis.keys() & {row[0] for row in workload["course_rows"]})

    def enrollments_of(sis_user_id):
        path = f"/api/v1/users/sis_user_id:{urllib.parse.quote(sis_user_id)}/enrollments?per_page=100"
        return sandbox.paginate(path, token)

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        found = [e for batch in pool.map(enrollments_of, workload["user_ids"]) for e in batch]
    present = {}
    for enrollment in found:
        key = (enrollment.get("sis_course_id"), enrollment.get("sis_user_id"), enrollment.get("type"))
        if enrollment.get("enrollment_state") == "active":
            present[key] = present.get(key, 0) + 1
    missing_enrollments = sum(1 for row in workload["enrollment_rows"] if tuple(row) not in present)
    extra_enrollments = sum(count - 1 for count in present.values())
    return {
        "failed_items": missing_courses + wrong_names + missing_enrollments,
        "missing_courses": missing_courses,
        "not_renamed": wrong_names,
        "missing_enrollments": missing_enrollments,
        "duplicates": extra_courses + extra_enrollments,
    }


# --------------------------------------------------------------------------------------------
# The theoretical minimum


def theoretical_minimum(writes, depth, latency_s, write_cost, reads=0):
    """The least time any client can take for `writes` writes through Canvas's throttle.

    Three bounds hold at once, so the minimum is the largest of them:
      1. In flight: a request is admitted only while the bucket's level plus its 50-unit up-front
         reservation stays under the high-water mark, so with an empty bucket at most
         C = ceil(hwm / up_front) - 1 requests run at once (11 for 600/50). Each takes the
         latency L on average, so T >= W * L / C.
      2. Outflow: each write leaves its cost c in the bucket, which leaks 10 units per second. The
         last write is admitted only while the bucket, holding every other write's cost that has not
         leaked, has room for its 50-unit reservation: (W - 1) * c - outflow * t <= hwm - up_front at
         the time t it is sent, and it ends L later. So T >= ((W - 1) * c - (hwm - up_front)) / outflow
         + L. (Counting the whole hwm as room, as a first version of this bound did, forgets that
         Canvas refuses a request whose reservation would fill the bucket: no client can use the last
         50 units, 5 seconds of outflow.)
      3. Dependencies: a course must exist before it is renamed or enrolled into: T >= depth * L.
    Reads are not counted: the writes alone can do the work (Canvas takes SIS ids in paths, and a
    created course's id comes back in the response). Given `reads`, the bound is that of a client
    that also makes those reads (each in flight for L, costing the default 0.01 units).
    """
    requests, units = writes + reads, writes * write_cost + reads * DEFAULT_COST
    concurrency = math.ceil(HWM / UP_FRONT) - 1
    bounds = {
        "in_flight": requests * latency_s / concurrency,
        "outflow": max(0.0, (units - write_cost - (HWM - UP_FRONT)) / OUTFLOW + latency_s),
        "dependencies": depth * latency_s,
    }
    binding = max(bounds, key=bounds.get)
    return {
        "seconds": round(bounds[binding], 3),
        "binding": binding,
        "bounds": {name: round(value, 3) for name, value in bounds.items()},
        "max_in_flight": concurrency,
        "formula": "max(W*L/C, ((W-1)*c - (hwm - 50))/outflow + L, depth*L)",
        "inputs": {"W": writes, "reads": reads, "L": latency_s, "C": concurrency, "c": write_cost, "hwm": HWM,
                   "outflow": OUTFLOW, "depth": depth},
    }


# --------------------------------------------------------------------------------------------
# Contenders


def easel_has(easel, command):
    """Whether `easel --help` lists `command` among its subcommands."""
    listing = subprocess.run([easel, "--help"], capture_output=True, text=True).stdout
    in_subcommands = False
    for line in listing.splitlines():
        if line.strip() == "SUBCOMMANDS:":
            in_subcommands = True
        elif in_subcommands and line.split()[:1] == [command]:
            return True
    return False


def run_easel(context, sandbox, token, jobdir):
    job = os.path.join(jobdir, "workload.yaml")
    shutil.copyfile(context.easel_job, job)
    state = os.path.join(jobdir, "easel-state")
    args = [context.easel, "apply", job, "--base-url", sandbox.url, "--auto-approve",
            "--parallelism", str(context.parallelism), "--state-dir", state, "--format", "json",
            "--var", "account=self"]
    env = dict(os.environ, CANVAS_TOKEN=token)
    out, err = os.path.join(jobdir, "easel.out"), os.path.join(jobdir, "easel.err")
    result = run_measured(args, env=env, cwd=jobdir, stdout_path=out, stderr_path=err, timeout=context.timeout)
    summary = last_json_object(read_text(out))
    result["summary"] = summary
    if summary:
        result["reported_failed"] = summary_failures(summary)
    result["timeline"] = easel_timeline(state, result)
    return result


def easel_timeline(state_dir, measured, plans=True):
    """Where an Easel command's wall time went, from its request log and its journal.

    The request log (runs/<id>/requests.jsonl in the state folder) has one line per attempt with its
    start time and duration; the journal's runs table has when the run began, that is when planning
    (and approval) ended. Only the lines written while this command ran count (resume appends to the
    run's log). The wall time splits into start-up (to the first request), plan (to the run's start
    in the journal), apply (to the end of the last request) and finish (to the exit). With
    `plans=False` (resume, which does not plan) every request counts as apply's.
    """
    import glob
    import sqlite3

    start, end = measured["started_epoch"], measured["ended_epoch"]
    entries = []
    for path in glob.glob(os.path.join(state_dir, "runs", "*", "requests.jsonl")):
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                    began = datetime.datetime.fromisoformat(entry["time"].replace("Z", "+00:00")).timestamp()
                except (ValueError, KeyError):
                    continue
                # The log's times have millisecond precision: allow that much before the process started.
                if start - 0.002 <= began <= end:
                    entries.append((began, began + (entry.get("duration_ms") or 0) / 1000, entry))
    entries.sort(key=lambda item: item[0])
    run_started = None
    journal = os.path.join(state_dir, "journal.sqlite")
    if os.path.exists(journal):
        with sqlite3.connect(journal) as connection:
            for (began,) in connection.execute("SELECT started_at FROM runs"):
                if start <= began <= end:
                    run_started = began
    if not entries:
        return {"requests": 0, "run_started": run_started}
    first, last_end = entries[0][0], max(item[1] for item in entries)

    def phase(selected, began, ended):
        methods, throttled, busy = {}, 0, 0.0
        for entry_start, entry_end, entry in selected:
            methods[entry["method"]] = methods.get(entry["method"], 0) + 1
            throttled += entry.get("status") in (403, 429)
            busy += entry_end - entry_start
        seconds = max(0.0, ended - began)
        return {"seconds": round(seconds, 3), "requests": len(selected), "by_method": methods,
                "throttled": throttled, "mean_ms": round(1000 * busy / len(selected), 1) if selected else None,
                "mean_in_flight": round(busy / seconds, 2) if seconds > 0 else None}

    if not plans:
        split = first
    elif run_started is None:
        # No run began in this command's time: with a journal, it stopped while planning; with the
        # journal in memory there is no start to read, and every request counts as apply's.
        split = math.inf if os.path.exists(journal) else first
    else:
        split = max(first, run_started)
    planned = [item for item in entries if item[0] < split]
    applied = [item for item in entries if item[0] >= split]
    return {
        "requests": len(entries),
        "startup_seconds": round(first - start, 3),
        "plan": phase(planned, first, min(split, last_end)),
        "apply": phase(applied, min(split, last_end), last_end),
        "finish_seconds": round(end - last_end, 3),
    }


def timeline_text(timeline):
    """One line: where an Easel command's time went."""
    if not timeline or not timeline.get("requests"):
        return "no request log"

    def phase(name, value):
        methods = " + ".join(f"{count} {method}" for method, count in sorted(value["by_method"].items()))
        text = f"{name} {value['seconds']:.2f} s ({methods or 'no requests'}"
        if value["requests"]:
            text += f", {value['throttled']} throttled, {value['mean_ms']} ms each, {value['mean_in_flight']} in flight"
        return text + ")"

    return (f"start-up {timeline['startup_seconds']:.2f} s; {phase('plan', timeline['plan'])}; "
            f"{phase('apply', timeline['apply'])}; finish {timeline['finish_seconds']:.2f} s")


def summary_failures(summary):
    """Failed items as Easel's JSON summary counts them (per-step counts of 'failed' and 'in_doubt')."""
    total, found = 0, False

    def walk(value):
        nonlocal total, found
        if isinstance(value, dict):
            for key, inner in value.items():
                if key in ("failed", "in_doubt", "indoubt") and isinstance(inner, int):
                    total += inner
                    found = True
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(summary.get("steps", summary))
    return total if found else None


def run_script(context, script, sandbox, token, jobdir):
    args = [context.python, os.path.join(BENCH, "scripts", script), "--courses",
            os.path.join(jobdir, "data", "courses.csv"), "--enrollments",
            os.path.join(jobdir, "data", "enrollments.csv")]
    env = dict(os.environ, CANVAS_API_URL=sandbox.url, CANVAS_API_KEY=token, PYTHONWARNINGS="ignore")
    name = script.removesuffix(".py")
    out, err = os.path.join(jobdir, f"{name}.out"), os.path.join(jobdir, f"{name}.err")
    result = run_measured(args, env=env, cwd=jobdir, stdout_path=out, stderr_path=err, timeout=context.timeout)
    summary = last_json_object(read_text(out))
    result["summary"] = {key: value for key, value in (summary or {}).items() if key != "failures"}
    if summary:
        result["reported_failed"] = summary.get("failed")
        result["first_failures"] = summary.get("failures", [])[:3]
    return result


CONTENDERS = {
    "easel": ("Easel apply", None),
    "sequential": ("canvasapi sequential", "canvasapi_sequential.py"),
    "threadpool": ("canvasapi 5 threads", "canvasapi_threadpool.py"),
}


def run_contender(context, regime, key, workload_dir, workload):
    label, script = CONTENDERS[key]
    if key == "easel" and not context.easel_apply:
        return {"contender": key, "label": label, "available": False,
                "reason": "this easel has no 'apply' command yet"}
    jobdir = os.path.join(context.workdir, regime["name"], f"{key}-{regime['random_seed']}")
    shutil.copytree(workload_dir, jobdir)
    token, setup_token = "bench~" + secrets.token_hex(24), "setup~" + secrets.token_hex(24)
    log(f"[{regime['name']}] {label}: starting a fresh sandbox")
    with Sandbox(context.easel, context.workdir, f"{regime['name']}-{key}-{regime['random_seed']}",
                 latency_ms=context.latency_ms, throttle="canvas", tokens=[token, setup_token],
                 random_seed=regime["random_seed"]) as sandbox:
        create_users(sandbox, setup_token, workload["user_ids"])
        for route in WRITE_ROUTES:
            sandbox.set_cost(regime["write_cost"], route)
        before = sandbox.stats()
        log(f"[{regime['name']}] {label}: running")
        if key == "easel":
            result = run_easel(context, sandbox, token, jobdir)
        else:
            result = run_script(context, script, sandbox, token, jobdir)
        after = sandbox.stats()
        for route in WRITE_ROUTES:
            sandbox.set_cost(DEFAULT_COST, route)
        checked = verify(sandbox, setup_token, workload)
    # The writes each contender sent (throttled ones included), so the table can show they are the same.
    writes_sent = {route: after["requests_by_route"].get(route, 0) - before["requests_by_route"].get(route, 0)
                   for route in WRITE_ROUTES}
    by_method = {
        method: after["requests_by_method"].get(method, 0) - before["requests_by_method"].get(method, 0)
        for method in sorted(set(after["requests_by_method"]) | set(before["requests_by_method"]))
    }
    result.update({
        "contender": key,
        "label": label,
        "available": True,
        "wall_seconds": result["seconds"],
        "requests": after["total_requests"] - before["total_requests"],
        "requests_by_method": {method: count for method, count in by_method.items() if count},
        "throttled": after["throttled"] - before["throttled"],
        "writes_sent": writes_sent,
        "peak_in_flight": after["peak_in_flight"].get("token-1", 0),
        **checked,
    })
    if result["exit_code"] != 0:
        result["stderr_tail"] = read_text(os.path.join(jobdir, f"{script.removesuffix('.py') if script else 'easel'}.err"))[-1500:]
    log(f"[{regime['name']}] {label}: {result['wall_seconds']:.1f} s, {result['requests']} requests, "
        f"{result['throttled']} throttled, {result['failed_items']} failed items")
    return result


# --------------------------------------------------------------------------------------------
# Reporting


def ratios(results, limit):
    easel = next((r for r in results if r["contender"] == "easel" and r.get("available")), None)
    for result in results:
        if easel and result.get("available") and result is not easel:
            result["vs_easel"] = round(result["wall_seconds"] / easel["wall_seconds"], 2)
    if easel:
        easel["percent_of_limit"] = round(100 * limit["seconds"] / easel["wall_seconds"], 1)
    for result in results:
        if result.get("available") and result["failed_items"] == 0:
            # The same bound for the requests the contender really made: how well it scheduled them.
            reads = max(0, result["requests"] - result["throttled"] - limit["inputs"]["W"])
            own = theoretical_minimum(limit["inputs"]["W"], 2, limit["inputs"]["L"], limit["inputs"]["c"], reads)
            result["minimum_for_its_requests"] = own["seconds"]
            result["percent_of_its_minimum"] = round(100 * own["seconds"] / result["wall_seconds"], 1)


def table(regime, workload, results, limit):
    lines = [
        f"Regime {regime['name']}: {workload['courses']} courses, {workload['enrollments']} enrollments, "
        f"{workload['renames']} renames = {workload['writes']} writes ({workload['users']} existing users); "
        f"latency {regime['latency_ms']} ms ±25%, write cost {regime['write_cost']:g}, sandbox seed {regime.get('random_seed', 1)}",
        f"{'contender':<22} {'wall s':>8} {'requests':>9} {'throttled':>9} {'failed':>7} {'in flight':>9} "
        f"{'peak MB':>8} {'x Easel':>8}",
    ]
    notes = []
    for result in results:
        if not result.get("available"):
            lines.append(f"{result['label']:<22} {'not available: ' + result['reason']}")
            continue
        if result["exit_code"] != 0:
            last_line = ((result.get("stderr_tail") or "").strip().splitlines() or [""])[-1]
            notes.append(f"  {result['label']} exited with {result['exit_code']}: {last_line}")
        failed = result["failed_items"]
        if result.get("duplicates"):
            failed = f"{failed}+{result['duplicates']}d"
        lines.append(
            f"{result['label']:<22} {result['wall_seconds']:>8.2f} {result['requests']:>9} "
            f"{result['throttled']:>9} {failed!s:>7} {result['peak_in_flight']:>9} "
            f"{result['peak_rss_mb']:>8.1f} {result.get('vs_easel', '-')!s:>8}"
        )
    lines.append(
        f"{'theoretical minimum':<22} {limit['seconds']:>8.2f} {workload['writes']:>9} {0:>9} {0:>7} "
        f"{limit['max_in_flight']:>9} {'':>8} {'':>8}"
    )
    bounds = limit["bounds"]
    lines += notes
    lines.append(
        f"  minimum = max(W*L/C = {bounds['in_flight']:.2f} s, ((W-1)*c - (hwm-50))/outflow + L = {bounds['outflow']:.2f} s, "
        f"depth*L = {bounds['dependencies']:.2f} s): bound by {limit['binding']} "
        f"(W={workload['writes']}, L={regime['latency_ms'] / 1000:g} s, C={limit['max_in_flight']}, "
        f"c={regime['write_cost']:g}, hwm={HWM:g}, outflow={OUTFLOW:g}/s)"
    )
    easel = next((r for r in results if r["contender"] == "easel"), None)
    if easel and easel.get("available"):
        lines.append(f"  Easel reaches {easel['percent_of_limit']}% of the theoretical limit")
        lines.append(f"  Easel's time: {timeline_text(easel.get('timeline'))}")
    sent = [f"{r['label']} {'/'.join(str(r['writes_sent'][route]) for route in WRITE_ROUTES)}"
            for r in results if r.get("available") and "writes_sent" in r]
    lines.append(f"  writes sent, throttled ones included (course POSTs/enrollment POSTs/course PUTs; the workload "
                 f"needs {workload['courses']}/{workload['enrollments']}/{workload['renames']}): " + "; ".join(sent))
    for result in results:
        if "minimum_for_its_requests" in result:
            lines.append(
                f"  {result['label']}: {result['requests'] - result['throttled']} requests admitted; the minimum for "
                f"that many is {result['minimum_for_its_requests']:.2f} s ({result['percent_of_its_minimum']}% reached)")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The 100,000-row scale run


def run_scale(context):
    """The 100,000-row scale run: parse, plan, apply with and without the SQLite journal, and resume.

    Each apply gets a fresh sandbox and state folder, so that they do the same writes. The journal's
    share of apply time is (apply with SQLite - apply with the journal in memory) / apply with SQLite,
    from `easel apply --journal-in-memory` (a hidden flag for this measurement). A no-op resume needs
    a run that is not finished but whose items are all done: `easel resume` of a succeeded run only
    reads the run's status and stops ("nothing to resume"), so that figure is given too but says
    nothing about 100,000 items. The meaningful one interrupts an apply (SIGINT, as Ctrl-C) once all
    but `--scale-resume-left` items are done, then times `easel resume`, which loads every journaled
    item, skips the confirmed ones and does the few that are left.
    """
    rows = context.scale_rows
    jobdir, job = write_scale_job(context, "scale")
    report = {"rows": rows, "job": f"bench/jobs/scale-{context.scale_kind}.yaml", "phases": {}}
    phases = report["phases"]
    token = "bench~" + secrets.token_hex(24)
    env = dict(os.environ, CANVAS_TOKEN=token)
    apply_options = ["--auto-approve", "--parallelism", str(context.parallelism), "--format", "json"]

    def sandbox(name):
        return Sandbox(context.easel, context.workdir, name, latency_ms=0, throttle="off", tokens=[token])

    def target(box, state):
        return ["--base-url", box.url, "--state-dir", os.path.join(jobdir, state)]

    with sandbox("scale") as box:
        phases["parse (validate)"] = scale_phase(context, jobdir, "parse", [context.easel, "validate", job], env, box)
        phases["plan"] = scale_phase(context, jobdir, "plan",
                                     [context.easel, "plan", job, *target(box, "state-plan"), "--format", "json"],
                                     env, box)
        if not context.easel_apply:
            phases["apply (SQLite journal)"] = {"available": False, "reason": "this easel has no 'apply' command"}
            return report
        phases["apply (SQLite journal)"] = scale_phase(
            context, jobdir, "apply", [context.easel, "apply", job, *target(box, "state"), *apply_options], env, box,
            state=os.path.join(jobdir, "state"))
        summary = phases["apply (SQLite journal)"].get("summary") or {}
        run_id = summary.get("run_id")
        if run_id:
            # Normally the run succeeded and resume only reads its status; if it was stopped after all
            # its items were confirmed, this is a real no-op resume, and the label says so.
            label = "resume of the succeeded run" if summary.get("status") == "succeeded" else \
                f"resume of the {summary.get('status')} run"
            phases[label] = scale_phase(
                context, jobdir, "resume-succeeded",
                [context.easel, "resume", run_id, *target(box, "state"), "--format", "json"], env, box)
    with sandbox("scale-memory") as box:
        phases["apply (journal in memory)"] = scale_phase(
            context, jobdir, "apply-memory",
            [context.easel, "apply", job, *target(box, "state-memory"), *apply_options, "--journal-in-memory"], env,
            box, state=os.path.join(jobdir, "state-memory"))
    with sandbox("scale-resume") as box:
        state = os.path.join(jobdir, "state-interrupted")
        threshold = rows - context.scale_resume_left
        watcher = RequestLogWatcher(state, threshold)
        interrupted = scale_phase(
            context, jobdir, "apply-interrupted",
            [context.easel, "apply", job, *target(box, "state-interrupted"), *apply_options], env, box,
            watch=watcher.poll)
        interrupted["interrupted_after_requests"] = watcher.lines_at_interrupt
        phases["apply (interrupted)"] = interrupted
        run_id = (interrupted.get("summary") or {}).get("run_id")
        if run_id:
            phases["resume (no-op)"] = scale_phase(
                context, jobdir, "resume",
                [context.easel, "resume", run_id, *target(box, "state-interrupted"), "--format", "json"], env, box,
                state=state)
        else:
            phases["resume (no-op)"] = {"available": False, "reason": "the interrupted apply gave no run id"}
    return report


class RequestLogWatcher:
    """Sends SIGINT to an apply once its request log has `threshold` lines: most items are done."""

    def __init__(self, state_dir, threshold):
        self.state_dir, self.threshold = state_dir, threshold
        self.offsets, self.lines, self.lines_at_interrupt = {}, 0, None

    def poll(self, process):
        if self.lines_at_interrupt is not None:
            return
        import glob

        for path in glob.glob(os.path.join(self.state_dir, "runs", "*", "requests.jsonl")):
            with open(path, "rb") as handle:
                handle.seek(self.offsets.get(path, 0))
                chunk = handle.read()
            # Count whole lines only; a partial last line is counted on the next poll.
            complete = chunk.rfind(b"\n") + 1
            self.lines += chunk[:complete].count(b"\n")
            self.offsets[path] = self.offsets.get(path, 0) + complete
        if self.lines >= self.threshold:
            self.lines_at_interrupt = self.lines
            process.send_signal(signal.SIGINT)


def write_scale_job(context, name):
    """The scale job and its CSV of `--scale-rows` rows in a folder of the work folder; returns both paths."""
    jobdir = os.path.join(context.workdir, name)
    os.makedirs(os.path.join(jobdir, "data"))
    job = os.path.join(jobdir, "scale.yaml")
    shutil.copyfile(os.path.join(BENCH, "jobs", f"scale-{context.scale_kind}.yaml"), job)
    log(f"[{name}] writing a {context.scale_rows}-row CSV")
    with open(os.path.join(jobdir, "data", "courses.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["sis_course_id", "name", "course_code"])
        for index in range(context.scale_rows):
            writer.writerow([f"SCALE-C{index:06d}", f"Scale Course {index}", f"SC{index}"])
    return jobdir, job


def run_journal_pairs(context, pairs):
    """The journal's share of a scale apply, from `pairs` pairs of applies run alternately: one with the SQLite
    journal, one with the journal in memory (`--journal-in-memory`), each against a fresh sandbox. Easel runs on
    core 0 and the sandbox on core 1 (`taskset`), so that neither takes the other's core."""
    jobdir, job = write_scale_job(context, "pairs")
    token = "bench~" + secrets.token_hex(24)
    env = dict(os.environ, CANVAS_TOKEN=token)
    apply_options = ["--auto-approve", "--parallelism", str(context.parallelism), "--format", "json"]
    runs = []
    for pair in range(1, pairs + 1):
        for journal in ("SQLite", "in memory"):
            slug = f"pair{pair}-{'sqlite' if journal == 'SQLite' else 'memory'}"
            state = os.path.join(jobdir, f"state-{slug}")
            extra = ["--journal-in-memory"] if journal == "in memory" else []
            with Sandbox(context.easel, context.workdir, slug, latency_ms=0, throttle="off", tokens=[token],
                         cpu=1) as box:
                result = scale_phase(
                    context, jobdir, slug,
                    pinned(0) + [context.easel, "apply", job, "--base-url", box.url, "--state-dir", state,
                                 *apply_options, *extra], env, box, state=state)
            runs.append({"pair": pair, "journal": journal, "seconds": result["seconds"],
                         "requests": result["requests"], "exit_code": result["exit_code"],
                         "confirmed": confirmed_items(result)})
    return {"rows": context.scale_rows, "pairs": pairs, "runs": runs}


def journal_pairs_table(report):
    lines = [f"The journal's share of a {report['rows']}-row apply: {report['pairs']} pairs run alternately, "
             "Easel on core 0 and the sandbox on core 1, sandbox throttle off, latency 0",
             f"{'pair':>4}  {'SQLite s':>9} {'in memory s':>12} {'difference s':>13} {'share':>7}"]
    shares = []
    for pair in range(1, report["pairs"] + 1):
        sqlite = next(run for run in report["runs"] if run["pair"] == pair and run["journal"] == "SQLite")
        memory = next(run for run in report["runs"] if run["pair"] == pair and run["journal"] == "in memory")
        difference = sqlite["seconds"] - memory["seconds"]
        share = 100 * difference / sqlite["seconds"] if sqlite["seconds"] else 0
        shares.append(share)
        lines.append(f"{pair:>4}  {sqlite['seconds']:>9.2f} {memory['seconds']:>12.2f} {difference:>13.2f} "
                     f"{share:>6.1f}%")
    sqlite_mean = statistics.mean(run["seconds"] for run in report["runs"] if run["journal"] == "SQLite")
    memory_mean = statistics.mean(run["seconds"] for run in report["runs"] if run["journal"] == "in memory")
    lines.append(f"mean  {sqlite_mean:>9.2f} {memory_mean:>12.2f} {sqlite_mean - memory_mean:>13.2f} "
                 f"{100 * (sqlite_mean - memory_mean) / sqlite_mean:>6.1f}%")
    failed = [run for run in report["runs"] if run["exit_code"] != 0 or run["confirmed"] != report["rows"]]
    for run in failed:
        lines.append(f"  pair {run['pair']} {run['journal']}: exit {run['exit_code']}, "
                     f"{run['confirmed']} of {report['rows']} items confirmed")
    return "\n".join(lines)


def scale_phase(context, jobdir, slug, args, env, sandbox, state=None, watch=None):
    out, err = os.path.join(jobdir, f"{slug}.out"), os.path.join(jobdir, f"{slug}.err")
    before = sandbox.stats()
    log(f"[scale] {slug}")
    result = run_measured(args, env=env, cwd=jobdir, stdout_path=out, stderr_path=err, timeout=context.timeout,
                          watch=watch)
    after = sandbox.stats()
    result["requests"] = after["total_requests"] - before["total_requests"]
    output = read_text(out)
    summary = last_json_object(output) if slug != "plan" else None
    if summary:
        result["summary"] = {key: value for key, value in summary.items() if key not in ("items", "problems")}
        result["problems"] = len(summary.get("problems") or [])
    elif slug != "plan":
        result["output"] = output.strip()[-300:]
    if state:
        result["timeline"] = easel_timeline(state, result, plans=not slug.startswith("resume"))
    if result["exit_code"] != 0:
        result["error"] = read_text(err)[-2000:]
    log(f"[scale] {slug}: {result['seconds']:.2f} s, {result['peak_rss_mb']:.0f} MB, {result['requests']} requests, "
        f"exit {result['exit_code']}, status {(result.get('summary') or {}).get('status')}")
    return result


def confirmed_items(phase):
    """The items Easel's JSON summary counts as confirmed, over every step."""
    steps = (phase.get("summary") or {}).get("steps") or {}
    return sum((counts or {}).get("confirmed", 0) for counts in steps.values())


def scale_table(report):
    lines = [f"Scale: {report['rows']} rows ({report['job']}), sandbox throttle off, latency 0",
             f"{'phase':<28} {'seconds':>9} {'peak MB':>9} {'requests':>9} {'exit':>5}"]
    phases = report["phases"]
    for name, phase in phases.items():
        if phase.get("available") is False:
            lines.append(f"{name:<28} not available: {phase['reason']}")
            continue
        lines.append(f"{name:<28} {phase['seconds']:>9.2f} {phase['peak_rss_mb']:>9.1f} "
                     f"{phase['requests']:>9} {phase['exit_code']:>5}")
    with_journal, in_memory = phases.get("apply (SQLite journal)"), phases.get("apply (journal in memory)")
    if with_journal and in_memory and "seconds" in with_journal and "seconds" in in_memory:
        difference = with_journal["seconds"] - in_memory["seconds"]
        lines.append(f"  journal: {with_journal['seconds']:.2f} s with SQLite - {in_memory['seconds']:.2f} s in memory "
                     f"= {difference:.2f} s = {100 * difference / with_journal['seconds']:.1f}% of apply time")
    for name in [name for name in phases if name.startswith(("apply (SQLite", "apply (journal", "resume"))]:
        if (phases.get(name) or {}).get("timeline"):
            lines.append(f"  {name}: {timeline_text(phases[name]['timeline'])}")
    interrupted, resume = phases.get("apply (interrupted)"), phases.get("resume (no-op)")
    if interrupted and resume and "seconds" in resume:
        lines.append(f"  resume (no-op): apply interrupted (SIGINT) after {interrupted.get('interrupted_after_requests')} "
                     f"of {report['rows']} requests, exit {interrupted['exit_code']}; the resume then sent "
                     f"{resume['requests']} requests; status {(resume.get('summary') or {}).get('status')}, "
                     f"{confirmed_items(resume)} items confirmed")
    succeeded = phases.get("resume of the succeeded run")
    if succeeded and "seconds" in succeeded:
        said = (succeeded.get("output") or "").splitlines()
        lines.append(f"  resume of the succeeded run only reads the run's status: \"{said[-1] if said else ''}\"")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The term load: `bench/run --sis`

# The routes of the term load's writes: each costs the same (`--sis-write-cost`), the SIS import's upload too.
TERM_WRITE_ROUTES = [
    "POST /api/v1/accounts/:account_id/users",
    "POST /api/v1/courses/:course_id/sections",
    "POST /api/v1/courses/:course_id/enrollments",
    "POST /api/v1/sections/:section_id/enrollments",
    "POST /api/v1/accounts/:account_id/sis_imports",
]

TERM_CONTENDERS = {
    "api": "Easel via: api",
    "sis": "Easel via: sis_import",
    "threadpool": "canvasapi 5 threads",
}


def make_term_load(directory, users, enrollments, sections, prefix="TERM"):
    """Writes the term load's CSV files into directory/data; returns its shape.

    Sections belong to courses that exist before the clock starts (four sections a course). Enrollment i
    is of user i mod U into section (u + i div U) mod S, so a (user, section) pair never repeats while
    enrollments <= users x sections.
    """
    data = os.path.join(directory, "data")
    os.makedirs(data, exist_ok=True)
    courses = max(1, math.ceil(sections / 4))
    user_rows = [[f"{prefix}-U{index:05d}", f"Term Person {index}", f"term.u{index:05d}"] for index in range(users)]
    section_rows = [[f"{prefix}-S{index:04d}", f"{prefix}-C{index % courses:03d}", f"Section {index}"]
                    for index in range(sections)]
    enrollment_rows = []
    for index in range(enrollments):
        user, round_ = index % users, index // users
        enrollment_rows.append([f"{prefix}-U{user:05d}", f"{prefix}-S{(user + round_) % sections:04d}"])
    for name, header, rows in (("term-users.csv", ["sis_user_id", "name", "login"], user_rows),
                               ("term-sections.csv", ["sis_section_id", "course", "name"], section_rows),
                               ("term-enrollments.csv", ["sis_user_id", "section"], enrollment_rows)):
        with open(os.path.join(data, name), "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    return {"users": users, "sections": sections, "enrollments": enrollments, "courses": courses,
            "writes": users + sections + enrollments, "prefix": prefix,
            "course_ids": [f"{prefix}-C{index:03d}" for index in range(courses)],
            "enrollment_rows": enrollment_rows, "section_rows": section_rows}


def create_courses(sandbox, token, course_ids):
    """The courses the sections live in, created before the contender starts (not timed)."""

    def create(sis):
        status, _, body = sandbox.call("POST", "/api/v1/accounts/1/courses", token,
                                       {"course[name]": f"Term Course {sis}", "course[course_code]": sis,
                                        "course[sis_course_id]": sis})
        if status != 200:
            raise RuntimeError(f"cannot create course {sis}: {status} {body}")

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(create, course_ids))


def verify_term(sandbox, token, workload):
    """Counts the term load's items whose effect is missing from the sandbox, read back with `token`."""
    prefix = workload["prefix"] + "-"
    users = {user.get("sis_user_id") for user in sandbox.paginate("/api/v1/accounts/1/users?per_page=100", token)}
    missing_users = sum(1 for index in range(workload["users"]) if f"{prefix}U{index:05d}" not in users)

    def course_contents(course):
        quoted = urllib.parse.quote(f"sis_course_id:{course}")
        listed = sandbox.paginate(f"/api/v1/courses/{quoted}/sections?per_page=100", token)
        enrolled = sandbox.paginate(f"/api/v1/courses/{quoted}/enrollments?per_page=100", token)
        return listed, enrolled

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        contents = list(pool.map(course_contents, workload["course_ids"]))
    section_sis, pairs = {}, {}
    for listed, _ in contents:
        for section in listed:
            section_sis[section.get("id")] = section.get("sis_section_id")
    for _, enrolled in contents:
        for enrollment in enrolled:
            if enrollment.get("type") == "StudentEnrollment" and enrollment.get("enrollment_state") == "active":
                key = (enrollment.get("sis_user_id"), section_sis.get(enrollment.get("course_section_id")))
                pairs[key] = pairs.get(key, 0) + 1
    missing_sections = sum(1 for row in workload["section_rows"] if row[0] not in set(section_sis.values()))
    missing_enrollments = sum(1 for row in workload["enrollment_rows"] if tuple(row) not in pairs)
    return {
        "failed_items": missing_users + missing_sections + missing_enrollments,
        "missing_users": missing_users,
        "missing_sections": missing_sections,
        "missing_enrollments": missing_enrollments,
        "duplicates": sum(count - 1 for count in pairs.values()),
    }


def run_term_contender(context, key, workload_dir, workload):
    label = TERM_CONTENDERS[key]
    jobdir = os.path.join(context.workdir, "sis", key)
    shutil.copytree(workload_dir, jobdir)
    token, setup_token = "bench~" + secrets.token_hex(24), "setup~" + secrets.token_hex(24)
    log(f"[sis] {label}: starting a fresh sandbox")
    with Sandbox(context.easel, context.workdir, f"sis-{key}", latency_ms=context.latency_ms, throttle="canvas",
                 tokens=[token, setup_token]) as sandbox:
        create_courses(sandbox, setup_token, workload["course_ids"])
        for route in TERM_WRITE_ROUTES:
            sandbox.set_cost(context.sis_write_cost, route)
        before = sandbox.stats()
        log(f"[sis] {label}: running")
        if key == "threadpool":
            data = os.path.join(jobdir, "data")
            args = [context.python, os.path.join(BENCH, "scripts", "canvasapi_term_load.py"),
                    "--users", os.path.join(data, "term-users.csv"),
                    "--sections", os.path.join(data, "term-sections.csv"),
                    "--enrollments", os.path.join(data, "term-enrollments.csv")]
            env = dict(os.environ, CANVAS_API_URL=sandbox.url, CANVAS_API_KEY=token, PYTHONWARNINGS="ignore",
                       PYTHONPATH=os.path.join(BENCH, "scripts"))
            out, err = os.path.join(jobdir, "script.out"), os.path.join(jobdir, "script.err")
            result = run_measured(args, env=env, cwd=jobdir, stdout_path=out, stderr_path=err,
                                  timeout=context.timeout)
            summary = last_json_object(read_text(out)) or {}
            result["summary"] = {name: value for name, value in summary.items() if name != "failures"}
        else:
            job = os.path.join(jobdir, "term-load.yaml")
            text = read_text(os.path.join(BENCH, "jobs", "term-load.yaml"))
            with open(job, "w") as handle:
                handle.write(text if key == "sis" else text.replace("via: sis_import", "via: api"))
            state = os.path.join(jobdir, "easel-state")
            args = [context.easel, "apply", job, "--base-url", sandbox.url, "--auto-approve", "--parallelism",
                    str(context.parallelism), "--state-dir", state, "--format", "json"]
            out, err = os.path.join(jobdir, "script.out"), os.path.join(jobdir, "script.err")
            result = run_measured(args, env=dict(os.environ, CANVAS_TOKEN=token), cwd=jobdir, stdout_path=out,
                                  stderr_path=err, timeout=context.timeout)
            result["summary"] = last_json_object(read_text(out))
            result["timeline"] = easel_timeline(state, result)
        after = sandbox.stats()
        for route in TERM_WRITE_ROUTES:
            sandbox.set_cost(DEFAULT_COST, route)
        checked = verify_term(sandbox, setup_token, workload)
    result.update({
        "contender": key, "label": label, "available": True, "wall_seconds": result["seconds"],
        "requests": after["total_requests"] - before["total_requests"],
        "throttled": after["throttled"] - before["throttled"],
        "peak_in_flight": after["peak_in_flight"].get("token-1", 0),
        "writes_sent": {route: after["requests_by_route"].get(route, 0) - before["requests_by_route"].get(route, 0)
                        for route in TERM_WRITE_ROUTES},
        **checked,
    })
    if result["exit_code"] != 0:
        result["stderr_tail"] = read_text(os.path.join(jobdir, "script.err"))[-1500:]
    log(f"[sis] {label}: {result['wall_seconds']:.1f} s, {result['requests']} requests, "
        f"{result['throttled']} throttled, {result['failed_items']} failed items")
    return result


def crossover(api, sis, workload, latency_s):
    """The write cost below which `via: api` would finish before `via: sis_import`, from the measured runs.

    The API path's time is modelled as its overhead O (the measured time beyond the throttle's bound at the
    measured cost: start-up, plan reads, the waits the bound does not count) plus the throttle's bound at cost
    c: T_api(c) = O + max(W*L/C, ((W-1)*c - (hwm - 50))/outflow + L), the bounds of `theoretical_minimum`. The
    SIS import's time does not depend on c (one upload). T_api(c) = T_sis gives
    c* = (outflow * (T_sis - O - L) + hwm - 50) / (W - 1); when T_sis - O is below W*L/C, the API path is slower
    at any cost, and there is no crossover.
    """
    writes, cost = workload["writes"], api["write_cost"]
    concurrency = math.ceil(HWM / UP_FRONT) - 1
    in_flight = writes * latency_s / concurrency
    bound = max(in_flight, ((writes - 1) * cost - (HWM - UP_FRONT)) / OUTFLOW + latency_s)
    overhead = max(0.0, api["wall_seconds"] - bound)
    budget = sis["wall_seconds"] - overhead
    value = (None if budget <= in_flight
             else (OUTFLOW * (budget - latency_s) + HWM - UP_FRONT) / max(1, writes - 1))
    return {"write_cost": None if value is None else round(value, 4), "overhead_seconds": round(overhead, 2),
            "formula": "c* = (outflow * (T_sis - O - L) + hwm - 50) / (W - 1), "
                       "O = T_api - max(W*L/C, ((W-1)*c - (hwm - 50))/outflow + L)"}


def run_sis(context, arguments):
    """The term load, side by side: Easel via the API and via SIS import, a canvasapi script, the minimum."""
    contenders = [name.strip() for name in arguments.sis_contenders.split(",") if name.strip()]
    unknown = [name for name in contenders if name not in TERM_CONTENDERS]
    if unknown:
        sys.exit(f"bench/run: unknown --sis contender {unknown[0]}; use api, sis or threadpool")
    workload_dir = os.path.join(context.workdir, "sis", "workload")
    workload = make_term_load(workload_dir, arguments.sis_users, arguments.sis_enrollments, arguments.sis_sections)
    latency_s = context.latency_ms / 1000
    limit = theoretical_minimum(workload["writes"], 2, latency_s, context.sis_write_cost)
    results = [run_term_contender(context, key, workload_dir, workload) for key in contenders]
    for result in results:
        result["write_cost"] = context.sis_write_cost
    by_key = {result["contender"]: result for result in results}
    text, report = sis_table(workload, results, limit, context, by_key)
    print(text, flush=True)
    shape = {key: value for key, value in workload.items() if not key.endswith(("_rows", "_ids"))}
    return {"workload": shape, "theoretical_minimum": limit, "contenders": results, **report}


def sis_table(workload, results, limit, context, by_key):
    lines = [
        f"Term load: {workload['users']} users, {workload['sections']} sections (in {workload['courses']} existing "
        f"courses), {workload['enrollments']} enrollments = {workload['writes']} writes; latency "
        f"{context.latency_ms} ms ±25%, write cost {context.sis_write_cost:g}, Canvas's throttle, SIS import at "
        f"the sandbox's default 115 rows/s",
        f"{'contender':<24} {'wall s':>9} {'requests':>9} {'throttled':>9} {'failed':>7} {'x sis_import':>12}",
    ]
    sis = by_key.get("sis")
    notes = []
    for result in results:
        failed = result["failed_items"]
        if result.get("duplicates"):
            failed = f"{failed}+{result['duplicates']}d"
        ratio = f"{result['wall_seconds'] / sis['wall_seconds']:.2f}" if sis and result is not sis else "-"
        lines.append(f"{result['label']:<24} {result['wall_seconds']:>9.1f} {result['requests']:>9} "
                     f"{result['throttled']:>9} {failed!s:>7} {ratio:>12}")
        if result["exit_code"] != 0:
            last_line = ((result.get("stderr_tail") or "").strip().splitlines() or [""])[-1]
            notes.append(f"  {result['label']} exited with {result['exit_code']}: {last_line}")
    ratio = f"{limit['seconds'] / sis['wall_seconds']:.2f}" if sis else "-"
    lines.append(f"{'REST theoretical minimum':<24} {limit['seconds']:>9.1f} {workload['writes']:>9} {0:>9} {0:>7} "
                 f"{ratio:>12}")
    lines += notes
    bounds = limit["bounds"]
    lines.append(f"  minimum = max(W*L/C = {bounds['in_flight']:.1f} s, ((W-1)*c - (hwm-50))/outflow + L = {bounds['outflow']:.1f} s, "
                 f"depth*L = {bounds['dependencies']:.2f} s): bound by {limit['binding']}")
    report = {}
    if sis:
        if "sis" in by_key and by_key["sis"].get("timeline"):
            lines.append(f"  Easel via: sis_import's time: {timeline_text(by_key['sis']['timeline'])}")
        goals = {"x REST minimum (goal >= 3)": round(limit["seconds"] / sis["wall_seconds"], 2)}
        if "threadpool" in by_key:
            goals["x canvasapi 5 threads (goal >= 10)"] = round(by_key["threadpool"]["wall_seconds"] / sis["wall_seconds"], 2)
        if "api" in by_key:
            goals["requests, % of via: api's (goal < 1%)"] = round(100 * sis["requests"] / by_key["api"]["requests"], 2)
        met = {name: (value >= 3 if "REST" in name else value >= 10 if "canvasapi" in name else value < 1)
               for name, value in goals.items()}
        lines.append("  goals: " + "; ".join(f"{name}: {value} ({'met' if met[name] else 'NOT met'})"
                                             for name, value in goals.items()))
        report["goals"] = {name: {"value": value, "met": met[name]} for name, value in goals.items()}
        if "api" in by_key:
            point = crossover(by_key["api"], sis, workload, context.latency_ms / 1000)
            report["crossover"] = point
            if point["write_cost"] is None:
                lines.append(f"  crossover: none; via: api is slower at any write cost (its overhead "
                             f"{point['overhead_seconds']} s leaves less than the in-flight bound)")
            else:
                lines.append(f"  crossover: via: api is faster below a write cost of {point['write_cost']:g} "
                             f"(API overhead O = {point['overhead_seconds']} s; {point['formula']})")
    return "\n".join(lines), report


# --------------------------------------------------------------------------------------------
# Main


def build_easel():
    log("building easel in release (swift build -c release --product easel)")
    subprocess.run(["swift", "build", "-c", "release", "--product", "easel"], cwd=ROOT, check=True)
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_path, "easel")


def parse_arguments():
    parser = argparse.ArgumentParser(
        prog="bench/run", description="Easel against canvasapi scripts and the throttle's theoretical limit.")
    parser.add_argument("--scale", action="store_true", help="run the 100,000-row scale benchmark instead")
    parser.add_argument("--sis", action="store_true",
                        help="run the term load instead: Easel via: api and via: sis_import, canvasapi, the minimum")
    parser.add_argument("--sis-users", type=int, default=20_000, help="users of the term load (default 20000)")
    parser.add_argument("--sis-enrollments", type=int, default=40_000,
                        help="enrollments of the term load (default 40000)")
    parser.add_argument("--sis-sections", type=int, default=400, help="sections of the term load (default 400)")
    parser.add_argument("--sis-write-cost", type=float, default=0.3,
                        help="the cost of each write of the term load, in bucket units (default 0.3)")
    parser.add_argument("--sis-contenders", default="api,sis,threadpool",
                        help="a subset of api,sis,threadpool (default: all)")
    parser.add_argument("--easel", help="an easel binary to use instead of building one in release")
    parser.add_argument("--regimes", default="light,heavy", help="light, heavy or both (default: light,heavy)")
    parser.add_argument("--contenders", default="easel,sequential,threadpool",
                        help="a subset of easel,sequential,threadpool")
    parser.add_argument("--courses", type=int, default=200, help="courses in the light regime (default 200)")
    parser.add_argument("--enrollments", type=int, default=400, help="enrollments in the light regime (default 400)")
    parser.add_argument("--heavy-courses", type=int, default=100, help="courses in the heavy regime (default 100)")
    parser.add_argument("--heavy-enrollments", type=int, default=200,
                        help="enrollments in the heavy regime (default 200)")
    parser.add_argument("--heavy-cost", type=float, default=4.0,
                        help="the cost of each write in the heavy regime, in bucket units (default 4)")
    parser.add_argument("--latency-ms", type=int, default=40, help="the sandbox's latency (default 40, ±25%%)")
    parser.add_argument("--random-seeds", default="1",
                        help="the sandbox's seeds of latency jitter, comma-separated; each regime runs once per seed "
                             "(default 1)")
    parser.add_argument("--parallelism", type=int, default=32, help="easel apply --parallelism (default 32)")
    parser.add_argument("--easel-job", default=os.path.join(BENCH, "jobs", "workload.yaml"),
                        help="the job Easel applies (default bench/jobs/workload.yaml)")
    parser.add_argument("--scale-rows", type=int, default=100_000, help="rows of the scale CSV (default 100000)")
    parser.add_argument("--scale-kind", choices=["request", "ensure"], default="request",
                        help="the scale job: raw POSTs (planner and journal) or ensure (plan reads each row)")
    parser.add_argument("--journal-pairs", type=int, default=0,
                        help="with --scale: instead of the scale run, N pairs of applies run alternately with the "
                             "SQLite journal and the journal in memory, Easel and the sandbox pinned to cores 0 and 1")
    parser.add_argument("--scale-resume-left", type=int, default=100,
                        help="items left when the scale run interrupts an apply to time a no-op resume (default 100)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a contender is stopped")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, outputs, journals)")
    parser.add_argument("--out", help="the results file (default bench/results/<timestamp>.json)")
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    binary = os.path.abspath(arguments.easel) if arguments.easel else build_easel()
    workdir = tempfile.mkdtemp(prefix="easel-bench-")
    # A copy, so that a rebuild during the benchmark cannot change the binary under it.
    easel = os.path.join(workdir, "easel")
    shutil.copy2(binary, easel)

    class Context:
        pass

    context = Context()
    context.easel, context.workdir = easel, workdir
    context.python = sys.executable
    context.easel_apply = easel_has(easel, "apply")
    for name in ("latency_ms", "parallelism", "timeout", "scale_rows", "scale_kind", "scale_resume_left",
                 "sis_write_cost"):
        setattr(context, name, getattr(arguments, name))
    context.easel_job = os.path.abspath(arguments.easel_job)

    started = datetime.datetime.now(datetime.timezone.utc)
    results = {
        "started_at": started.isoformat(timespec="seconds"),
        "command": "bench/run " + " ".join(sys.argv[1:]),
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "easel": {"binary": os.path.relpath(binary, ROOT) if binary.startswith(ROOT + os.sep) else binary,
                  "apply_available": context.easel_apply},
    }
    try:
        if arguments.sis:
            results["sis"] = run_sis(context, arguments)
        elif arguments.scale and arguments.journal_pairs:
            report = run_journal_pairs(context, arguments.journal_pairs)
            results["journal_pairs"] = report
            print(journal_pairs_table(report))
        elif arguments.scale:
            report = run_scale(context)
            results["scale"] = report
            print(scale_table(report))
        else:
            results["regimes"] = run_regimes(context, arguments)
    finally:
        if arguments.keep:
            log(f"work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    suffix = "-scale" if arguments.scale else "-sis" if arguments.sis else ""
    out = arguments.out or os.path.join(BENCH, "results", started.strftime("%Y%m%dT%H%M%SZ") + suffix + ".json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as handle:
        json.dump(results, handle, indent=2)
        handle.write("\n")
    print(f"\nResults written to {os.path.relpath(out, ROOT) if out.startswith(ROOT) else out}")


def run_regimes(context, arguments):
    contenders = [name.strip() for name in arguments.contenders.split(",") if name.strip()]
    unknown = [name for name in contenders if name not in CONTENDERS]
    if unknown:
        sys.exit(f"bench/run: unknown contender {unknown[0]}; use easel, sequential or threadpool")
    regimes = []
    for name in [name.strip() for name in arguments.regimes.split(",") if name.strip()]:
        if name == "light":
            regimes.append({"name": "light", "courses": arguments.courses, "enrollments": arguments.enrollments,
                            "write_cost": DEFAULT_COST})
        elif name == "heavy":
            regimes.append({"name": "heavy", "courses": arguments.heavy_courses,
                            "enrollments": arguments.heavy_enrollments, "write_cost": arguments.heavy_cost})
        else:
            sys.exit(f"bench/run: unknown regime {name}; use light or heavy")
    seeds = [int(seed) for seed in arguments.random_seeds.split(",") if seed.strip()]
    reports = []
    for base in regimes:
        workload_dir = os.path.join(context.workdir, base["name"], "workload")
        workload = make_workload(workload_dir, base["courses"], base["enrollments"])
        limit = theoretical_minimum(workload["writes"], 2, context.latency_ms / 1000, base["write_cost"])
        per_seed = []
        for seed in seeds:
            regime = dict(base, latency_ms=context.latency_ms, random_seed=seed)
            outcomes = [run_contender(context, regime, key, workload_dir, workload) for key in contenders]
            ratios(outcomes, limit)
            print(table(regime, workload, outcomes, limit) + "\n", flush=True)
            shape = {key: value for key, value in workload.items() if not key.endswith(("_rows", "_ids"))}
            reports.append({"regime": regime, "workload": shape, "theoretical_minimum": limit,
                            "contenders": outcomes})
            per_seed.append((seed, outcomes))
        if len(seeds) > 1:
            print(seeds_table(base["name"], limit, per_seed) + "\n", flush=True)
    return reports


def seeds_table(name, limit, per_seed):
    """One line per seed and contender: wall time, share of the theoretical limit, throttled requests."""
    lines = [f"Regime {name} across {len(per_seed)} seeds of the sandbox's latency jitter "
             f"(theoretical minimum {limit['seconds']:.2f} s)",
             f"{'seed':>4}  {'contender':<22} {'wall s':>8} {'of limit':>9} {'throttled':>9} {'failed':>6}"]
    for seed, outcomes in per_seed:
        for outcome in outcomes:
            if not outcome.get("available", True) or outcome.get("wall_seconds") is None:
                continue
            share = limit["seconds"] / outcome["wall_seconds"] * 100 if outcome["wall_seconds"] else 0
            lines.append(f"{seed:>4}  {outcome['label']:<22} {outcome['wall_seconds']:>8.2f} {share:>8.1f}% "
                         f"{outcome.get('throttled', 0):>9} {outcome.get('failed_items', 0):>6}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
