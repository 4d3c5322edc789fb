//go:build unix

package safefile

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives file the owner and group of orig when they differ,
// which only an administrator may do; otherwise it does nothing.
func keepOwner(file string, orig fs.FileInfo) {
	want, ok := orig.Sys().(*syscall.Stat_t)
	if !ok {
		return
	}
	now, err := os.Stat(file)
	if err != nil {
		return
	}
	if got, ok := now.Sys().(*syscall.Stat_t); ok && (got.Uid != want.Uid || got.Gid != want.Gid) {
		_ = os.Chown(file, int(want.Uid), int(want.Gid))
	}
}
