extension BusinessCalendar {
    /// Checks what a single interval or holiday cannot check on its own: how they sit together.
    /// Fields are named as in the JSON shape so errors point at the value to fix.
    static func validate(week: WeeklySchedule, holidays: [Holiday]) throws(BusinessCalendarError) {
        for weekday in WeeklySchedule.Weekday.allCases {
            let path = "week.\(weekday.key)"
            try checkNoOverlap(week[weekday], path: path)

            let following = weekday.next
            for (lateIndex, late) in week[weekday].enumerated() where late.endSecond > CivilDay.secondsPerDay {
                let carriedEnd = late.endSecond - CivilDay.secondsPerDay
                if let earlyIndex = week[following].firstIndex(where: { $0.startSecond < carriedEnd }) {
                    throw BusinessCalendarError(
                        field: "\(path)[\(lateIndex)]",
                        reason: .overlaps("week.\(following.key)[\(earlyIndex)]")
                    )
                }
            }
        }

        var firstListing: [Holiday.Occurrence: Int] = [:]
        for (index, holiday) in holidays.enumerated() {
            try checkNoOverlap(holiday.hours, path: "holidays[\(index)].hours")
            if let earlier = firstListing[holiday.occurrence] {
                throw BusinessCalendarError(field: "holidays[\(index)]", reason: .duplicateHoliday("holidays[\(earlier)]"))
            }
            firstListing[holiday.occurrence] = index
        }
    }

    /// Sorted by start, a list is free of overlaps exactly when each interval ends no later
    /// than the next one starts, so neighbours are all that need comparing.
    private static func checkNoOverlap(_ intervals: [WorkingInterval], path: String) throws(BusinessCalendarError) {
        let order = intervals.indices.sorted {
            (intervals[$0].startSecond, $0) < (intervals[$1].startSecond, $1)
        }
        for (earlier, later) in zip(order, order.dropFirst())
        where intervals[later].startSecond < intervals[earlier].endSecond {
            throw BusinessCalendarError(
                field: "\(path)[\(max(earlier, later))]",
                reason: .overlaps("\(path)[\(min(earlier, later))]")
            )
        }
    }
}
