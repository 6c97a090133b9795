// Micro-benchmarks of pure code paths. `ops/bench/*.sh` run them in release mode.
//
//   switchboard-bench business-hours   business-time arithmetic (SwitchboardCore)
//   switchboard-bench message-format   ICU message formatting (SwitchboardICU)
//   switchboard-bench triggers         choosing and testing triggers per ticket event (SwitchboardCore)

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "business-hours":
    BusinessHoursBenchmark.run(arguments: Array(arguments.dropFirst()))
case "message-format":
    MessageFormatBenchmark.run(arguments: Array(arguments.dropFirst()))
case "triggers":
    TriggerBenchmark.run(arguments: Array(arguments.dropFirst()))
default:
    print("usage: switchboard-bench business-hours | message-format | triggers")
}
