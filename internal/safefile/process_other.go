//go:build !unix

package safefile

import "os"

// running reports whether a process with this id exists.
func running(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}
