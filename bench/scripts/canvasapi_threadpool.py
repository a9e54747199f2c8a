#!/usr/bin/env python3
"""Creates courses, enrolls people and renames courses with canvasapi and a 5-thread pool.

The community's advice for a faster script: the sequential loop of canvasapi_sequential.py, run
in a ThreadPoolExecutor of 5 threads, retrying a request that Canvas throttles (403 "Rate Limit
Exceeded", which canvasapi raises as Forbidden, or 429, raised as RateLimitExceeded) after a
growing pause. Each phase finishes before the next starts.

    CANVAS_API_URL=https://canvas.example.edu CANVAS_API_KEY=... \\
        python canvasapi_threadpool.py --courses courses.csv --enrollments enrollments.csv

Inputs and the JSON summary on the last line are those of canvasapi_sequential.py.
"""

import argparse
import csv
import json
import os
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from canvasapi import Canvas
from canvasapi.exceptions import CanvasException, Forbidden, RateLimitExceeded

WORKERS = 5
ATTEMPTS = 8

retries = 0
retries_lock = threading.Lock()


def with_retry(call):
    """Runs `call`, sleeping and trying again while Canvas says the rate limit is exceeded."""
    global retries
    for attempt in range(ATTEMPTS):
        try:
            return call()
        except (Forbidden, RateLimitExceeded) as error:
            throttled = isinstance(error, RateLimitExceeded) or "Rate Limit Exceeded" in str(error)
            if not throttled or attempt == ATTEMPTS - 1:
                raise
            with retries_lock:
                retries += 1
            time.sleep(min(30.0, 2**attempt) * (0.5 + random.random() / 2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", required=True, help="the courses CSV")
    parser.add_argument("--enrollments", required=True, help="the enrollments CSV")
    parser.add_argument("--account-id", type=int, default=1, help="the account that gets the courses")
    parser.add_argument("--workers", type=int, default=WORKERS, help="threads in the pool")
    args = parser.parse_args()

    canvas = Canvas(os.environ["CANVAS_API_URL"], os.environ["CANVAS_API_KEY"])
    account = with_retry(lambda: canvas.get_account(args.account_id))
    failures = []
    failures_lock = threading.Lock()
    started = time.monotonic()

    def fail(row, action, error):
        with failures_lock:
            failures.append({"row": row, "action": action, "error": str(error)})
        print(f"could not {action} {row}: {error}", file=sys.stderr)

    with open(args.courses, newline="") as handle:
        course_rows = list(csv.DictReader(handle))
    with open(args.enrollments, newline="") as handle:
        enrollment_rows = list(csv.DictReader(handle))

    courses = {}

    def create_course(row):
        try:
            course = with_retry(
                lambda: account.create_course(
                    course={
                        "name": row["name"],
                        "course_code": row["course_code"],
                        "sis_course_id": row["sis_course_id"],
                    }
                )
            )
            courses[row["sis_course_id"]] = course
        except CanvasException as error:
            fail(row["sis_course_id"], "create course", error)

    users = {}

    def find_user(sis_user_id):
        try:
            users[sis_user_id] = with_retry(lambda: canvas.get_user(sis_user_id, "sis_user_id"))
        except CanvasException as error:
            fail(sis_user_id, "find user", error)

    def enroll(row):
        where = f"{row['user_id']} in {row['course_id']}"
        course, user = courses.get(row["course_id"]), users.get(row["user_id"])
        if course is None or user is None:
            fail(where, "enroll", "the course or the user is missing")
            return
        try:
            with_retry(
                lambda: course.enroll_user(user, enrollment={"type": row["type"], "enrollment_state": "active"})
            )
        except CanvasException as error:
            fail(where, "enroll", error)

    def rename(row):
        course = courses.get(row["sis_course_id"])
        if course is None:
            fail(row["sis_course_id"], "rename", "the course was not created")
            return
        try:
            with_retry(lambda: course.update(course={"name": row["new_name"]}))
        except CanvasException as error:
            fail(row["sis_course_id"], "rename", error)

    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        list(pool.map(create_course, course_rows))
        list(pool.map(find_user, sorted({row["user_id"] for row in enrollment_rows})))
        list(pool.map(enroll, enrollment_rows))
        list(pool.map(rename, [row for row in course_rows if row["new_name"]]))

    summary = {
        "script": "canvasapi_threadpool",
        "seconds": round(time.monotonic() - started, 3),
        "failed": len(failures),
        "retries": retries,
        "failures": failures[:20],
    }
    print(json.dumps(summary))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
