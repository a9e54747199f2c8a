import Hummingbird
import JSONValues
import OrderedCollections

/// The control surface under `/__sandbox/`, which Canvas clients never see: stats, reset, faults and costs.
extension SandboxAPIResponder {
    /// Why a request to the control surface is refused, if it is: it can reset the sandbox and inject faults, so
    /// it needs one of the sandbox's tokens in `Authorization: Bearer`, and takes no form posts (a web page
    /// can send those to a port on this machine without asking; it cannot add the header).
    func controlRefusal(_ request: Request) -> Response? {
        let authorization = request.headers[.authorization] ?? ""
        let token = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst(7)) : ""
        guard !token.isEmpty, tokens.contains(token) else {
            return Self.response(
                .json(
                    ["message": "the sandbox control surface needs the sandbox's token (Authorization: Bearer)"],
                    status: 401), stringIDs: false)
        }
        let contentType = (request.headers[.contentType] ?? "").lowercased()
        if ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"].contains(where: {
            contentType.hasPrefix($0)
        }) {
            return Self.response(
                .json(["message": "the sandbox control surface takes JSON bodies, not forms"], status: 415),
                stringIDs: false)
        }
        return nil
    }

    /// Answers the requests under `/__sandbox/`.
    ///
    /// The routes:
    /// - `GET /__sandbox/stats`: requests by method and route, throttled count, peak in-flight per token;
    /// - `POST /__sandbox/reset`: the seed's state again, empty stats and buckets;
    /// - `GET|PUT /__sandbox/faults` (`spec` in the query or a JSON body): the injected faults;
    /// - `PUT /__sandbox/cost` (`cost`, optional `route` such as `GET /api/v1/courses/:course_id`): request costs;
    /// - `GET|PUT /__sandbox/denied` (`requests`, a list such as `["POST /api/v1/accounts/:account_id/users",
    ///   "PUT /api/v1/courses/5"]`): requests answered as Canvas answers a user without the permission, 401 (or
    ///   the configured 403) "user not authorized to perform that action"; an empty list allows everything again.
    func control(method: String, path: String, query: JSONValue, body: [UInt8]) async -> Response {
        var parameters = RequestParameters(query)
        if let json = try? JSONValue(parsing: body), case .object = json {
            parameters = parameters.merging(json)
        } else if !body.isEmpty {
            return Self.response(.json(["message": "the body should be a JSON object"], status: 400), stringIDs: false)
        }
        switch (method, path) {
        case ("GET", "/__sandbox/stats"):
            return Self.response(.json(await traffic.statsJSON()), stringIDs: false)
        case ("POST", "/__sandbox/reset"):
            await store.reseed()
            await traffic.reset()
            return Self.response(.json(["reset": true]), stringIDs: false)
        case ("GET", "/__sandbox/faults"):
            return Self.response(.json(Self.json(await traffic.faults)), stringIDs: false)
        case ("PUT", "/__sandbox/faults"), ("POST", "/__sandbox/faults"):
            do {
                let faults = try SandboxFaults(parsing: parameters.string("spec") ?? "")
                await traffic.setFaults(faults)
                return Self.response(.json(Self.json(faults)), stringIDs: false)
            } catch {
                return Self.response(.json(["message": .string(error.description)], status: 400), stringIDs: false)
            }
        case ("PUT", "/__sandbox/cost"), ("POST", "/__sandbox/cost"):
            guard let text = parameters.string("cost"), let cost = Double(text), cost.isFinite, cost >= 0,
                cost <= SandboxNumber.largestCost
            else {
                return Self.response(
                    .json(["message": "cost must be a number from 0 to 1000000"], status: 400), stringIDs: false)
            }
            await traffic.setCost(cost, forRoute: parameters.string("route"))
            return Self.response(.json(["cost": .double(cost)]), stringIDs: false)
        case ("GET", "/__sandbox/denied"):
            return Self.response(.json(Self.json(denied: await traffic.deniedRequests)), stringIDs: false)
        case ("PUT", "/__sandbox/denied"), ("POST", "/__sandbox/denied"):
            let listed = parameters.value("requests")?.arrayValue ?? [.null]
            let requests = listed.compactMap(\.stringValue)
            guard requests.count == listed.count,
                requests.allSatisfy({ $0.split(separator: " ").count == 2 && $0.contains(" /") })
            else {
                return Self.response(
                    .json(
                        [
                            "message":
                                "requests must be a list of 'METHOD /path', such as 'POST /api/v1/accounts/:account_id/users'"
                        ],
                        status: 400), stringIDs: false)
            }
            await traffic.setDenied(Set(requests))
            return Self.response(.json(Self.json(denied: Set(requests))), stringIDs: false)
        default:
            return Self.response(.json(["message": "unknown control endpoint"], status: 404), stringIDs: false)
        }
    }

    static func json(denied: Set<String>) -> JSONValue {
        ["requests": .array(denied.sorted().map(JSONValue.string))]
    }

    static func json(_ faults: SandboxFaults) -> JSONValue {
        func object(_ rates: [Int: Double]) -> JSONValue {
            var statuses: JSONValuesObject = [:]
            for status in rates.keys.sorted() { statuses[String(status)] = .double(rates[status] ?? 0) }
            return .object(statuses)
        }
        let lateMilliseconds =
            faults.lateDelay.components.seconds * 1000 + faults.lateDelay.components.attoseconds / 1_000_000_000_000_000
        return [
            "statuses": object(faults.statusRates), "applied": object(faults.appliedStatusRates),
            "late": object(faults.lateStatusRates), "late_delay_ms": .int(Int(lateMilliseconds)),
            "drop": .double(faults.dropRate), "slow": .double(faults.slowRate), "lost": .double(faults.lostRate),
            "text": .double(faults.textRate),
        ]
    }
}
