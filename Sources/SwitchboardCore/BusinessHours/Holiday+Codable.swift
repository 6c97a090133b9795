/// JSON shapes, `name` and `hours` optional in both:
///
/// ```json
/// {"date": "2026-12-25", "name": "Christmas Day"}
/// {"month": 1, "day": 1, "recurring": true, "name": "New Year's Day"}
/// {"date": "2026-12-24", "name": "Christmas Eve", "hours": [{"start": "09:00", "end": "13:00"}]}
/// ```
///
/// `recurring` may be left out when `month` and `day` are given, but a holiday that mixes the
/// two forms, or says `"recurring": false` without a date, is rejected: each reading would
/// surprise someone.
extension Holiday: Codable {
    private enum CodingKeys: String, CodingKey {
        case date, month, day, recurring, name, hours
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let date = try container.decodeIfPresent(String.self, forKey: .date)
        let month = try container.decodeIfPresent(Int.self, forKey: .month)
        let day = try container.decodeIfPresent(Int.self, forKey: .day)
        let recurring = try container.decodeIfPresent(Bool.self, forKey: .recurring)
        let name = try container.decodeIfPresent(String.self, forKey: .name)
        let hours = try container.decodeIfPresent([WorkingInterval].self, forKey: .hours) ?? []

        do throws(BusinessCalendarError) {
            switch (date, month, day, recurring) {
            case (let date?, nil, nil, nil), (let date?, nil, nil, false?):
                try self.init(date: date, name: name, hours: hours)
            case (nil, let month?, let day?, nil), (nil, let month?, let day?, true?):
                try self.init(.yearly(month: month, day: day), name: name, hours: hours)
            case (nil, _?, nil, nil), (nil, _?, nil, true?):
                throw BusinessCalendarError(field: "day", reason: .missing)
            case (nil, nil, _?, nil), (nil, nil, _?, true?):
                throw BusinessCalendarError(field: "month", reason: .missing)
            default:
                throw BusinessCalendarError(reason: .ambiguousHoliday)
            }
        } catch {
            throw error.nested(under: decoder.codingPath).decodingError(at: decoder.codingPath)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch occurrence {
        case .date:
            try container.encode(occurrence.description, forKey: .date)
        case .yearly(let month, let day):
            try container.encode(month, forKey: .month)
            try container.encode(day, forKey: .day)
            try container.encode(true, forKey: .recurring)
        }
        try container.encodeIfPresent(name, forKey: .name)
        if !hours.isEmpty {
            try container.encode(hours, forKey: .hours)
        }
    }
}
