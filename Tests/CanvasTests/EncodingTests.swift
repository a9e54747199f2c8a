import Canvas
import JSONValues
import Testing

@Suite struct EncodingTests {
    static let formCases: [(JSONValue, String)] = [
        (["course": ["name": "Intro", "is_public": true]], "course%5Bname%5D=Intro&course%5Bis_public%5D=true"),
        (["ids": [1, 2]], "ids%5B%5D=1&ids%5B%5D=2"),
        (["a": ["b": ["c": ["x", "y z"]]]], "a%5Bb%5D%5Bc%5D%5B%5D=x&a%5Bb%5D%5Bc%5D%5B%5D=y+z"),
        (["items": [["id": 1], ["id": 2]]], "items%5B%5D%5Bid%5D=1&items%5B%5D%5Bid%5D=2"),
        (["clear": nil, "empty": []], "clear=&empty%5B%5D="),
        (["text": "a&b=c/é"], "text=a%26b%3Dc%2F%C3%A9"),
        // Canvas's own spelling of a list parameter is kept, never doubled into a list of lists.
        (["state[]": ["active", "completed"]], "state%5B%5D=active&state%5B%5D=completed"),
        (["include[]": "teachers"], "include%5B%5D=teachers"),
    ]

    @Test("nested values become Rack form pairs", arguments: formCases)
    func formPairs(value: JSONValue, expected: String) {
        #expect(FormEncoding.encode(FormEncoding.pairs(for: value)) == expected)
    }

    @Test(
        "IDs stay one percent-encoded path segment",
        arguments: [
            ("sis_course_id:CS/101.11é", "sis_course_id:CS%2F101.11%C3%A9"),
            ("self", "self"),
            ("sis_user_id:a b+c&d", "sis_user_id:a%20b%2Bc%26d"),
            ("hex:sis_user_id:6a6f686e", "hex:sis_user_id:6a6f686e"),
            ("12345678901234567", "12345678901234567"),
        ]
    )
    func pathSegments(id: String, expected: String) {
        #expect(CanvasPath.encodeSegment(id) == expected)
        #expect(CanvasPath.apiV1("courses", id) == "/api/v1/courses/\(expected)")
    }

    @Test(
        "Link headers in any spacing and order",
        arguments: [
            (
                "<https://c.test/a?page=2&per_page=100>; rel=\"next\",<https://c.test/a?page=1>; rel=\"first\"",
                "https://c.test/a?page=2&per_page=100"
            ),
            (
                "<https://c.test/a?page=1>; rel=\"current\", <https://c.test/a?page=bookmark:eyJpZCI6MX0>; rel=\"next\"",
                "https://c.test/a?page=bookmark:eyJpZCI6MX0"
            ),
            ("<https://c.test/a?page=3>; REL=NEXT", "https://c.test/a?page=3"),
            ("<https://c.test/a?page=3>; rel=\"next last\"", "https://c.test/a?page=3"),
        ]
    )
    func linkNext(header: String, expected: String) {
        #expect(LinkHeader(parsing: header).url(for: "next") == expected)
    }

    @Test func linkWithoutNextHasNone() {
        let header = "<https://c.test/a?page=1>; rel=\"current\",<https://c.test/a?page=1>; rel=\"first\""
        #expect(LinkHeader(parsing: header).url(for: "next") == nil)
        #expect(LinkHeader(parsing: "garbage").links.isEmpty)
    }

    @Test(
        "rate headers as Ruby prints them",
        arguments: [("587.23", 587.23), ("0.0", 0), ("1.0e-05", 0.00001), ("-12.5", -12.5), (" 600 ", 600)]
    )
    func rateHeaders(text: String, expected: Double) {
        #expect(RateHeaderValue.parse(text) == expected)
    }

    @Test func rateHeaderRejectsNonNumbers() {
        for text in ["", "nan", "inf", "0x10", "abc"] { #expect(RateHeaderValue.parse(text) == nil) }
    }

    @Test func headersAreCaseInsensitive() {
        let headers = CanvasHeaders([
            ("link", "<https://c.test/x?page=2>; rel=\"next\""), ("x-rate-limit-remaining", "12.0"),
        ])
        let response = CanvasResponse(status: 200, headers: headers, body: [])
        #expect(response.nextPageURL == "https://c.test/x?page=2")
        #expect(response.rateLimitRemaining == 12)
    }

    @Test func asUserIDIsAddedToTheQuery() {
        let request = CanvasRequest(
            .get, "/api/v1/users/self", query: ["include": ["email"]], asUserID: "sis_user_id:brian")
        #expect(request.query == [QueryParameter(name: "include[]", value: "email")])
        #expect(request.asUserID == "sis_user_id:brian")
        #expect(!CanvasRequest(.post, "/api/v1/x").isIdempotent)
        #expect(CanvasRequest(.put, "/api/v1/x").isIdempotent)
        #expect(CanvasRequest(.post, "/api/v1/x", retrySafety: .idempotent).isIdempotent)
    }
}
