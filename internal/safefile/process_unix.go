//go:build unix

package safefile

import (
	"errors"
	"syscall"
)

// running reports whether a process with this id exists (it may be
// another user's, which a signal 0 cannot reach but still finds).
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
