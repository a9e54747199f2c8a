#!/usr/bin/env python3
"""Creates courses, enrolls people and renames courses, one request at a time, with canvasapi.

This is the benchmark's baseline: the script a Canvas admin writes today. It loops over the CSV
rows, calls canvasapi for each, and logs and counts a row that fails (no retries: a throttled
request is a failed row, as in most scripts in the wild).

    CANVAS_API_URL=https://canvas.example.edu CANVAS_API_KEY=... \\
        python canvasapi_sequential.py --courses courses.csv --enrollments enrollments.csv

Inputs (the same files Easel's bench/jobs/workload.yaml reads):
  courses.csv      sis_course_id,name,course_code,new_name  (new_name empty: no rename)
  enrollments.csv  course_id,user_id,type                   (SIS ids; type StudentEnrollment...)

The last line printed is a JSON summary: {"failed": N, "failures": [...], ...}.
"""

import argparse
import csv
import json
import os
import sys
import time

from canvasapi import Canvas
from canvasapi.exceptions import CanvasException


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", required=True, help="the courses CSV")
    parser.add_argument("--enrollments", required=True, help="the enrollments CSV")
    parser.add_argument("--account-id", type=int, default=1, help="the account that gets the courses")
    args = parser.parse_args()

    canvas = Canvas(os.environ["CANVAS_API_URL"], os.environ["CANVAS_API_KEY"])
    account = canvas.get_account(args.account_id)
    failures = []
    started = time.monotonic()

    with open(args.courses, newline="") as handle:
        course_rows = list(csv.DictReader(handle))
    with open(args.enrollments, newline="") as handle:
        enrollment_rows = list(csv.DictReader(handle))

    # 1. Course shells.
    courses = {}
    for row in course_rows:
        try:
            courses[row["sis_course_id"]] = account.create_course(
                course={
                    "name": row["name"],
                    "course_code": row["course_code"],
                    "sis_course_id": row["sis_course_id"],
                }
            )
        except CanvasException as error:
            failures.append({"row": row["sis_course_id"], "action": "create course", "error": str(error)})
            print(f"could not create {row['sis_course_id']}: {error}", file=sys.stderr)

    # 2. Enrollments. canvasapi wants a user object or a numeric id, so each SIS id is looked up
    # once (and remembered).
    users = {}
    for row in enrollment_rows:
        where = f"{row['user_id']} in {row['course_id']}"
        course = courses.get(row["course_id"])
        if course is None:
            failures.append({"row": where, "action": "enroll", "error": "the course was not created"})
            continue
        try:
            user = users.get(row["user_id"])
            if user is None:
                user = canvas.get_user(row["user_id"], "sis_user_id")
                users[row["user_id"]] = user
            course.enroll_user(user, enrollment={"type": row["type"], "enrollment_state": "active"})
        except CanvasException as error:
            failures.append({"row": where, "action": "enroll", "error": str(error)})
            print(f"could not enroll {where}: {error}", file=sys.stderr)

    # 3. Renames.
    for row in course_rows:
        if not row["new_name"]:
            continue
        course = courses.get(row["sis_course_id"])
        if course is None:
            failures.append({"row": row["sis_course_id"], "action": "rename", "error": "the course was not created"})
            continue
        try:
            course.update(course={"name": row["new_name"]})
        except CanvasException as error:
            failures.append({"row": row["sis_course_id"], "action": "rename", "error": str(error)})
            print(f"could not rename {row['sis_course_id']}: {error}", file=sys.stderr)

    summary = {
        "script": "canvasapi_sequential",
        "seconds": round(time.monotonic() - started, 3),
        "failed": len(failures),
        "failures": failures[:20],
    }
    print(json.dumps(summary))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
