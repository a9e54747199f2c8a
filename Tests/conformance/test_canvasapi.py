"""canvasapi, the most used third-party Canvas client, against the sandbox's demo seed."""

import os

import pytest
import requests
from canvasapi import Canvas
from canvasapi.exceptions import Forbidden, InvalidAccessToken, RateLimitExceeded, ResourceDoesNotExist
from canvasapi.paginated_list import PaginatedList


def control_headers():
    """The sandbox's control surface (/__sandbox/) needs one of its tokens."""
    return {"Authorization": f"Bearer {os.environ['EASEL_SANDBOX_TOKEN']}"}


def test_paginated_list_walks_every_page(canvas):
    account = canvas.get_account(1)
    courses = account.get_courses(per_page=7)
    assert isinstance(courses, PaginatedList)
    ids = [course.id for course in courses]
    assert 45 <= len(ids) <= 60
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)
    # The same list with Canvas's default page size.
    assert [course.id for course in account.get_courses()] == ids


def test_paginated_list_indexing_and_slicing(canvas):
    users = canvas.get_account(1).get_users(per_page=10)
    first_25 = [user.id for user in users[:25]]
    assert len(first_25) == 25
    assert users[24].id == first_25[24]


def test_enrollments_paginate_by_bookmark(canvas):
    course = canvas.get_course("BIO-101-2026SP", use_sis_id=True)
    busy = next(c for c in canvas.get_account(1).get_courses(per_page=100) if c.sis_course_id.startswith("ENGL"))
    enrollments = list(busy.get_enrollments(per_page=3))
    assert len(enrollments) > 3
    assert [e.id for e in enrollments] == sorted(e.id for e in enrollments)
    assert all(e.course_id == busy.id for e in enrollments)
    assert course.id != busy.id


def test_get_course_by_sis_id(canvas):
    course = canvas.get_course("TEMPLATE", use_sis_id=True)
    assert course.sis_course_id == "TEMPLATE"
    assert course.name == "Course Template"
    assert canvas.get_course(course.id).uuid == course.uuid


def test_get_account_and_user_by_sis_id(canvas):
    science = canvas.get_account("SCI", use_sis_id=True)
    assert science.parent_account_id == 1
    user = canvas.get_user("u0042", "sis_user_id")
    assert user.sis_user_id == "u0042"
    assert canvas.get_user("self").id == 1


def test_create_and_update_a_course(canvas, unique):
    account = canvas.get_account("ENG", use_sis_id=True)
    sis_id = f"CONF-{unique}"
    course = account.create_course(course={"name": "Conformance", "course_code": "CONF 1", "sis_course_id": sis_id})
    assert course.name == "Conformance"
    assert course.workflow_state == "unpublished"
    assert course.account_id == account.id
    assert course.update(course={"name": "Conformance Renamed", "event": "offer"}) == "Conformance Renamed"
    fetched = canvas.get_course(sis_id, use_sis_id=True)
    assert fetched.name == "Conformance Renamed"
    assert fetched.workflow_state == "available"


def test_create_and_edit_a_user(canvas, unique):
    account = canvas.get_account(1)
    user = account.create_user(
        pseudonym={"unique_id": f"conf.{unique}@example.edu", "sis_user_id": f"CONF-{unique}"},
        user={"name": "Conformance Person"},
    )
    assert user.name == "Conformance Person"
    user.edit(user={"sortable_name": "Person, Conformance"})
    assert user.sortable_name == "Person, Conformance"
    again = canvas.get_user(f"CONF-{unique}", "sis_user_id")
    assert again.id == user.id
    assert again.sortable_name == "Person, Conformance"


def test_create_and_edit_a_section(canvas, unique):
    course = canvas.get_course("CHEM-110-2026SP", use_sis_id=True)
    section = course.create_course_section(course_section={"name": "Lab A", "sis_section_id": f"LAB-{unique}"})
    assert section.name == "Lab A"
    assert section.course_id == course.id
    section.edit(course_section={"name": "Lab B"})
    assert section.name == "Lab B"
    assert any(s.id == section.id and s.name == "Lab B" for s in course.get_sections())


def _new_user(canvas, unique, suffix):
    return canvas.get_account(1).create_user(
        pseudonym={"unique_id": f"enr.{unique}.{suffix}@example.edu"}, user={"name": f"Enrollee {suffix}"}
    )


def test_enroll_a_user_defaults_to_invited(canvas, unique):
    course = canvas.get_course("CHEM-110-2026SP", use_sis_id=True)
    user = _new_user(canvas, unique, "invited")
    enrollment = course.enroll_user(user, enrollment={"type": "StudentEnrollment"})
    assert enrollment.enrollment_state == "invited"
    assert enrollment.user_id == user.id
    assert enrollment.course_id == course.id
    assert enrollment.type == "StudentEnrollment"


