import Expressions
import JobSpec

extension Step {
    /// What the step does in a few words, as written: `get /api/v1/…`, `PUT /api/v1/…`, `ensure course in …`.
    var summaryLine: String {
        switch kind {
        case .get(let get): "get \(get.path.description)"
        case .request(let request): "\(request.method.rawValue) \(request.path.description)"
        case .ensure(let ensure):
            "ensure \(ensure.kind.rawValue)" + (ensure.parent.map { " in \($0.description)" } ?? "")
                + (ensure.state == .absent ? " (absent)" : "")
        case .upload(let upload): "upload \(upload.file.description) to \(upload.to.description)"
        }
    }
}
