import NIOCore
import PrismShared

/// Numbers Responses events and writes them as SSE with `event:` lines (SPEC §4).
struct ResponsesEventEncoder {
    private var sequenceNumber = 0

    mutating func encode(_ events: [ResponseEvent]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for event in events {
            ServerSentEvent(event: event.type, data: event.json(sequenceNumber: sequenceNumber).serialized()).write(to: &buffer)
            sequenceNumber += 1
        }
        return buffer
    }
}
