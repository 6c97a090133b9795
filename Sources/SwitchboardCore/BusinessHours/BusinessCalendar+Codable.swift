import Foundation

/// The JSON shape is documented on ``BusinessCalendar``. Decoding validates the whole
/// calendar, so a decoded calendar is always a usable one.
extension BusinessCalendar: Codable {
    private enum CodingKeys: String, CodingKey {
        case timeZone, week, holidays
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let identifier = try container.decode(String.self, forKey: .timeZone)
        let week = try container.decode(WeeklySchedule.self, forKey: .week)
        let holidays = try container.decodeIfPresent([Holiday].self, forKey: .holidays) ?? []
        do throws(BusinessCalendarError) {
            try self.init(timeZone: identifier, week: week, holidays: holidays)
        } catch {
            throw error.nested(under: decoder.codingPath).decodingError(at: decoder.codingPath)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(timeZoneIdentifier, forKey: .timeZone)
        try container.encode(week, forKey: .week)
        try container.encode(holidays, forKey: .holidays)
    }

    /// Reads a calendar from a JSON body, reporting any problem by field: the form an API
    /// handler wants for a problem+json response.
    public init(json: Data) throws(BusinessCalendarError) {
        do {
            self = try JSONDecoder().decode(BusinessCalendar.self, from: json)
        } catch let error as DecodingError {
            throw BusinessCalendarError(error)
        } catch {
            throw BusinessCalendarError(reason: .unreadable(String(describing: error)))
        }
    }
}
