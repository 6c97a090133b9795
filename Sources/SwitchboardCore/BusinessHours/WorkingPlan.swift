/// A calendar's schedule flattened for the arithmetic.
///
/// Every day's working spans sit in one array as seconds from that day's local midnight,
/// sorted by start, and a day number finds its slice through the weekly, dated and yearly
/// tables without allocating: walking a year touches nothing but integers.
struct WorkingPlan: Sendable {
    struct Span: Sendable {
        let start: Int
        let end: Int
    }

    private(set) var spans: [Span] = []
    private var weekly: [Range<Int>] = []
    private var dated: [Int: Range<Int>] = [:]
    /// Indexed by `(month - 1) * 31 + (day - 1)`.
    private var yearly: [Range<Int>?] = Array(repeating: nil, count: 12 * 31)
    private let hasYearly: Bool
    private let firstDatedDay: Int
    let lastDatedDay: Int

    /// Working time keeps coming back for ever: the week has some, or a yearly half day does.
    /// When false, nothing is open after `lastDatedDay`.
    let recurs: Bool
    let isEverOpen: Bool

    init(week: WeeklySchedule, holidays: [Holiday]) {
        var datedDays: [Int] = []
        var hasYearly = false
        var yearlyHours = false
        var datedHours = false
        for holiday in holidays {
            switch holiday.occurrence {
            case .date(let year, let month, let day):
                datedDays.append(CivilDay.dayNumber(year: year, month: month, day: day))
                datedHours = datedHours || !holiday.hours.isEmpty
            case .yearly:
                hasYearly = true
                yearlyHours = yearlyHours || !holiday.hours.isEmpty
            }
        }
        self.hasYearly = hasYearly
        firstDatedDay = datedDays.min() ?? Int.max
        lastDatedDay = datedDays.max() ?? Int.min
        recurs = !week.isClosed || yearlyHours
        isEverOpen = recurs || datedHours

        for weekday in WeeklySchedule.Weekday.allCases {
            weekly.append(append(week[weekday]))
        }
        for holiday in holidays {
            switch holiday.occurrence {
            case .date(let year, let month, let day):
                let dayNumber = CivilDay.dayNumber(year: year, month: month, day: day)
                if dated[dayNumber] == nil {
                    dated[dayNumber] = append(holiday.hours)
                }
            case .yearly(let month, let day):
                let index = (month - 1) * 31 + (day - 1)
                if yearly[index] == nil {
                    yearly[index] = append(holiday.hours)
                }
            }
        }
    }

    private mutating func append(_ intervals: [WorkingInterval]) -> Range<Int> {
        let first = spans.count
        spans += intervals
            .sorted { $0.startSecond < $1.startSecond }
            .map { Span(start: $0.startSecond, end: $0.endSecond) }
        return first..<spans.count
    }

    /// Indices into `spans` of the intervals that start on local day `day`.
    func spans(forDay day: Int) -> Range<Int> {
        if day >= firstDatedDay, day <= lastDatedDay, let hours = dated[day] {
            return hours
        }
        if hasYearly {
            let date = CivilDay.date(ofDay: day)
            if let hours = yearly[(date.month - 1) * 31 + (date.day - 1)] {
                return hours
            }
        }
        return weekly[CivilDay.weekday(ofDay: day).rawValue]
    }
}
