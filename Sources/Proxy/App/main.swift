import NIOCore
import NIOPosix

// The thread pool's size must be set before the pool exists, hence here, first.
if let threads = EventLoopThreads.requested() { NIOSingletons.groupLoopCountSuggestion = threads }
// Run Swift concurrency on NIO's event loops: the server, the upstream client and the handlers then share
// threads, and an await no longer hops between two thread pools. It only works before any task has run,
// hence here, first.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
await PrismCommand.start()
