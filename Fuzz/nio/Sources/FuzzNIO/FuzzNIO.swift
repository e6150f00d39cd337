// Empty on purpose: this target only makes SwiftPM build NIOCore for Fuzz/build.sh.
import NIOCore
