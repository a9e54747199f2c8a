import Foundation
import JSONValues
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

/// Folders as Canvas keeps them: a root folder per course, folders resolved by path, a folder's own files, and the
/// folder an upload goes in.
@Suite struct FolderTests {
    static let course = "/api/v1/courses/sis_course_id:TEMPLATE"

    /// The three steps of an upload to `path` with the preflight's `form`; the confirmed file's JSON.
    static func upload(_ client: SandboxTestClient, to path: String, form: String, contents: String) async throws
        -> JSONValue
    {
        let preflight = try await client.send(.POST, path, form: form)
        #expect(preflight.status == 200, "\(preflight.text ?? "")")
        let json = try #require(preflight.json)
        let url = try #require(json["upload_url"]?.stringValue)
        let parameters = try #require(json["upload_params"]?.objectValue).map { ($0.key, $0.value.stringValue ?? "") }
        let (type, body) = UploadTests.multipart(parameters, file: contents)
        let uploaded = try await client.send(
            .POST, url, headers: [("Content-Type", type)], credentials: .none, body: body)
        let confirmed = try await client.get(try #require(uploaded.header("Location")))
        return try #require(confirmed.json)
    }

    @Test func byPathAnswersTheFoldersFromTheRootOr404() async throws {
        try await withSandboxClient { (client) async throws in
            let root = try await client.get("\(Self.course)/folders/by_path")
            #expect(root.status == 200)
            #expect(root.json?.arrayValue?.map { $0["full_name"] } == ["course files"])
            #expect(root.json?[0]?["parent_folder_id"] == .null)
            #expect(try await client.get("\(Self.course)/folders/by_path/handouts").status == 404)

            let file = try await Self.upload(
                client, to: "\(Self.course)/files",
                form: "name=week.txt&parent_folder_path=course%20files%2Fhandouts%2F%2Fweek%201", contents: "one")
            let chain = try await client.get("\(Self.course)/folders/by_path/handouts/week%201")
            #expect(chain.status == 200)
            let folders = try #require(chain.json?.arrayValue)
            #expect(
                folders.map { $0["full_name"] } == [
                    "course files", "course files/handouts", "course files/handouts/week 1",
                ])
            #expect(folders[0]["id"] == root.json?[0]?["id"])
            #expect(folders[2]["parent_folder_id"] == folders[1]["id"])
            #expect(file["folder_id"] == folders[2]["id"])
            #expect(try await client.get("\(Self.course)/folders/by_path/week%201").status == 404)
        }
    }

    @Test func anUploadNamingNoFolderGoesInUnfiledAndTheRootWhenNamed() async throws {
        try await withSandboxClient { (client) async throws in
            let unfiled = try await Self.upload(
                client, to: "\(Self.course)/files", form: "name=a.txt", contents: "a")
            let folder = try await client.get("/api/v1/folders/\(unfiled["folder_id"]?.interpolated ?? "")")
            #expect(folder.json?["full_name"] == "course files/unfiled")

            let rooted = try await Self.upload(
                client, to: "\(Self.course)/files", form: "name=a.txt&parent_folder_path=%2F", contents: "b")
            let root = try await client.get("\(Self.course)/folders/by_path")
            #expect(rooted["folder_id"] == root.json?[0]?["id"])
            // Two folders: on_duplicate overwrite replaced neither.
            #expect(try await client.get("/api/v1/files/\(unfiled["id"]?.interpolated ?? "")").status == 200)
        }
    }

    @Test func aFolderListsItsOwnFilesAndTakesUploads() async throws {
        try await withSandboxClient { (client) async throws in
            let first = try await Self.upload(
                client, to: "\(Self.course)/files", form: "name=Syllabus.pdf&parent_folder_path=syllabus",
                contents: "first")
            let folderID = try #require(first["folder_id"]?.interpolated)
            _ = try await Self.upload(
                client, to: "\(Self.course)/files", form: "name=Syllabus.pdf&parent_folder_path=syllabus%2Fold",
                contents: "older")
            let second = try await Self.upload(
                client, to: "/api/v1/folders/\(folderID)/files", form: "name=Reading%20list.pdf", contents: "second")
            #expect(second["folder_id"] == first["folder_id"])

            let all = try await client.get("/api/v1/folders/\(folderID)/files")
            #expect(all.json?.arrayValue?.map { $0["display_name"] } == ["Reading list.pdf", "Syllabus.pdf"])
            let found = try await client.get("/api/v1/folders/\(folderID)/files?search_term=sYLL")
            #expect(found.json?.arrayValue?.map { $0["id"] } == [first["id"]])
            let short = try await client.get("/api/v1/folders/\(folderID)/files?search_term=s")
            #expect(short.status == 400)
            #expect(short.json?["errors"]?[0]?["message"] == "2 or more characters is required")
            #expect(try await client.get("/api/v1/folders/999999/files").status == 404)
        }
    }
}
