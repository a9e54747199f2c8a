import Foundation

/// The friendlier Ruby on Rails names Canvas accepts for a time zone (`ActiveSupport::TimeZone::MAPPING`), with the
/// IANA name Canvas answers for each: a course whose `time_zone` is set to `Central Time (US & Canada)` answers
/// `America/Chicago`.
public enum RailsTimeZones {
    /// The IANA name of `name`: the mapped name of a Rails name, else `name` itself.
    public static func ianaName(_ name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return names[trimmed] ?? trimmed
    }

    public static let names: [String: String] = [
        "International Date Line West": "Etc/GMT+12", "Midway Island": "Pacific/Midway",
        "American Samoa": "Pacific/Pago_Pago", "Hawaii": "Pacific/Honolulu", "Alaska": "America/Juneau",
        "Pacific Time (US & Canada)": "America/Los_Angeles", "Tijuana": "America/Tijuana",
        "Mountain Time (US & Canada)": "America/Denver", "Arizona": "America/Phoenix",
        "Chihuahua": "America/Chihuahua", "Mazatlan": "America/Mazatlan",
        "Central Time (US & Canada)": "America/Chicago", "Saskatchewan": "America/Regina",
        "Guadalajara": "America/Mexico_City", "Mexico City": "America/Mexico_City", "Monterrey": "America/Monterrey",
        "Central America": "America/Guatemala", "Eastern Time (US & Canada)": "America/New_York",
        "Indiana (East)": "America/Indiana/Indianapolis", "Bogota": "America/Bogota", "Lima": "America/Lima",
        "Quito": "America/Lima", "Atlantic Time (Canada)": "America/Halifax", "Caracas": "America/Caracas",
        "La Paz": "America/La_Paz", "Santiago": "America/Santiago", "Newfoundland": "America/St_Johns",
        "Brasilia": "America/Sao_Paulo", "Buenos Aires": "America/Argentina/Buenos_Aires",
        "Montevideo": "America/Montevideo", "Azores": "Atlantic/Azores", "Cape Verde Is.": "Atlantic/Cape_Verde",
        "Dublin": "Europe/Dublin", "Edinburgh": "Europe/London", "Lisbon": "Europe/Lisbon", "London": "Europe/London",
        "Casablanca": "Africa/Casablanca", "Monrovia": "Africa/Monrovia", "UTC": "Etc/UTC",
        "Amsterdam": "Europe/Amsterdam", "Belgrade": "Europe/Belgrade", "Berlin": "Europe/Berlin",
        "Bern": "Europe/Zurich", "Zurich": "Europe/Zurich", "Bratislava": "Europe/Bratislava",
        "Brussels": "Europe/Brussels", "Budapest": "Europe/Budapest", "Copenhagen": "Europe/Copenhagen",
        "Ljubljana": "Europe/Ljubljana", "Madrid": "Europe/Madrid", "Paris": "Europe/Paris",
        "Prague": "Europe/Prague", "Rome": "Europe/Rome", "Sarajevo": "Europe/Sarajevo", "Skopje": "Europe/Skopje",
        "Stockholm": "Europe/Stockholm", "Vienna": "Europe/Vienna", "Warsaw": "Europe/Warsaw",
        "West Central Africa": "Africa/Algiers", "Zagreb": "Europe/Zagreb", "Athens": "Europe/Athens",
        "Bucharest": "Europe/Bucharest", "Cairo": "Africa/Cairo", "Harare": "Africa/Harare",
        "Helsinki": "Europe/Helsinki", "Jerusalem": "Asia/Jerusalem", "Kyiv": "Europe/Kiev",
        "Pretoria": "Africa/Johannesburg", "Riga": "Europe/Riga", "Sofia": "Europe/Sofia",
        "Tallinn": "Europe/Tallinn", "Vilnius": "Europe/Vilnius", "Baghdad": "Asia/Baghdad",
        "Istanbul": "Europe/Istanbul", "Kuwait": "Asia/Kuwait", "Minsk": "Europe/Minsk", "Moscow": "Europe/Moscow",
        "Nairobi": "Africa/Nairobi", "Riyadh": "Asia/Riyadh", "Tehran": "Asia/Tehran", "Abu Dhabi": "Asia/Muscat",
        "Baku": "Asia/Baku", "Muscat": "Asia/Muscat", "Kabul": "Asia/Kabul", "Karachi": "Asia/Karachi",
        "Tashkent": "Asia/Tashkent", "Chennai": "Asia/Kolkata", "Kolkata": "Asia/Kolkata", "Mumbai": "Asia/Kolkata",
        "New Delhi": "Asia/Kolkata", "Kathmandu": "Asia/Kathmandu", "Dhaka": "Asia/Dhaka", "Almaty": "Asia/Almaty",
        "Rangoon": "Asia/Rangoon", "Bangkok": "Asia/Bangkok", "Hanoi": "Asia/Bangkok", "Jakarta": "Asia/Jakarta",
        "Beijing": "Asia/Shanghai", "Chongqing": "Asia/Chongqing", "Hong Kong": "Asia/Hong_Kong",
        "Kuala Lumpur": "Asia/Kuala_Lumpur", "Perth": "Australia/Perth", "Singapore": "Asia/Singapore",
        "Taipei": "Asia/Taipei", "Ulaanbaatar": "Asia/Ulaanbaatar", "Osaka": "Asia/Tokyo", "Sapporo": "Asia/Tokyo",
        "Seoul": "Asia/Seoul", "Tokyo": "Asia/Tokyo", "Adelaide": "Australia/Adelaide", "Darwin": "Australia/Darwin",
        "Brisbane": "Australia/Brisbane", "Canberra": "Australia/Melbourne", "Guam": "Pacific/Guam",
        "Hobart": "Australia/Hobart", "Melbourne": "Australia/Melbourne", "Sydney": "Australia/Sydney",
        "Auckland": "Pacific/Auckland", "Fiji": "Pacific/Fiji", "Wellington": "Pacific/Auckland",
        "Nuku'alofa": "Pacific/Tongatapu", "Samoa": "Pacific/Apia",
    ]
}
