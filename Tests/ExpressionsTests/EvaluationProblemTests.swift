import Expressions
import JSONValues
import Testing

/// An evaluation error carries what went wrong as a value: the names, values and positions its message is made of.
@Suite struct EvaluationProblemTests {
    @Test func aMisspeltMemberNamesTheBaseTheMemberAndTheSuggestion() throws {
        let error = try evaluationError("vars.acount")
        guard case .noSuchMember(let base, let name, let suggestion) = error.problem else {
            Issue.record("\(error.problem)")
            return
        }
        #expect(base.description == "vars")
        #expect(name == "acount")
        #expect(suggestion == "account")
        #expect(error.message == "'vars' has no member 'acount'; did you mean 'account'?")
    }

    @Test func anArgumentOfTheWrongKindNamesTheFunctionItsPositionAndTheKindGiven() throws {
        let error = try evaluationError("replace(item.title, 1, 'x')")
        #expect(error.problem == .argumentKind(function: "replace", position: 1, count: 3, got: "number"))
        #expect(error.message == "replace() expects a string as its second argument, got number")
    }

    @Test func anOrderingOfValuesThatCannotBeOrderedCarriesBothValuesAndTheOperator() throws {
        let error = try evaluationError("item.code >= 3")
        #expect(error.problem == .cannotCompare(.string("cs101"), .int(3), .greaterOrEqual))
    }

    @Test func aLookupTableWithTwoRowsForOneKeyNamesTheKeyAndBothElements() throws {
        let scope = EvaluationScope(
            vars: ["rows": [["id": "a"], ["id": "b"], ["id": "a"]]])
        let error = try evaluationError("index_by(vars.rows, 'id')", in: scope)
        #expect(error.problem == .duplicateIndexKey(key: "a", field: "id", first: 0, second: 2))
        #expect(error.message.hasPrefix("index_by() found 'a' as the id of elements 1 and 3;"))
    }

    @Test func textThatIsNotJSONCarriesTheParsersError() throws {
        let error = try evaluationError("fromJSON('{')")
        guard case .notJSON(let parsing) = error.problem else {
            Issue.record("\(error.problem)")
            return
        }
        #expect(error.message == "fromJSON() could not read its argument: \(parsing)")
    }
}
