import Foundation

/// Hands a link to the desktop's viewer or player: `xdg-open`, or `open` on macOS. The terminal belongs to
/// curses, so the opener's input and output go to /dev/null; it runs on its own and only a failure to
/// start it, or its failing exit status, is reported.
enum URLOpener {
    static func open(_ url: String, failed: @escaping @Sendable (ClientError) -> Void) {
        #if os(macOS)
        let command = "open"
        #else
        let command = "xdg-open"
        #endif
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command, url]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.terminationHandler = { finished in
            switch finished.terminationStatus {
            case 0: break
            case 127: failed(ClientError("Cannot open the link: \(command) is not installed (on Linux it comes with xdg-utils)."))
            default: failed(ClientError("\(command) could not open the link (exit status \(finished.terminationStatus)): is a browser or player set up?"))
            }
        }
        do {
            try process.run()
        } catch {
            failed(ClientError("Cannot open the link: /usr/bin/env \(command) did not start."))
        }
    }
}
