-- wrk script: each request creates a ticket through the API.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Host"] = "loadtest.localhost"
wrk.headers["Authorization"] = "Bearer sbk_loadtest_benchmark_key_for_loopback_use_only_0001"
wrk.body = '{"subject":"프린터가 작동하지 않습니다 / The printer does not work","body":"안녕하세요, 3층 프린터가 오늘 아침부터 인쇄되지 않습니다. Hello, the printer on the third floor has not printed since this morning.","priority":"normal","department":"Support","labels":["hardware"]}'

done = function(summary, latency, requests)
    io.write(string.format("RESULT requests=%d errors=%d p50_ms=%.2f p99_ms=%.2f\n",
        summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
