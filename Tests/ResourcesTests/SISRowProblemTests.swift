import JSONValues
import OrderedCollections
import Resources
import Testing

/// Why an item cannot be a SIS import row is a value: the kind of problem with what its message names.
@Suite struct SISRowProblemTests {
    @Test func aKeyThatIsNotTheSISIDNamesTheKeyFieldAndWhatWasWritten() throws {
        let format = try #require(SISRowFormat.named("user"))
        let problems = format.problems(of: EnsureItem(key: ["login_id": "ada"]), parentText: nil)
        let problem = try #require(problems.first)
        #expect(
            problem.kind == .keyNotSISID(kind: "user", keyField: "sis_user_id", prefix: nil, written: "login_id"))
        #expect(problem.field == "key.login_id")
        #expect(
            problem.message
                == "via: sis_import finds a user by its SIS id only: the key must be 'sis_user_id', not 'login_id'")
    }

    @Test func aParentThatIsNoSISIDNamesTheFormsItCouldTake() throws {
        let format = try #require(SISRowFormat.named("section"))
        let item = EnsureItem(parent: "12", key: ["sis_section_id": "S1"])
        let problem = try #require(format.problems(of: item, parentText: "12").first)
        #expect(problem.kind == .parentNotSISID(kind: "section", forms: ["sis_course_id:…"], parent: "12"))
        #expect(problem.field == "in")
    }

    @Test func aRowWithoutARequiredColumnNamesTheColumnAndTheFile() throws {
        let format = try #require(SISRowFormat.named("course"))
        let item = EnsureItem(parent: "sis_account_id:ENG", key: ["sis_course_id": "C1"])
        #expect {
            _ = try format.row(for: item, action: .create(fields: item.set), live: nil, header: [])
        } throws: { error in
            guard let problem = error as? SISRowProblem, case .missingColumn(let column, let file) = problem.kind
            else { return false }
            return file == "courses.csv" && problem.field == column
                && problem.message == "via: sis_import needs \(column) for every row of courses.csv; set it in the job"
        }
    }
}
