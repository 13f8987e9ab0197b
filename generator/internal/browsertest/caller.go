package browsertest

import goruntime "runtime"

// callerFile returns this package's source file, to find the artifacts
// folder beside it.
func callerFile() (uintptr, string, int, bool) { return goruntime.Caller(0) }
