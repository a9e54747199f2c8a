import Foundation

/// Rich text as Canvas stores it: what its sanitizer (`CanvasSanitize`, the `sanitize` gem over Nokogiri, applied by
/// `Api::Html::Content.process_incoming` to assignment descriptions, page bodies, discussion messages and event
/// descriptions) leaves of the tags a job is likely to write.
///
/// - Elements whose content is code (`script`, `style`) are removed with their content, and comments are removed.
/// - Tag and attribute names are lowercased; event handlers (`on…` attributes) are dropped, and so are `href` and
///   `src` values that start with `javascript:`.
/// - Attributes are written `name="value"`, whatever quotes the request used, with `&`, `<`, `>` and `"` escaped.
/// - Void elements are written without a closing slash (`<br/>` becomes `<br>`), and their end tags are dropped.
/// - Character references in text are replaced by the characters they name, and the text is written back with
///   only `&`, `<` and `>` escaped (`&eacute;` becomes `é`, `&#39;` becomes `'`); a no-break space is written
///   `&nbsp;`. A reference Canvas does not know stays as text, its `&` escaped. **Uncertain**: the entity set
///   Nokogiri writes back by name may be larger than `&nbsp;`.
/// - Whitespace is kept as sent.
///
/// Easel compares a job's HTML with what Canvas answers in this form, and the sandbox stores rich text in it, so
/// `<p>Caf&eacute;<br/></p>` and `<p>Café<br></p>` are the same value on both sides.
public enum CanvasHTML {
    /// Elements written without an end tag.
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]
    /// Elements removed with everything inside them.
    static let removedElements: Set<String> = ["script", "style"]

    /// `html` as Canvas would store and return it.
    public static func sanitized(_ html: String) -> String {
        var output = ""
        var characters = Substring(html)
        var removingUntil: String?
        while !characters.isEmpty {
            if characters.hasPrefix("<!--") {
                let rest = characters.dropFirst(4)
                characters = rest.range(of: "-->").map { rest[$0.upperBound...] } ?? ""
                continue
            }
            if characters.first == "<", let (tag, rest) = Tag.parse(characters) {
                characters = rest
                if let waiting = removingUntil {
                    if tag.isEnd, tag.name == waiting { removingUntil = nil }
                    continue
                }
                if removedElements.contains(tag.name) {
                    if !tag.isEnd, !tag.selfClosing { removingUntil = tag.name }
                    continue
                }
                if tag.isEnd {
                    if !voidElements.contains(tag.name) { output += "</\(tag.name)>" }
                    continue
                }
                output += "<" + tag.name
                for (name, value) in tag.attributes where !name.hasPrefix("on") {
                    let lowered = value.trimmingCharacters(in: .whitespaces).lowercased()
                    if ["href", "src"].contains(name), lowered.hasPrefix("javascript:") { continue }
                    output += " \(name)=\"" + escape(decode(value), quotes: true) + "\""
                }
                output += ">"
                continue
            }
            let end = characters.dropFirst().firstIndex(of: "<") ?? characters.endIndex
            if removingUntil == nil { output += escape(decode(String(characters[..<end])), quotes: false) }
            characters = characters[end...]
        }
        return output
    }

    /// Text with its character references replaced by the characters they name.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            if let semicolon = after.prefix(12).firstIndex(of: ";"),
                let character = character(named: String(after[..<semicolon]))
            {
                result.append(character)
                rest = after[after.index(after: semicolon)...]
            } else {
                result.append("&")
                rest = after
            }
        }
        return result + rest
    }

    /// The character a reference's name (`eacute`, `#39`, `#x27`) stands for.
    private static func character(named name: String) -> Character? {
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map(Character.init)
        }
        if name.hasPrefix("#") { return UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map(Character.init) }
        return namedCharacters[name]
    }

    private static let namedCharacters: [String: Character] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "reg": "®",
        "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“",
        "rdquo": "”", "laquo": "«", "raquo": "»", "deg": "°", "middot": "·", "euro": "€", "eacute": "é",
        "egrave": "è", "ecirc": "ê", "aacute": "á", "agrave": "à", "acirc": "â", "iacute": "í", "oacute": "ó",
        "uacute": "ú", "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "szlig": "ß",
        "ccedil": "ç", "ntilde": "ñ", "Eacute": "É", "times": "×", "divide": "÷",
    ]

    /// Text escaped as the serializer writes it.
    static func escape(_ text: String, quotes: Bool) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            case "\u{A0}": result += "&nbsp;"
            default: result.append(character)
            }
        }
        return result
    }

    /// One start or end tag.
    struct Tag {
        var name: String
        var isEnd: Bool
        var selfClosing: Bool
        var attributes: [(String, String)]

        /// The tag at the start of `text` and what follows it, or nil when `<` does not start a tag there.
        static func parse(_ text: Substring) -> (Tag, Substring)? {
            var rest = text.dropFirst()
            let isEnd = rest.first == "/"
            if isEnd { rest = rest.dropFirst() }
            guard let first = rest.first, first.isLetter else { return nil }
            let name = String(rest.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }).lowercased()
            rest = rest.dropFirst(name.count)
            var tag = Tag(name: name, isEnd: isEnd, selfClosing: false, attributes: [])
            while let character = rest.first {
                if character == ">" { return (tag, rest.dropFirst()) }
                if character.isWhitespace {
                    rest = rest.dropFirst()
                    continue
                }
                if character == "/" {
                    tag.selfClosing = true
                    rest = rest.dropFirst()
                    continue
                }
                let attribute = String(rest.prefix { !$0.isWhitespace && $0 != "=" && $0 != ">" && $0 != "/" })
                rest = rest.dropFirst(max(attribute.count, 1))
                var value = ""
                if rest.first == "=" {
                    rest = rest.dropFirst()
                    if let quote = rest.first, quote == "\"" || quote == "'" {
                        let body = rest.dropFirst()
                        let close = body.firstIndex(of: quote) ?? body.endIndex
                        value = String(body[..<close])
                        rest = close == body.endIndex ? body[close...] : body[body.index(after: close)...]
                    } else {
                        value = String(rest.prefix { !$0.isWhitespace && $0 != ">" })
                        rest = rest.dropFirst(value.count)
                    }
                }
                if !attribute.isEmpty { tag.attributes.append((attribute.lowercased(), value)) }
            }
            return nil
        }
    }
}
