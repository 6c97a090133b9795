import Foundation

/// Service-level targets a ticket is held to (AUTO-6), each measured in working time of a
/// business-hours calendar: so many working hours to the first response, to each next
/// response, to resolution, and in all for the customer to wait.
public struct SLAPolicy: Sendable, Hashable, Codable {
    public enum Target: String, Sendable, Hashable, Codable, CaseIterable {
        /// From creation to the first public reply by an agent.
        case firstResponse = "first_response"
        /// From each customer message that waits for an answer to the agent reply that answers it.
        case nextResponse = "next_response"
        /// From creation to resolution; reopening continues the same clock.
        case resolution
        /// All the time the ticket spends awaiting an agent.
        case totalUserWaiting = "total_user_waiting"
    }

    /// When a target turns amber, and when it fails, in working time since its clock started.
    public struct Limit: Sendable, Hashable, Codable {
        public var warning: TimeInterval?
        public var failure: TimeInterval

        public init(warning: TimeInterval? = nil, failure: TimeInterval) {
            self.warning = warning
            self.failure = failure
        }
    }

    public var name: String
    public var limits: [Target: Limit]

    public init(name: String, limits: [Target: Limit]) {
        self.name = name
        self.limits = limits
    }
}

/// What happened to a ticket that SLAs measure, with when.
public enum SLAEvent: Sendable, Hashable {
    case created(Date)
    /// The ticket moved to this status.
    case status(Ticket.Status, Date)
    /// A public reply by an agent (notes do not count).
    case agentReply(Date)
    /// A message from the customer.
    case customerMessage(Date)

    public var date: Date {
        switch self {
        case .created(let date), .status(_, let date), .agentReply(let date), .customerMessage(let date): date
        }
    }
}

/// Where one target of one policy stands at a moment.
public struct SLAStatus: Sendable, Hashable, Codable {
    public enum Phase: String, Sendable, Hashable, Codable {
        /// Counting, before its warning time.
        case running
        /// Counting, past its warning time (amber).
        case warning
        /// Past its failure time (red), whether or not it was met later.
        case failed
        /// Met in time.
        case met
        /// Not counting now (awaiting the customer, pending, or nothing to answer yet).
        case paused
    }

    public var target: SLAPolicy.Target
    public var phase: Phase
    /// Working time counted so far, in seconds.
    public var elapsed: TimeInterval
    /// When it turns amber and red if its clock keeps running from now (nil once passed or met).
    public var warningAt: Date?
    public var failureAt: Date?
    /// When it was met, or when it failed.
    public var completedAt: Date?
}

/// Computes SLA states from a ticket's events. Pure: the same events, calendar and `now` give
/// the same answer, so it is tested with an injected clock and recomputed whenever a ticket
/// changes.
///
/// Clocks run only in working time, and only while the ticket is open and not waiting on the
/// customer: `awaiting_user` and `pending` pause first response, next response and resolution;
/// total user waiting counts only while the ticket is awaiting an agent.
public struct SLAEvaluator: Sendable {
    public let calendar: BusinessCalendar

    public init(calendar: BusinessCalendar) {
        self.calendar = calendar
    }

    public func evaluate(_ policy: SLAPolicy, events: [SLAEvent], now: Date) -> [SLAStatus] {
        let ordered = events.sorted { $0.date < $1.date }
        return SLAPolicy.Target.allCases.compactMap { target in
            policy.limits[target].map { evaluate(target, limit: $0, events: ordered, now: now) }
        }
    }

    /// A stretch of real time during which a target's clock runs.
    private struct Stretch {
        var start: Date
        var end: Date
    }

    private func evaluate(_ target: SLAPolicy.Target, limit: SLAPolicy.Limit, events: [SLAEvent], now: Date) -> SLAStatus {
        var stretches: [Stretch] = []
        var runningSince: Date?
        var status = Ticket.Status.awaitingAgent
        // Whether this target's current cycle is open, and when the last one closed.
        var active = false
        var completedAt: Date?
        var answered = false

        // The clock runs while the cycle is open and the ticket awaits an agent.
        func sync(at date: Date) {
            let run = active && status == .awaitingAgent
            if run, runningSince == nil {
                runningSince = date
            } else if !run, let since = runningSince {
                stretches.append(Stretch(start: since, end: date))
                runningSince = nil
            }
        }
        func open(at date: Date) {
            active = true
            completedAt = nil
            sync(at: date)
        }
        func complete(at date: Date) {
            active = false
            completedAt = date
            sync(at: date)
        }

        for event in events where event.date <= now {
            switch event {
            case .created(let date):
                if target != .nextResponse { open(at: date) }
            case .status(let newStatus, let date):
                let wasResolved = status == .resolved || status == .closed
                let isResolved = newStatus == .resolved || newStatus == .closed
                status = newStatus
                if target == .resolution, isResolved, active {
                    complete(at: date)
                } else if target == .resolution, wasResolved, !isResolved, completedAt != nil {
                    open(at: date)  // reopened: the same clock goes on
                } else {
                    sync(at: date)
                }
            case .agentReply(let date):
                answered = true
                if target == .firstResponse || target == .nextResponse, active { complete(at: date) }
            case .customerMessage(let date):
                // A customer message after an answer starts a new next-response cycle.
                if target == .nextResponse, answered, !active {
                    stretches = []
                    open(at: date)
                }
            }
        }
        if let since = runningSince { stretches.append(Stretch(start: since, end: now)) }

        // Walk the counted stretches to find the elapsed time and the moments it crossed
        // its limits.
        var elapsed: TimeInterval = 0
        var warnedAt: Date?
        var failedAt: Date?
        for stretch in stretches {
            let length = calendar.businessTime(from: stretch.start, to: stretch.end)
            if let warning = limit.warning, warnedAt == nil, elapsed + length >= warning {
                warnedAt = calendar.add(warning - elapsed, to: stretch.start)
            }
            if failedAt == nil, elapsed + length >= limit.failure {
                failedAt = calendar.add(limit.failure - elapsed, to: stretch.start)
            }
            elapsed += length
        }
        let counting = runningSince != nil
        let phase: SLAStatus.Phase
        if failedAt != nil {
            phase = .failed
        } else if !active, completedAt != nil {
            phase = .met
        } else if !counting {
            phase = .paused
        } else if warnedAt != nil {
            phase = .warning
        } else {
            phase = .running
        }
        return SLAStatus(
            target: target, phase: phase, elapsed: elapsed,
            warningAt: counting && warnedAt == nil ? limit.warning.flatMap { calendar.add($0 - elapsed, to: now) } : nil,
            failureAt: counting && failedAt == nil ? calendar.add(limit.failure - elapsed, to: now) : nil,
            completedAt: failedAt ?? (active ? nil : completedAt)
        )
    }
}

/// Limits are written as an object keyed by target name.
extension SLAPolicy.Target: CodingKeyRepresentable {}
