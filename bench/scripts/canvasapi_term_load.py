#!/usr/bin/env python3
"""Loads a term with canvasapi and a 5-thread pool: users, then sections, then enrollments.

The script an admin writes for a term load through the REST API, with the community's advice: a
5-thread ThreadPoolExecutor, retrying a request that Canvas throttles (403 "Rate Limit Exceeded",
which canvasapi raises as Forbidden, or 429, raised as RateLimitExceeded) after a growing pause.
Each phase finishes before the next starts; an enrollment uses the ids of the user and section the
earlier phases created.

    CANVAS_API_URL=https://canvas.example.edu CANVAS_API_KEY=... python canvasapi_term_load.py \\
        --users users.csv --sections sections.csv --enrollments enrollments.csv

The last line of standard output is a JSON summary: seconds, failed rows, retries.
"""

import argparse
import csv
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from canvasapi import Canvas
from canvasapi.exceptions import CanvasException

from canvasapi_threadpool import WORKERS, with_retry
import canvasapi_threadpool


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", required=True, help="the users CSV (sis_user_id, name, login)")
    parser.add_argument("--sections", required=True, help="the sections CSV (sis_section_id, course, name)")
    parser.add_argument("--enrollments", required=True, help="the enrollments CSV (sis_user_id, section)")
    parser.add_argument("--account-id", type=int, default=1, help="the account that gets the users")
    parser.add_argument("--workers", type=int, default=WORKERS, help="threads in the pool")
    args = parser.parse_args()

    canvas = Canvas(os.environ["CANVAS_API_URL"], os.environ["CANVAS_API_KEY"])
    account = with_retry(lambda: canvas.get_account(args.account_id))
    failures = []
    started = time.monotonic()

    def fail(row, action, error):
        failures.append({"row": row, "action": action, "error": str(error)})
        print(f"could not {action} {row}: {error}", file=sys.stderr)

    def rows(path):
        with open(path, newline="") as handle:
            return list(csv.DictReader(handle))

    user_rows, section_rows, enrollment_rows = rows(args.users), rows(args.sections), rows(args.enrollments)
    users, sections, courses = {}, {}, {}

    def create_user(row):
        try:
            users[row["sis_user_id"]] = with_retry(
                lambda: account.create_user(
                    {"unique_id": row["login"], "sis_user_id": row["sis_user_id"]}, user={"name": row["name"]}
                )
            )
        except CanvasException as error:
            fail(row["sis_user_id"], "create user", error)

    def find_course(sis_course_id):
        try:
            courses[sis_course_id] = with_retry(lambda: canvas.get_course(sis_course_id, use_sis_id=True))
        except CanvasException as error:
            fail(sis_course_id, "find course", error)

    def create_section(row):
        course = courses.get(row["course"])
        if course is None:
            fail(row["sis_section_id"], "create section", "the course is missing")
            return
        try:
            sections[row["sis_section_id"]] = with_retry(
                lambda: course.create_course_section(
                    course_section={"name": row["name"], "sis_section_id": row["sis_section_id"]}
                )
            )
        except CanvasException as error:
            fail(row["sis_section_id"], "create section", error)

    def enroll(row):
        where = f"{row['sis_user_id']} in {row['section']}"
        user, section = users.get(row["sis_user_id"]), sections.get(row["section"])
        if user is None or section is None:
            fail(where, "enroll", "the user or the section is missing")
            return
        try:
            with_retry(
                lambda: section.enroll_user(
                    user.id, enrollment={"type": "StudentEnrollment", "enrollment_state": "active"}
                )
            )
        except CanvasException as error:
            fail(where, "enroll", error)

    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        list(pool.map(create_user, user_rows))
        list(pool.map(find_course, sorted({row["course"] for row in section_rows})))
        list(pool.map(create_section, section_rows))
        list(pool.map(enroll, enrollment_rows))

    summary = {
        "script": "canvasapi_term_load",
        "seconds": round(time.monotonic() - started, 3),
        "failed": len(failures),
        "retries": canvasapi_threadpool.retries,
        "failures": failures[:20],
    }
    print(json.dumps(summary))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
