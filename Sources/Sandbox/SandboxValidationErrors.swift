/// How the sandbox reports a record that failed validation (CANVAS-API.md section 4, "Validation errors have two
/// shapes"): which one the newest Canvas uses for a given endpoint is not pinned down, so it is selectable.
public enum SandboxValidationErrors: String, Sendable, CaseIterable {
    /// 400 keyed by attribute, `{"errors":{"name":[{"attribute":"name","type":"blank","message":"blank"}]}}`, as
    /// controllers that `render json: @model.errors, status: :bad_request` answer.
    case attributeKeyed = "attribute-keyed"
    /// 422 `{"errors":[{"field":"name","message":"blank","error_code":"blank"}]}`, as a raised `RecordInvalid` is
    /// answered (`Api::Errors::Reporter`).
    case recordInvalid = "record-invalid"
}