def test_enroll_a_user_in_a_section(canvas, unique):
    course = canvas.get_course("BIO-101-2026SP", use_sis_id=True)
    section = course.create_course_section(course_section={"name": f"Section {unique}"})
    user = _new_user(canvas, unique, "section")
    enrollment = section.enroll_user(user, enrollment={"type": "TaEnrollment", "enrollment_state": "active"})
    assert enrollment.course_section_id == section.id
    assert enrollment.enrollment_state == "active"
    assert enrollment.type == "TaEnrollment"


@pytest.mark.parametrize(
    "task, state",
    [("conclude", "completed"), ("delete", "deleted"), ("inactivate", "inactive"), ("deactivate", "inactive")],
)
def test_delete_an_enrollment_with_each_task(canvas, unique, task, state):
    course = canvas.get_course("BIO-101-2026SP", use_sis_id=True)
    user = _new_user(canvas, unique, task)
    enrollment = course.enroll_user(user, enrollment={"type": "StudentEnrollment", "enrollment_state": "active"})
    result = enrollment.deactivate(task)
    assert result.id == enrollment.id
    assert result.enrollment_state == state
    listed = {e.id: e.enrollment_state for e in course.get_enrollments(user_id=user.id, state=["active", state])}
    assert listed == {enrollment.id: state}
    if state == "inactive":
        assert result.reactivate().enrollment_state == "active"


def test_invalid_token_raises_invalid_access_token(sandbox_url):
    with pytest.raises(InvalidAccessToken):
        Canvas(sandbox_url, "1~not-the-sandbox-token").get_account(1)


def test_missing_objects_raise_resource_does_not_exist(canvas):
    with pytest.raises(ResourceDoesNotExist):
        canvas.get_course(987654321)
    with pytest.raises(ResourceDoesNotExist):
        canvas.get_course("NO-SUCH-COURSE", use_sis_id=True)
    with pytest.raises(ResourceDoesNotExist):
        canvas.get_user("nobody-at-all", "sis_user_id")


def test_fall_courses_of_the_example_job_do_not_exist_yet(canvas):
    with pytest.raises(ResourceDoesNotExist):
        canvas.get_course("ENG-101-FA26", use_sis_id=True)


def test_throttled_requests_raise_forbidden_with_canvas_body(canvas, sandbox_url, second_token):
    route = "GET /api/v1/accounts/:account_id/sub_accounts"
    control = f"{sandbox_url}/__sandbox/cost"
    assert requests.put(control, json={"cost": "300", "route": route}, headers=control_headers(), timeout=10).status_code == 200
    try:
        throttled = Canvas(sandbox_url, second_token).get_account(1)
        with pytest.raises(Forbidden) as raised:
            for _ in range(5):
                list(throttled.get_subaccounts())
        assert "403 Forbidden (Rate Limit Exceeded)" in str(raised.value)
        # The first token has its own bucket.
        assert canvas.get_account(1).name == "Easel Demo University"
    finally:
        requests.put(control, json={"cost": "0.01", "route": route}, headers=control_headers(), timeout=10)


@pytest.mark.throttle429
def test_throttled_requests_raise_rate_limit_exceeded_on_429(canvas, sandbox_url, second_token):
    route = "GET /api/v1/accounts/:account_id/sub_accounts"
    control = f"{sandbox_url}/__sandbox/cost"
    assert requests.put(control, json={"cost": "300", "route": route}, headers=control_headers(), timeout=10).status_code == 200
    try:
        throttled = Canvas(sandbox_url, second_token).get_account(1)
        with pytest.raises(RateLimitExceeded) as raised:
            for _ in range(5):
                list(throttled.get_subaccounts())
        remaining = float(str(raised.value).rsplit(":", 1)[1])
        assert remaining <= 0
        raw = requests.get(
            f"{sandbox_url}/api/v1/accounts/1/sub_accounts",
            headers={"Authorization": f"Bearer {second_token}", "User-Agent": "conformance"},
            timeout=10,
        )
        assert raw.status_code == 429
        assert raw.text == "429 Too Many Requests (Rate Limit Exceeded)\n"
        assert "X-Request-Cost" not in raw.headers
        # The first token has its own bucket.
        assert canvas.get_account(1).name == "Easel Demo University"
    finally:
        requests.put(control, json={"cost": "0.01", "route": route}, headers=control_headers(), timeout=10)
