import JSONValues
import OrderedCollections

extension ResourceKind {
    /// Problems of fields that Canvas only takes together with another: a course's `start_at` and `end_at` are
    /// dropped unless `restrict_enrollments_to_course_dates` is true (`courses_controller.rb`: "If Term enrollment
    /// is specified, don't allow setting enrollment dates"), so a job that set them alone would plan the same
    /// change after every apply.
    func companionFieldProblems(_ item: EnsureItem) -> [ResourceError] {
        guard name == "course", item.state == .present else { return [] }
        let restrict = item.set["restrict_enrollments_to_course_dates"]
        if let restrict, restrict.containsUnknown || FieldType.boolean.normalized(restrict) == .bool(true) {
            return []
        }
        var problems: [ResourceError] = []
        for fieldName in ["start_at", "end_at"] {
            guard let value = item.set[fieldName], !value.containsUnknown,
                FieldType.date.normalized(value).map({ !$0.isNull }) ?? false
            else { continue }
            problems.append(
                .invalidValue(
                    kind: name, field: fieldName, value: value.serialized(),
                    expected: "set together with restrict_enrollments_to_course_dates: true, since Canvas ignores "
                        + "a course's dates otherwise (the course then follows its term's dates)"))
        }
        return problems
    }
}
