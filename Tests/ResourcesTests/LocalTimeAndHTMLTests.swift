import JSONValues
import OrderedCollections
import Resources
import Testing

/// Easel's reading of times without an offset and of rich text, as Canvas will store them.
@Suite struct LocalTimeAndHTMLTests {
    static let chicago = CanvasTimeZone(name: "America/Chicago")

    @Test(arguments: [
        ("2026-12-20", "2026-12-20T06:00:00Z"),
        ("2026-07-01", "2026-07-01T05:00:00Z"),
        ("2026-12-20T23:30", "2026-12-21T05:30:00Z"),
        ("2026-12-20T23:30:59.900", "2026-12-21T05:30:59Z"),
        ("2026-03-08T02:30", "2026-03-08T08:30:00Z"),
        ("2026-12-20T00:30:00+02:00", "2026-12-19T22:30:00Z"),
        ("2026-12-20T12:00:00Z", "2026-12-20T12:00:00Z"),
    ])
    func aTimeWithoutAnOffsetIsReadInTheZone(_ text: String, _ utc: String) throws {
        let zone = try #require(Self.chicago)
        #expect(CanvasTime.canonical(text, in: zone) == utc)
        #expect(FieldType.date.isEquivalent(.string(text), .string(utc), in: zone))
    }

    @Test func onlyTimesWithoutAnOffsetDependOnTheZone() {
        #expect(!CanvasTime.hasExplicitZone("2026-12-20"))
        #expect(!CanvasTime.hasExplicitZone("2026-12-20T09:15"))
        #expect(CanvasTime.hasExplicitZone("2026-12-20T09:15:00Z"))
        #expect(CanvasTime.hasExplicitZone("2026-12-20T09:15:00-06:00"))
        #expect(CanvasTime.localDescription("2026-12-20T09:15") == "2026-12-20 09:15")
        #expect(CanvasTime.localDescription("2026-12-20T09:15:00Z") == nil)
        #expect(CanvasTimeZone(name: "Not/A_Zone") == nil)
    }

    @Test func aRailsZoneNameIsTheIANAZoneCanvasAnswers() throws {
        #expect(FieldType.timeZone.isEquivalent("Central Time (US & Canada)", "America/Chicago"))
        #expect(!FieldType.timeZone.isEquivalent("Central Time (US & Canada)", "America/New_York"))
        #expect(FieldType.timeZone.isEquivalent("", .null))
        #expect(CanvasTimeZone(name: "Eastern Time (US & Canada)")?.name == "America/New_York")
    }

    @Test func aPlannedChangeShowsTheLocalValueAndTheZone() throws {
        let zone = try #require(Self.chicago)
        let changes = ResourceKind.section.diff(desired: ["end_at": "2026-12-20"], live: ["end_at": .null], zone: zone)
        #expect(
            changes.map(\.description) == [#"end_at: null → "2026-12-20T06:00:00Z" (2026-12-20 in America/Chicago)"#])
    }

    @Test(arguments: [
        ("<p>Caf&eacute; &amp; cr&egrave;me</p>", "<p>Café &amp; crème</p>", true),
        ("<P CLASS='x'>a<BR/>b</P>", "<p class=\"x\">a<br>b</p>", true),
        ("<p>it&#39;s&nbsp;&#x41;</p>", "<p>it's&nbsp;A</p>", true),
        ("<p onclick=\"x()\">a<script>b()</script><!-- c --></p>", "<p>a</p>", true),
        ("<p>3 < 4</p>", "<p>3 &lt; 4</p>", true),
        ("<p>a</p>", "<p>b</p>", false),
        ("<p>&amp;</p>", "<p>&</p>", true),
        ("<p>&lt;b&gt;</p>", "<p><b></p>", false),
    ])
    func richTextComparesAsCanvassSanitizerLeavesIt(_ desired: String, _ live: String, _ same: Bool) {
        #expect(FieldType.html.isEquivalent(.string(desired), .string(live)) == same)
    }
}
