public import Canvas
import OrderedCollections

extension CanvasRequestContext {
    /// The request log's label columns for a job's requests, right after the time: the step and the item each
    /// request serves, null for the requests a run makes for itself (such as checking the token).
    public static let itemLabelColumns = ["step", "item"]

    /// The context of the requests made for item `itemKey` of step `stepID`: the request log labels them with both.
    public static func item(
        _ itemKey: String, ofStep stepID: String, observer: (any RequestObserver)? = nil,
        retryPolicy: RetryPolicy? = nil
    ) -> CanvasRequestContext {
        CanvasRequestContext(
            labels: ["step": stepID, "item": itemKey], observer: observer, retryPolicy: retryPolicy)
    }
}
