"""The re-plan benchmark behind bench/replan: a nightly sync that changes nothing, planned with per-item
lookups and with parents' listings, side by side against one sandbox like hosted Canvas."""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import harness

READ_ROUTES = ("GET /api/v1/accounts/:account_id/users", "GET /api/v1/users/:user_id",
               "GET /api/v1/courses/:course_id/enrollments", "GET /api/v1/courses/:course_id")


def sis_import(sandbox, token, csv_text):
    """Posts one SIS CSV and waits until Canvas (the sandbox) has imported it."""
    request = urllib.request.Request(
        sandbox.url + "/api/v1/accounts/self/sis_imports?extension=csv", data=csv_text.encode(), method="POST")
    request.add_header("Content-Type", "text/csv")
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("User-Agent", "easel-bench")
    with urllib.request.urlopen(request, timeout=600) as response:
        created = json.loads(response.read())
    while True:
        _, _, body = sandbox.call("GET", f"/api/v1/accounts/self/sis_imports/{created['id']}", token)
        state = body.get("workflow_state") if isinstance(body, dict) else None
        if state == "imported":
            return
        if state in ("failed", "failed_with_messages", "imported_with_messages"):
            raise RuntimeError(f"the SIS import ended {state}: {body}")
        time.sleep(0.5)


def seed(sandbox, token, directory, users, courses, enrollments):
    """The institution as the job wants it, through three SIS imports, and the job's CSVs beside the job."""
    per_course = enrollments // courses
    user_rows = [(f"RP-U{n:05d}", f"rp{n:05d}@bench.test", "Person", f"{n:05d}") for n in range(1, users + 1)]
    sis_import(sandbox, token, "user_id,login_id,first_name,last_name,status\n"
               + "".join(f"{u},{login},{first},{last},active\n" for u, login, first, last in user_rows))
    sis_import(sandbox, token, "course_id,short_name,long_name,status\n"
               + "".join(f"RP-C{c:03d},RP {c},Replan course {c},active\n" for c in range(1, courses + 1)))
    pairs = [(f"RP-C{c:03d}", user_rows[(c * per_course + i * 7) % users][0])
             for c in range(1, courses + 1) for i in range(per_course)]
    pairs = list(dict.fromkeys(pairs))
    sis_import(sandbox, token, "course_id,user_id,role,status\n"
               + "".join(f"{course},{user},student,active\n" for course, user in pairs))
    with open(os.path.join(directory, "users.csv"), "w") as handle:
        handle.write("user_id,login_id,name\n")
        handle.writelines(f"{u},{login},{first} {last}\n" for u, login, first, last in user_rows)
    with open(os.path.join(directory, "enrollments.csv"), "w") as handle:
        handle.write("course_id,user_id\n")
        handle.writelines(f"{course},{user}\n" for course, user in pairs)
    return len(pairs)


def plan(easel, sandbox, token, directory, per_item):
    """One `easel plan --format json`, timed, with the sandbox's GET count before and after."""
    before = sandbox.stats()
    args = [easel, "plan", os.path.join(directory, "replan.yaml"), "--base-url", sandbox.url, "--format", "json",
            "--state-dir", os.path.join(directory, "state")]
    if per_item:
        args.append("--per-item-reads")
    started = time.monotonic()
    result = subprocess.run(args, env=dict(os.environ, CANVAS_TOKEN=token), cwd=directory, capture_output=True,
                            text=True)
    wall = time.monotonic() - started
    if result.returncode not in (0, 2):
        raise RuntimeError(f"easel plan failed ({result.returncode}): {result.stderr[-2000:]}")
    after = sandbox.stats()
    summary = json.loads(result.stdout)
    gets = after["requests_by_method"].get("GET", 0) - before["requests_by_method"].get("GET", 0)
    routes = {route: after["requests_by_route"].get(route, 0) - before["requests_by_route"].get(route, 0)
              for route in READ_ROUTES}
    return {"wall_s": round(wall, 2), "gets": gets, "routes": routes, "summary": summary["summary"],
            "reads": summary.get("reads")}


def main():
    parser = argparse.ArgumentParser(prog="bench/replan", description=__doc__)
    parser.add_argument("--easel", help="an easel binary to use instead of building one in release")
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--courses", type=int, default=200)
    parser.add_argument("--enrollments", type=int, default=20_000)
    parser.add_argument("--latency-ms", type=int, default=40)
    parser.add_argument("--out", help="the results file (default bench/results/<timestamp>-replan.json)")
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.easel) if arguments.easel else harness.build_easel()
    workdir = tempfile.mkdtemp(prefix="easel-replan-")
    easel = os.path.join(workdir, "easel")
    shutil.copy2(binary, easel)
    token = "bench-" + os.urandom(8).hex()
    try:
        with harness.Sandbox(easel, workdir, "replan", latency_ms=arguments.latency_ms, throttle="canvas",
                             tokens=[token]) as sandbox:
            harness.log(f"seeding {arguments.users} users, {arguments.courses} courses, "
                        f"{arguments.enrollments} enrollments through SIS imports")
            shutil.copyfile(os.path.join(harness.BENCH, "jobs", "replan.yaml"), os.path.join(workdir, "replan.yaml"))
            enrollments = seed(sandbox, token, workdir, arguments.users, arguments.courses, arguments.enrollments)
            harness.log("planning with per-item lookups")
            before = plan(easel, sandbox, token, workdir, per_item=True)
            harness.log("planning with listings")
            after = plan(easel, sandbox, token, workdir, per_item=False)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    # The pages of every listing: the account's users and each course's enrollments, 100 a page.
    listing_pages = -(-(arguments.users + 1) // 100) + sum(
        -(-per // 100) for per in [enrollments // arguments.courses] * arguments.courses)
    report = {"users": arguments.users, "courses": arguments.courses, "enrollments": enrollments,
              "latency_ms": arguments.latency_ms, "listing_pages": listing_pages,
              "per_item": before, "listings": after}
    print(f"No-change re-plan: {arguments.users} users, {enrollments} enrollments in {arguments.courses} courses, "
          f"{arguments.latency_ms} ms latency, Canvas's throttle")
    print(f"{'':24}{'per-item':>12}{'listings':>12}{'ratio':>10}")
    print(f"{'GET requests':24}{before['gets']:>12}{after['gets']:>12}{before['gets'] / max(1, after['gets']):>10.1f}")
    print(f"{'wall s':24}{before['wall_s']:>12}{after['wall_s']:>12}"
          f"{before['wall_s'] / max(0.001, after['wall_s']):>10.1f}")
    print(f"GETs of the listings run / their pages: {after['gets']} / {listing_pages} = "
          f"{after['gets'] / listing_pages:.2f}")
    print(f"unchanged items: per-item {before['summary']['unchanged']}, listings {after['summary']['unchanged']}")
    out = arguments.out or os.path.join(harness.BENCH, "results", time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
                                        + "-replan.json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as handle:
        json.dump(report, handle, indent=2)
        handle.write("\n")
    print(f"Results written to {out}")


if __name__ == "__main__":
    main()
