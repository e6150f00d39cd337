import Prometheus
import Storage

extension GatewayMetrics {
    /// The keys of one pool by state (SPEC §14 `keys: {usable, cooling, benched}`).
    static func keyStates(_ pool: KeyPool) -> (usable: Int, cooling: Int, benched: Int) {
        var counts = (usable: 0, cooling: 0, benched: 0)
        for key in pool.snapshot() {
            if key.benchedForSeconds != nil {
                counts.benched += 1
            } else if key.coolingForSeconds != nil {
                counts.cooling += 1
            } else {
                counts.usable += 1
            }
        }
        return counts
    }

    /// Sets the gauges of the present — circuits, keys by state, running jobs by model — and writes the
    /// exposition. A job store that fails leaves the jobs gauge as it was.
    func scrape(breakers: CircuitBreakers, pools: [String: KeyPool], jobs: any JobStore) async -> [UInt8] {
        for (provider, pool) in pools {
            gauge("prism_circuit_open", ["provider"], [provider]).set(to: breakers.state(of: provider) == .closed ? 0 : 1)
            let states = Self.keyStates(pool)
            gauge("prism_provider_keys", ["provider", "state"], [provider, "usable"]).set(to: Double(states.usable))
            gauge("prism_provider_keys", ["provider", "state"], [provider, "cooling"]).set(to: Double(states.cooling))
            gauge("prism_provider_keys", ["provider", "state"], [provider, "benched"]).set(to: Double(states.benched))
        }
        if let unfinished = try? await jobs.unfinished() {
            var running: [String: Int] = [:]
            for job in unfinished { running[models.label(job.model), default: 0] += 1 }
            // Models seen before and idle now read 0, not their last count.
            for model in runningModels(adding: Set(running.keys)) {
                gauge("prism_jobs_running", ["model"], [model]).set(to: Double(running[model] ?? 0))
            }
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 << 10)
        registry.emit(into: &buffer)
        return buffer
    }

    private func gauge(_ name: String, _ labels: [String], _ values: [String]) -> Gauge {
        registry.makeGauge(descriptor: Self.descriptor(name), labels: Array(zip(labels, values)))
    }
}
