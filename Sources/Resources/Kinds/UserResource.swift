import Canvas
import JSONValues
import OrderedCollections

extension ResourceKind {
    /// A user with a login in an account: found by SIS user id, login or id; created with its login
    /// (`pseudonym[unique_id]`); deleted from the account (`DELETE /accounts/:account/users/:id`).
    public static let user = ResourceKind(
        name: "user",
        parentKind: .account,
        defaultParent: "self",
        fields: [
            ResourceField("id", .integer, parameter: [], writability: .lookupOnly),
            ResourceField(
                "sis_user_id", .text, parameter: ["pseudonym", "sis_user_id"], writability: .createOnly,
                summary: "the login's SIS id"),
            ResourceField(
                "login_id", .caseInsensitiveText, parameter: ["pseudonym", "unique_id"], writability: .createOnly,
                summary: "the login's unique id (the user name)"),
            ResourceField(
                "unique_id", .caseInsensitiveText, parameter: ["pseudonym", "unique_id"], liveKeys: ["login_id"],
                writability: .createOnly, summary: "the login's unique id, as Canvas names it"),
            ResourceField(
                "integration_id", .text, parameter: ["pseudonym", "integration_id"], writability: .createOnly),
            ResourceField(
                "password", .text, parameter: ["pseudonym", "password"], writability: .createOnly, isSecret: true,
                summary: "the login's first password; a plan shows only its length"),

            ResourceField("name", .text, parameter: ["user", "name"]),
            ResourceField("short_name", .text, parameter: ["user", "short_name"]),
            ResourceField("sortable_name", .text, parameter: ["user", "sortable_name"]),
            ResourceField("email", .caseInsensitiveText, parameter: ["user", "email"]),
            ResourceField("time_zone", .timeZone, parameter: ["user", "time_zone"]),
            ResourceField("locale", .text, parameter: ["user", "locale"]),
        ],
        keys: [
            .byIDForm("sis_user_id", prefix: "sis_user_id"),
            .byIDForm("login_id", prefix: "sis_login_id"),
            .byIDForm("unique_id", prefix: "sis_login_id"),
            .byIDForm("id", prefix: nil),
        ],
        endpoints: ResourceEndpoints(
            collection: { parent in CanvasPath.apiV1("accounts", parent.idText, "users") },
            member: { _, live throws(ResourceError) in
                CanvasPath.apiV1("users", try ResourceEndpoints.liveID(live, kind: "user"))
            },
            adjustCreateBody: { body, _, fields in
                // On create, the address is a communication channel; `user[email]` only exists on update.
                guard let email = fields["email"], var user = body["user"]?.objectValue else { return }
                user["email"] = nil
                body.set(.object(user), at: ["user"])
                body.set(["type": "email", "address": email, "skip_confirmation": true], at: ["communication_channel"])
            },
            delete: { parent, live, _ throws(ResourceError) in
                CanvasRequest(
                    .delete,
                    CanvasPath.apiV1(
                        "accounts", parent.idText, "users", try ResourceEndpoints.liveID(live, kind: "user"))
                )
            }
        ),
        requiredOnCreate: [["login_id", "unique_id"]]
    )
}
