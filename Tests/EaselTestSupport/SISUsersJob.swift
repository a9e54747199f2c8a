/// The job the `via: sis_import` tests load users with: a `users.csv` of `sis_user_id,name,login` rows and one
/// `ensure: user` step sent as SIS imports, with any later steps a test adds.
public enum SISUsersJob {
    /// The job named `name`; `batchSize` sets the step's `batch_size:`, and `laterSteps` (items of `steps:`,
    /// indented by two spaces) follow the users step.
    public static func text(named name: String, batchSize: Int? = nil, laterSteps: String = "") -> String {
        var text = """
            easel: 1
            name: \(name)
            inputs: { users: { csv: users.csv } }
            steps:
              - id: users
                for_each: ${{ inputs.users }}
                ensure: user
                via: sis_import

            """
        if let batchSize { text += "    batch_size: \(batchSize)\n" }
        text += """
                key: { sis_user_id: "${{ item.sis_user_id }}" }
                set: { name: "${{ item.name }}", login_id: "${{ item.login }}" }

            """
        return text + laterSteps
    }

    /// The CSV of `count` users: `PREFIX-n`, named `NAME n`, with the login `login.n`.
    public static func csv(count: Int, id: (Int) -> String, name: String, login: String) -> String {
        "sis_user_id,name,login\n" + (1...count).map { "\(id($0)),\(name) \($0),\(login).\($0)\n" }.joined()
    }
}
