import Foundation
import Testing

@Suite struct WatchdogTests {
    @Test func givesTheResultOfWorkThatFinishes() async {
        #expect(await Watchdog.run(within: .seconds(30)) { 6 * 7 } == 42)
    }

    @Test func givesNothingForWorkThatOutlivesItsDeadline() async {
        let result = await Watchdog.run(within: .milliseconds(50)) {
            Thread.sleep(forTimeInterval: 2)
            return 1
        }
        #expect(result == nil)
    }
}
