import Foundation
import OrderedCollections
import Testing

@testable import Canvas

/// The request log's lines, byte for byte: what reads them (a person, `jq`, a comparison of two runs) relies on
/// the field names and their order.
@Suite struct RequestLogLineTests {
    private static let time = Date(timeIntervalSince1970: 1_796_400_000.25)

    @Test func aLineLabelledWithItsStepAndItemKeepsTheirPlaceAfterTheTime() {
        let entry = RequestLogEntry(
            time: Self.time, labels: ["step": "courses", "item": "BIO-101"], method: "POST",
            url: "https://canvas.example.edu/api/v1/accounts/1/courses", status: 200, durationMilliseconds: 12.345,
            requestCost: 0.5, rateLimitRemaining: 699.5, attempt: 1, error: nil, token: "fp")
        #expect(
            entry.jsonLine(labelColumns: ["step", "item"])
                == "{\"time\":\"2026-12-04T16:00:00.250Z\",\"step\":\"courses\",\"item\":\"BIO-101\",\"method\":\"POST\","
                + "\"url\":\"https://canvas.example.edu/api/v1/accounts/1/courses\",\"status\":200,\"duration_ms\":12.3,"
                + "\"request_cost\":0.5,\"rate_limit_remaining\":699.5,\"attempt\":1,\"token\":\"fp\"}")
    }

    @Test func aLineWithoutLabelsHasNullStepAndItem() {
        let entry = RequestLogEntry(
            time: Self.time, labels: [:], method: "GET",
            url: "https://canvas.example.edu/api/v1/users/self?access_token=secret", status: nil,
            durationMilliseconds: 3, requestCost: nil, rateLimitRemaining: nil, attempt: 2, error: "timeout",
            token: nil)
        #expect(
            entry.jsonLine(labelColumns: ["step", "item"])
                == "{\"time\":\"2026-12-04T16:00:00.250Z\",\"step\":null,\"item\":null,\"method\":\"GET\","
                + "\"url\":\"https://canvas.example.edu/api/v1/users/self?access_token=[redacted]\",\"status\":null,"
                + "\"duration_ms\":3,\"request_cost\":null,\"rate_limit_remaining\":null,\"attempt\":2,"
                + "\"error\":\"timeout\"}")
    }

    @Test func labelsOutsideTheColumnsFollowThemInTheirOrder() {
        let entry = RequestLogEntry(
            time: Self.time, labels: ["batch": "7", "item": "k", "origin": "check"], method: "GET",
            url: "https://canvas.example.edu/api/v1/accounts/1", status: 200, durationMilliseconds: 1, attempt: 1)
        #expect(
            entry.jsonLine(labelColumns: ["step", "item"])
                == "{\"time\":\"2026-12-04T16:00:00.250Z\",\"step\":null,\"item\":\"k\",\"batch\":\"7\","
                + "\"origin\":\"check\",\"method\":\"GET\",\"url\":\"https://canvas.example.edu/api/v1/accounts/1\","
                + "\"status\":200,\"duration_ms\":1,\"request_cost\":null,\"rate_limit_remaining\":null,\"attempt\":1}")
    }
}
